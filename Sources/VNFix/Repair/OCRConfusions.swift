/// Confusions that English-model OCR makes on Vietnamese and that the bundled OCR pairs
/// under-represent (shared/tools/README.md, "Realism": Đ read as P in 42% and as B in 4% of cases
/// in real scans against ~2% in the synthetic pairs; `&`, `¥` and `§` 5–20× rarer). They are added
/// to the learned counts as pseudo-counts, so the learned data still dominates where it has evidence.
enum OCRConfusions {
    /// (intended letters, observed chunk, pseudo-count per 100 occurrences of the letter).
    static let manual: [(gold: String, observed: String, perHundred: Float)] = {
        var rows: [(String, String, Float)] = [
            ("đ", "p", 30), ("đ", "b", 5), ("đ", "bp", 3), ("đ", "dp", 2), ("đ", "pb", 1), ("đ", "@", 1),
            ("ơ", "&", 2), ("ở", "&", 6), ("ớ", "&", 2), ("ờ", "&", 2), ("ợ", "&", 1),
            ("ề", "&", 4), ("ế", "&", 4), ("ể", "&", 3), ("ễ", "&", 1), ("ệ", "&", 1), ("ê", "&", 1),
            ("ý", "¥", 10), ("ỹ", "¥", 10), ("ỳ", "¥", 3), ("ỷ", "¥", 3), ("ỹ", "§", 5), ("ý", "§", 2),
            ("c", "¢", 2), ("ă", "i", 3), ("â", "i", 2),
            // Digits and letters that English-model OCR of real scans reads for horned and
            // circumflexed o (`s0` sở, `sb` số, `dbi` đối, `B9` Bộ), rare in the rendered pairs.
            ("ở", "0", 2), ("ơ", "0", 1), ("ờ", "0", 1), ("ớ", "0", 1), ("ợ", "0", 1),
            ("ố", "b", 2), ("ổ", "b", 1), ("ồ", "b", 1), ("ộ", "9", 1), ("ố", "d", 1), ("ớ", "d", 1), ("ấ", "d", 1),
        ]
        return rows
    }()

    /// Symbols that stand for letters in OCR output (`¢6` có, `k¥` kỹ, `s&` sở, `@6` đó, `M§` Mỹ,
    /// `$6` số: 11 times in the training pairs).
    @inline(__always)
    static func isLetterLikeSymbol(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x24, 0x26, 0x40, 0xA2, 0xA5, 0xA7, 0xA3, 0xA9, 0xAE, 0xB0: true  // $ & @ ¢ ¥ § £ © ® °
        default: false
        }
    }
}
