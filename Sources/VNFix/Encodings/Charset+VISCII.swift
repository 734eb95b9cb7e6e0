extension SingleByteCodec {
    /// VISCII 1.1 (RFC 1456, Viet-Std 1992): all 134 letters in one byte each. To fit, six
    /// capitals take C0 control positions (0x02 Ẳ, 0x05 Ẵ, 0x06 Ẫ, 0x14 Ỷ, 0x19 Ỹ, 0x1E Ỵ), so
    /// those controls cannot be written. Table as glibc's `iconv -f VISCII` reads it.
    static let viscii = SingleByteCodec(name: Charset.viscii.name, table: LegacyTables.viscii)
}
