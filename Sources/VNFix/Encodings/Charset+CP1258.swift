extension SingleByteCodec {
    /// Windows-1258. Precomposed: the modified letters Ă Â Ê Ô Ơ Ư Đ and some Latin-1 toned
    /// vowels (à á è é ì í ò ó ù ú ý…); every other toned letter is a base letter followed by one
    /// of five combining tone bytes: 0xCC grave, 0xEC acute, 0xDE tilde, 0xD2 hook, 0xF2 dot below.
    /// Decoding composes them (the TextNormalizer collects mark slots, so `ệ` = `ê`+0xF2 is safe);
    /// encoding writes a letter precomposed when the charset has it, else base + tone byte — the
    /// step that `iconv -t cp1258` skips (it wrote `B?n g?p` for `Bạn gặp`).
    static let cp1258 = SingleByteCodec(name: Charset.cp1258.name, table: LegacyTables.cp1258)
}
