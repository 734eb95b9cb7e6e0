/// How often common English words occur (wordfreq's English list; `EnglishWords+Table.swift`), to
/// tell an English clause from Vietnamese typed without marks. Both spell syllables (`the box on the
/// table`: thể, ổn; `tong ket cong tac`), but the first is far likelier as English, and the second as
/// Vietnamese.
enum EnglishWords {
    /// log10 frequency by word, keyed by its letters packed into an integer (two to seven small
    /// ASCII letters fit in 56 bits, so keys are exact). Built on first use, from text without marks.
    static let frequencies: [UInt64: Float] = {
        var table: [UInt64: Float] = [:]
        table.reserveCapacity(5_000)
        var word: UInt64 = 0, centibels = 0
        for byte in packed.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): word = word << 8 | UInt64(byte)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): centibels = centibels * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                if word != 0 { table[word] = -Float(centibels) / 100 }
                (word, centibels) = (0, 0)
            }
        }
        if word != 0 { table[word] = -Float(centibels) / 100 }
        return table
    }()

    /// The key of a word of two to seven small ASCII letters; nil for any other.
    @inline(__always)
    static func key(_ letters: UnsafeBufferPointer<UInt8>.SubSequence, capitalised: Bool = false) -> UInt64? {
        guard (2...7).contains(letters.count) else { return nil }
        var key: UInt64 = 0
        for (i, letter) in letters.enumerated() {
            // A capital first letter read as small (`The`).
            let byte = capitalised && i == 0 && letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z") ? letter | 0x20 : letter
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key
    }

    /// log10 of the word's frequency in English text, for a word of small letters; nil when it is
    /// not among the list's words (rarer than 10^-5, longer than seven letters, or not English).
    static func log10Frequency(_ letters: UnsafeBufferPointer<UInt8>.SubSequence, capitalised: Bool = false) -> Float? {
        key(letters, capitalised: capitalised).flatMap { frequencies[$0] }
    }
}
