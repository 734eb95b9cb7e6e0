/// Removing marks: the key under which candidates are looked up during repair.
public enum Diacritics {
    /// Removes tones and modifiers from Vietnamese letters (`Việt` → `Viet`, `đ` → `d`), keeping
    /// case and every other character. Input in any normalization form.
    public static func strip(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let meaning = Lookalikes.combiningMeaning(scalar.value) {
                _ = meaning
                continue
            }
            let packed = LetterTables.shared.packed(scalar.value)
            if packed != 0 {
                let letter = VietnameseLetter(packed: packed).stripped
                scalars.append(Unicode.Scalar(letter.isUppercase ? letter.base - 32 : letter.base))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Strips one UTF-8 encoded NFC word into `output` (lowercased when `lowercase`); returns false
    /// when the word holds a character that is not an ASCII or Vietnamese letter.
    @inlinable
    public static func stripWord(_ word: UnsafeBufferPointer<UInt8>, lowercase: Bool, into output: inout [UInt8]) -> Bool {
        var i = 0
        while i < word.count {
            let b0 = UInt32(word[i])
            var scalar = b0
            if b0 < 0x80 {
                i += 1
            } else if b0 < 0xE0, i + 1 < word.count {
                scalar = (b0 & 0x1F) << 6 | UInt32(word[i + 1] & 0x3F); i += 2
            } else if b0 < 0xF0, i + 2 < word.count {
                scalar = (b0 & 0x0F) << 12 | UInt32(word[i + 1] & 0x3F) << 6 | UInt32(word[i + 2] & 0x3F); i += 3
            } else {
                return false
            }
            let packed = LetterTables.shared.packed(scalar)
            if packed == 0 { return false }
            let base = UInt8(truncatingIfNeeded: packed & 0x7F)
            output.append(lowercase || packed & 0x2000 == 0 ? base : base - 32)
        }
        return true
    }
}
