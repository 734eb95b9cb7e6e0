/// A tone (thanh điệu) of a Vietnamese syllable. The raw values order the marks as the
/// letter tables do: ngang, huyền, sắc, hỏi, ngã, nặng.
public enum Tone: UInt8, Sendable, CaseIterable {
    case none = 0, grave, acute, hook, tilde, dot

    /// The combining mark that writes this tone in NFD, or nil for `none`.
    public var combiningMark: Unicode.Scalar? {
        switch self {
        case .none: nil
        case .grave: "\u{0300}"
        case .acute: "\u{0301}"
        case .hook: "\u{0309}"
        case .tilde: "\u{0303}"
        case .dot: "\u{0323}"
        }
    }
}

/// The mark that changes a base letter into another letter of the alphabet (ă, â, ê, ô, ơ, ư, đ).
public enum LetterModifier: UInt8, Sendable, CaseIterable {
    case none = 0, breve, circumflex, horn, stroke

    /// The combining mark that writes this modifier in NFD (đ has none: it never decomposes).
    public var combiningMark: Unicode.Scalar? {
        switch self {
        case .none, .stroke: nil
        case .breve: "\u{0306}"
        case .circumflex: "\u{0302}"
        case .horn: "\u{031B}"
        }
    }
}

/// One letter of the Vietnamese alphabet with its parts as data: ASCII base (`a`…`z`, lowercase),
/// modifier, tone and case. `ệ` is (`e`, circumflex, dot, lowercase).
public struct VietnameseLetter: Hashable, Sendable {
    public var base: UInt8
    public var modifier: LetterModifier
    public var tone: Tone
    public var isUppercase: Bool

    @inlinable
    public init(base: UInt8, modifier: LetterModifier = .none, tone: Tone = .none, isUppercase: Bool = false) {
        self.base = base
        self.modifier = modifier
        self.tone = tone
        self.isUppercase = isUppercase
    }

    /// True for the twelve vowel letters (with any tone).
    @inlinable public var isVowel: Bool { VietnameseLetter.vowelIndex(base: base, modifier: modifier) != nil }

    /// Index 0…11 of a vowel (a ă â e ê i o ô ơ u ư y), or nil when base+modifier is not a vowel.
    @inlinable
    static func vowelIndex(base: UInt8, modifier: LetterModifier) -> Int? {
        switch (base, modifier) {
        case (0x61, .none): 0
        case (0x61, .breve): 1
        case (0x61, .circumflex): 2
        case (0x65, .none): 3
        case (0x65, .circumflex): 4
        case (0x69, .none): 5
        case (0x6F, .none): 6
        case (0x6F, .circumflex): 7
        case (0x6F, .horn): 8
        case (0x75, .none): 9
        case (0x75, .horn): 10
        case (0x79, .none): 11
        default: nil
        }
    }

    /// The letter as one Unicode scalar, or nil when the combination is not a Vietnamese letter
    /// (`ŷ`, a toned consonant, đ with a tone…).
    public var scalar: Unicode.Scalar? {
        let raw = LetterTables.shared.scalar(for: self)
        return raw == 0 ? nil : Unicode.Scalar(raw)
    }

    /// The letter for a scalar: any ASCII letter or any precomposed Vietnamese letter; nil otherwise.
    @inlinable
    public init?(_ scalar: Unicode.Scalar) {
        let packed = LetterTables.shared.packed(scalar.value)
        guard packed != 0 else { return nil }
        self = VietnameseLetter(packed: packed)
    }

    /// Packed form used by the byte-level tables: bit 15 set, bits 0–6 base, 7–9 modifier,
    /// 10–12 tone, 13 uppercase.
    @inlinable
    init(packed: UInt16) {
        base = UInt8(truncatingIfNeeded: packed & 0x7F)
        modifier = LetterModifier(rawValue: UInt8(truncatingIfNeeded: (packed >> 7) & 7)) ?? .none
        tone = Tone(rawValue: UInt8(truncatingIfNeeded: (packed >> 10) & 7)) ?? .none
        isUppercase = packed & 0x2000 != 0
    }

    @inlinable
    var packed: UInt16 {
        0x8000 | UInt16(base) | UInt16(modifier.rawValue) << 7 | UInt16(tone.rawValue) << 10
            | (isUppercase ? 0x2000 : 0)
    }

    /// The same letter without tone and modifier (`ệ` → `e`, `Đ` → `D`).
    @inlinable public var stripped: VietnameseLetter { VietnameseLetter(base: base, isUppercase: isUppercase) }
}

/// Flat lookup tables between scalars and letters, built once from the generated letter list.
@usableFromInline
final class LetterTables: Sendable {
    @usableFromInline static let shared = LetterTables()

    /// Highest scalar that is a Vietnamese letter (ỹ U+1EF9).
    @usableFromInline static let limit: UInt32 = 0x1F00

    /// scalar → packed letter (0 for anything else). Covers U+0000…U+1EFF.
    @usableFromInline let packedByScalar: [UInt16]
    /// (vowel index 0…11, or 12/13 for d/đ) × 6 tones × 2 cases → scalar.
    let scalarByLetter: [UInt32]

    private init() {
        var packed = [UInt16](repeating: 0, count: Int(LetterTables.limit))
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
            packed[Int(byte)] = VietnameseLetter(base: byte).packed
            packed[Int(byte - 32)] = VietnameseLetter(base: byte, isUppercase: true).packed
        }
        var scalars = [UInt32](repeating: 0, count: 14 * 6 * 2)
        for entry in VietnameseLetter.generatedTable {
            let letter = VietnameseLetter(
                base: entry.base, modifier: LetterModifier(rawValue: entry.modifier)!,
                tone: Tone(rawValue: entry.tone)!, isUppercase: entry.uppercase)
            packed[Int(entry.scalar)] = letter.packed
        }
        // Every vowel with every tone, both cases, including plain ASCII vowels.
        for entry in VietnameseLetter.generatedTable {
            let letter = VietnameseLetter(
                base: entry.base, modifier: LetterModifier(rawValue: entry.modifier)!,
                tone: Tone(rawValue: entry.tone)!, isUppercase: entry.uppercase)
            scalars[LetterTables.slot(letter)!] = entry.scalar
        }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
            for upper in [false, true] {
                let letter = VietnameseLetter(base: byte, isUppercase: upper)
                if let slot = LetterTables.slot(letter) { scalars[slot] = UInt32(upper ? byte - 32 : byte) }
            }
        }
        packedByScalar = packed
        scalarByLetter = scalars
    }

    static func slot(_ letter: VietnameseLetter) -> Int? {
        let row: Int
        if let vowel = VietnameseLetter.vowelIndex(base: letter.base, modifier: letter.modifier) {
            row = vowel
        } else if letter.base == UInt8(ascii: "d"), letter.tone == .none {
            switch letter.modifier {
            case .none: row = 12
            case .stroke: row = 13
            default: return nil
            }
        } else {
            return nil
        }
        return (row * 6 + Int(letter.tone.rawValue)) * 2 + (letter.isUppercase ? 1 : 0)
    }

    @inlinable @inline(__always)
    func packed(_ scalar: UInt32) -> UInt16 {
        scalar < LetterTables.limit ? packedByScalar[Int(scalar)] : 0
    }

    func scalar(for letter: VietnameseLetter) -> UInt32 {
        if letter.modifier == .none, letter.tone == .none, letter.base >= 0x61, letter.base <= 0x7A {
            return UInt32(letter.isUppercase ? letter.base - 32 : letter.base)
        }
        guard let slot = LetterTables.slot(letter) else { return 0 }
        return scalarByLetter[slot]
    }
}
