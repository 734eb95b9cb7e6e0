/// Characters that look like Vietnamese marks or letters and that OCR engines, old fonts and
/// keyboard drivers leave in text. Each is folded only where the result is a valid Vietnamese
/// syllable, so `Ð` in Icelandic or a lone `´` stays as it is.
public enum Lookalikes {
    /// What a lookalike scalar stands for.
    public enum Meaning: Sendable, Equatable {
        case tone(Tone)
        case modifier(LetterModifier)
        case letter(VietnameseLetter)
    }

    /// The one table of lookalikes: scalar, meaning, and whether it is a combining mark.
    public static let table: [(scalar: Unicode.Scalar, meaning: Meaning, note: String)] = [
        ("\u{00D0}", .letter(VietnameseLetter(base: 0x64, modifier: .stroke, isUppercase: true)), "Ð eth for Đ"),
        ("\u{00F0}", .letter(VietnameseLetter(base: 0x64, modifier: .stroke)), "ð eth for đ"),
        ("\u{0189}", .letter(VietnameseLetter(base: 0x64, modifier: .stroke, isUppercase: true)), "Ɖ African D for Đ"),
        ("\u{0256}", .letter(VietnameseLetter(base: 0x64, modifier: .stroke)), "ɖ African d for đ"),
        ("\u{0340}", .tone(.grave), "deprecated combining grave tone mark"),
        ("\u{0341}", .tone(.acute), "deprecated combining acute tone mark"),
        ("\u{00B4}", .tone(.acute), "spacing acute accent glued to a vowel"),
        ("\u{02CA}", .tone(.acute), "modifier letter acute glued to a vowel"),
        ("\u{02CB}", .tone(.grave), "modifier letter grave glued to a vowel"),
        ("\u{02DC}", .tone(.tilde), "spacing small tilde glued to a vowel"),
        ("\u{02C0}", .tone(.hook), "modifier glottal stop used as hook above"),
        ("\u{02C6}", .modifier(.circumflex), "modifier circumflex glued to a vowel"),
        ("\u{02D8}", .modifier(.breve), "spacing breve glued to a vowel"),
        ("\u{0342}", .tone(.tilde), "Greek perispomeni used as tilde"),
        ("\u{0313}", .modifier(.horn), "combining comma above used as horn"),
        ("\u{031B}", .modifier(.horn), "combining horn"),
    ]

    /// The standard combining marks of Vietnamese in NFD.
    static func combiningMeaning(_ scalar: UInt32) -> Meaning? {
        switch scalar {
        case 0x0300: .tone(.grave)
        case 0x0301: .tone(.acute)
        case 0x0303: .tone(.tilde)
        case 0x0309: .tone(.hook)
        case 0x0323: .tone(.dot)
        case 0x0302: .modifier(.circumflex)
        case 0x0306: .modifier(.breve)
        case 0x031B: .modifier(.horn)
        default: nil
        }
    }

    static let lookalikeByScalar: [UInt32: Meaning] = {
        var map: [UInt32: Meaning] = [:]
        for entry in table { map[entry.scalar.value] = entry.meaning }
        return map
    }()

    /// Spacing or non-standard scalars that are lookalikes (not the standard combining marks).
    @inline(__always)
    static func isLookalike(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x00B4, 0x00D0, 0x00F0, 0x0189, 0x0256, 0x02C0, 0x02C6, 0x02CA, 0x02CB, 0x02D8, 0x02DC,
             0x0313, 0x0340, 0x0341, 0x0342: true
        default: false
        }
    }
}
