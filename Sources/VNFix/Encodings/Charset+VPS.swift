extension SingleByteCodec {
    /// VPS (Vietnamese Professionals Society), positions as UniKey's VnConv writes them over a
    /// Windows-1252 font. A few uppercase toned vowels share the byte of their lowercase letter
    /// (`Charset.vps.unencodableLetters` lists them): encoding one throws, lossy writes lowercase.
    static let vps = SingleByteCodec(name: Charset.vps.name, table: LegacyTables.vps)
}
