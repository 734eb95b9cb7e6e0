extension SingleByteCodec {
    /// TCVN3, the encoding of the "ABC" fonts (.VnTime…): TCVN 5712:1993 VN3.
    ///
    /// Lowercase toned vowels and the modified capitals Ă Â Ê Ô Ơ Ư Đ have bytes; the 60 uppercase
    /// toned vowels (Á À Ả Ã Ạ … Ỵ) do not: documents set capitals in all-caps fonts (.VnTimeH)
    /// that draw the lowercase bytes as capitals. Encoding one of them throws; lossy encoding
    /// writes the lowercase byte. Bytes 0x80–0x9F are Windows-1252 symbols (curly quotes, dashes)
    /// as in the fonts, not VN1's capitals; the VN1 capitals and combining tones that sit in
    /// 0xA0–0xFF are read (so VN1 files decode) but never written.
    static let tcvn3 = SingleByteCodec(name: Charset.tcvn3.name, table: LegacyTables.tcvn3, decodeOnly: LegacyTables.tcvn3DecodeOnly)
}
