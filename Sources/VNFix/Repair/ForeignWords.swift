/// How often common words of the Latin-script languages most often met in Vietnamese documents
/// occur (wordfreq's lists; `ForeignWords+Table.swift`), to tell a clause in one of them from
/// Vietnamese typed without marks. Both spell syllables (`the box on the table`: thể, ổn; `con la
/// mia casa`: còn, lá, mía; `tong ket cong tac`), but the first two are far likelier as English
/// and Italian, and the third as Vietnamese.
enum ForeignWords {
    /// The languages, one lane of a `Frequencies` each (`languageLanes`; the last two lanes are unused).
    enum Language: Int, CaseIterable {
        case english, french, spanish, portuguese, italian, german
    }

    /// log10 frequency per language (`Language.rawValue` lane); `unlisted` where the word is not
    /// among that language's listed words.
    typealias Frequencies = SIMD8<Float>

    /// The frequency of a word a language does not list (below any listed one: lists stop at 10^-5).
    static let unlisted: Float = -99

    /// Lanes that are languages (1) and unused ones (0).
    static let languageLanes: SIMD8<Float> = {
        var lanes = SIMD8<Float>(repeating: 0)
        for language in Language.allCases { lanes[language.rawValue] = 1 }
        return lanes
    }()

    /// Frequencies by word, keyed by its letters packed into an integer (two to seven small ASCII
    /// letters fit in 56 bits, so keys are exact). Built on first use, from text without marks.
    static let frequencies = FrequencyTable(packed: packed)

    /// An open-addressing table from word key to `Frequencies`. It is built at every start-up that
    /// meets a clause: with a `Dictionary` (SipHash per insertion, ~20k words) that cost 14.7M
    /// instructions (~4 ms), with this table 8.9M, most of it reading the lists.
    struct FrequencyTable: Sendable {
        /// Keys by slot (0: empty; no key is 0, as a word has at least two letters).
        private var keys: [UInt64]
        /// Each slot's index into `values`.
        private var valueIndices: [Int32]
        /// One entry per word, in the order first listed.
        private var values: [Frequencies] = []
        private let mask: Int

        init(packed: [String]) {
            // Words are separated by spaces, so a list has at most one more than it has spaces.
            var words = 0
            for var list in packed { words += list.withUTF8 { bytes in 1 + bytes.reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) } } }
            var capacity = 1024
            while capacity < words * 2 { capacity <<= 1 }
            keys = [UInt64](repeating: 0, count: capacity)
            valueIndices = [Int32](repeating: -1, count: capacity)
            mask = capacity - 1
            values.reserveCapacity(words)
            for (lane, var list) in packed.enumerated() {
                list.withUTF8 { bytes in
                    var word: UInt64 = 0, centibels = 0
                    func add() {
                        if word != 0 { values[valueIndex(for: word)][lane] = -Float(centibels) / 100 }
                        (word, centibels) = (0, 0)
                    }
                    for byte in bytes {
                        switch byte {
                        case UInt8(ascii: "a")...UInt8(ascii: "z"): word = word << 8 | UInt64(byte)
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): centibels = centibels * 10 + Int(byte - UInt8(ascii: "0"))
                        default: add()
                        }
                    }
                    add()
                }
            }
        }

        /// The index of `key`'s entry, made for it when it has none yet (the table is at most half full).
        private mutating func valueIndex(for key: UInt64) -> Int {
            var slot = Self.home(key, mask)
            while keys[slot] != 0 {
                if keys[slot] == key { return Int(valueIndices[slot]) }
                slot = (slot + 1) & mask
            }
            keys[slot] = key
            valueIndices[slot] = Int32(values.count)
            values.append(Frequencies(repeating: ForeignWords.unlisted))
            return values.count - 1
        }

        @inline(__always)
        private static func home(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

        subscript(key: UInt64) -> Frequencies? {
            var slot = Self.home(key, mask)
            while true {
                let found = keys[slot]
                if found == 0 { return nil }
                if found == key { return values[Int(valueIndices[slot])] }
                slot = (slot + 1) & mask
            }
        }

        /// How many words any language lists.
        var count: Int { values.count }
    }

    /// The key of a word of two to seven small ASCII letters (`capitalised`: the first may be a
    /// capital, `The`; `capitals`: any may be, `THE`); nil for any other.
    @inline(__always)
    static func key(_ letters: UnsafeBufferPointer<UInt8>.SubSequence, capitalised: Bool = false, capitals: Bool = false) -> UInt64? {
        guard (2...7).contains(letters.count) else { return nil }
        var key: UInt64 = 0
        for (i, letter) in letters.enumerated() {
            let byte = (capitals || capitalised && i == 0) && letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z") ? letter | 0x20 : letter
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key
    }

    /// log10 of the word's frequency in each language, for a word of small letters; nil when no
    /// language lists it (rarer than 10^-5, longer than seven letters, or in none of them).
    static func log10Frequencies(_ letters: UnsafeBufferPointer<UInt8>.SubSequence, capitalised: Bool = false, capitals: Bool = false) -> Frequencies? {
        key(letters, capitalised: capitalised, capitals: capitals).flatMap { frequencies[$0] }
    }

    /// English contractions (`don't`, `it's`, `I'm`), lowercase with an ASCII apostrophe. Such a
    /// token is no damaged syllable (English-model OCR writes a lost horn as an apostrophe after a
    /// vowel or a letter it misread, `thu'c` thức, never these endings after these words), yet its
    /// letters read as one (`don't` đơn, dropping `'t`).
    static let contractions: Set<String> = {
        var words: Set<String> = []
        for stem in ["do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "ca", "could", "would",
                     "should", "wo", "must", "need", "might", "ai", "dare"] {
            words.insert(stem + "n't")
        }
        for pronoun in ["i", "you", "he", "she", "it", "we", "they", "that", "there", "what", "who", "here", "where", "let", "how"] {
            for ending in ["'s", "'m", "'re", "'ve", "'ll", "'d"] { words.insert(pronoun + ending) }
        }
        words.insert("can't")
        return words
    }()

    /// Whether a token core is an English contraction (`contractions`; `’` or `'`, any case).
    static func isContraction(_ core: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        guard core.count >= 3, core.count <= 12, core.contains(UInt8(ascii: "'")) || core.contains(0xE2) else { return false }
        var word = ""
        var i = core.startIndex
        while i < core.endIndex {
            let byte = core[i]
            if byte == 0xE2, i + 2 < core.endIndex, core[i + 1] == 0x80, core[i + 2] == 0x99 {
                word.append("'")
                i += 3
                continue
            }
            guard byte == UInt8(ascii: "'") || TokenScanner.isASCIILetter(byte) else { return false }
            word.append(Character(Unicode.Scalar(byte | (byte == UInt8(ascii: "'") ? 0 : 0x20))))
            i += 1
        }
        return contractions.contains(word)
    }

    /// log10 of the word's frequency in `language`, or nil when that language does not list it.
    static func log10Frequency(_ letters: UnsafeBufferPointer<UInt8>.SubSequence, capitalised: Bool = false, in language: Language) -> Float? {
        guard let value = log10Frequencies(letters, capitalised: capitalised)?[language.rawValue], value > unlisted else { return nil }
        return value
    }
}
