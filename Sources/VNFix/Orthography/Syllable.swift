/// Where the tone mark goes in syllables whose rhyme is `oa`, `oe` or `uy` with no final
/// consonant, the only place the two conventions differ.
public enum ToneStyle: String, Sendable, CaseIterable {
    /// Keep whichever of the two conventions the text uses (`hòa` stays, `hoà` stays).
    case preserve
    /// Traditional placement: `hòa`, `hòe`, `thủy`.
    case old
    /// Placement of the 1980s/2018 reforms: `hoà`, `hoè`, `thuỷ`.
    case new
}

/// Why a string of letters is not a Vietnamese syllable.
public enum SyllableProblem: String, Sendable, Equatable {
    case empty, tooLong, notVietnameseLetters, invalidOnset, noVowel, invalidRhyme,
        invalidFinal, moreThanOneTone, toneNotAllowedWithStopFinal, spellingRule
}

/// The parts of a Vietnamese syllable, as positions in its letters (lowercased internally).
///
/// `nghiêng` → onset `ngh` (0..<3), vowels `iê` (3..<5), final `ng` (5..<7), tone none.
/// For `qu`/`gi` onsets the `u`/`i` belongs to the onset, as in the orthography: `quả` → onset `qu`,
/// vowels `a`.
public struct Syllable: Sendable, Equatable {
    public var onset: Range<Int>
    public var vowels: Range<Int>
    public var final: Range<Int>
    public var tone: Tone
    /// Index of the letter that carries the tone mark, if any.
    public var toneIndex: Int?
    /// nil when the syllable is valid under the closed grammar.
    public var problem: SyllableProblem?

    public var isValid: Bool { problem == nil }

    /// Parses letters (any case). Never fails: an invalid syllable comes back with its `problem`.
    public static func parse(_ letters: [VietnameseLetter]) -> Syllable {
        letters.withUnsafeBufferPointer { parse($0) }
    }

    /// Parses a word given as a string; non-letters give `.notVietnameseLetters`.
    public static func parse(_ word: String) -> Syllable {
        guard let letters = VietnameseLetter.letters(of: word) else {
            return Syllable(onset: 0..<0, vowels: 0..<0, final: 0..<0, tone: .none, toneIndex: nil,
                            problem: .notVietnameseLetters)
        }
        return parse(letters)
    }

    /// True when `word` is a valid Vietnamese syllable.
    public static func isValid(_ word: String) -> Bool { parse(word).isValid }
}

extension VietnameseLetter {
    /// The letters of a word in NFC, or nil if it holds anything that is not an ASCII or Vietnamese letter.
    public static func letters(of word: String) -> [VietnameseLetter]? {
        var result: [VietnameseLetter] = []
        // One allocation: a word has no more scalars than bytes (grown letter by letter, the array
        // was reallocated two or three times a word).
        result.reserveCapacity(word.utf8.count)
        // Fast path: a word made only of letters (ASCII or precomposed Vietnamese, no combining
        // marks) is already NFC, so its scalars are its letters. Anything else goes through NFC.
        let tables = LetterTables.shared
        var allLetters = true
        for scalar in word.unicodeScalars {
            let packed = tables.packed(scalar.value)
            if packed == 0 { allLetters = false; break }
            result.append(VietnameseLetter(packed: packed))
        }
        if allLetters { return result }
        result.removeAll(keepingCapacity: true)
        for scalar in word.precomposedStringWithCanonicalMappingIfNeeded.unicodeScalars {
            guard let letter = VietnameseLetter(scalar) else { return nil }
            result.append(letter)
        }
        return result
    }

    /// Writes letters as an NFC string.
    public static func string(of letters: some Sequence<VietnameseLetter>) -> String {
        var scalars = String.UnicodeScalarView()
        for letter in letters { if let s = letter.scalar { scalars.append(s) } }
        return String(scalars)
    }
}

extension String {
    var precomposedStringWithCanonicalMappingIfNeeded: String {
        utf8.allSatisfy({ $0 < 0x80 }) ? self : TextNormalizer.standardNFC(self)
    }
}

// MARK: - Parsing

extension Syllable {
    static let maximumLetters = 8

    static func parse(_ letters: UnsafeBufferPointer<VietnameseLetter>) -> Syllable {
        var result = Syllable(onset: 0..<0, vowels: 0..<0, final: 0..<0, tone: .none, toneIndex: nil, problem: nil)
        let count = letters.count
        if count == 0 { result.problem = .empty; return result }
        if count > maximumLetters { result.problem = .tooLong; return result }

        // Tone: at most one letter carries it.
        for index in 0..<count where letters[index].tone != .none {
            if result.toneIndex != nil { result.problem = .moreThanOneTone; return result }
            result.toneIndex = index
            result.tone = letters[index].tone
        }

        guard let onsetEnd = onsetLength(letters) else { result.problem = .invalidOnset; return result }
        result.onset = 0..<onsetEnd
        var vowelEnd = onsetEnd
        while vowelEnd < count, letters[vowelEnd].isVowel { vowelEnd += 1 }
        result.vowels = onsetEnd..<vowelEnd
        if vowelEnd == onsetEnd { result.problem = .noVowel; return result }
        guard let finalCode = finalCode(letters, from: vowelEnd) else { result.problem = .invalidFinal; return result }
        result.final = vowelEnd..<count
        if finalCode.isStop, result.tone != .none, result.tone != .acute, result.tone != .dot {
            result.problem = .toneNotAllowedWithStopFinal
            return result
        }
        if !rhymeIsValid(letters, syllable: result, finalCode: finalCode.code) {
            result.problem = .invalidRhyme
            return result
        }
        if !spellingRulesHold(letters, syllable: result) { result.problem = .spellingRule }
        return result
    }

    @inline(__always)
    static func isPlainConsonant(_ letter: VietnameseLetter, _ base: UInt8) -> Bool {
        letter.base == base && letter.modifier == .none && letter.tone == .none
    }

    /// Length of the onset, or nil for letters that cannot start a Vietnamese syllable.
    static func onsetLength(_ l: UnsafeBufferPointer<VietnameseLetter>) -> Int? {
        let first = l[0]
        if first.isVowel { return 0 }
        if first.tone != .none { return nil }
        if first.modifier == .stroke { return 1 }
        if first.modifier != .none { return nil }
        func next(_ i: Int, _ base: UInt8) -> Bool { i < l.count && isPlainConsonant(l[i], base) }
        let h = UInt8(ascii: "h")
        switch first.base {
        case UInt8(ascii: "n"):
            if next(1, UInt8(ascii: "g")) { return next(2, h) ? 3 : 2 }
            return next(1, h) ? 2 : 1
        case UInt8(ascii: "c"), UInt8(ascii: "k"), UInt8(ascii: "p"):
            return next(1, h) ? 2 : 1
        case UInt8(ascii: "g"):
            if next(1, h) { return 2 }
            // `gi` is an onset when a vowel follows the i (giá, giữ); otherwise the i is the vowel (gì, gìn).
            if l.count > 2, l[1].base == UInt8(ascii: "i"), l[1].modifier == .none, l[2].isVowel { return 2 }
            return 1
        case UInt8(ascii: "t"):
            return next(1, h) || next(1, UInt8(ascii: "r")) ? 2 : 1
        case UInt8(ascii: "q"):
            // `qu` always: the u is the medial glide and never carries the tone in correct text.
            if l.count > 2, l[1].base == UInt8(ascii: "u"), l[1].modifier == .none, l[2].isVowel { return 2 }
            return nil
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "l"), UInt8(ascii: "m"),
             UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "v"), UInt8(ascii: "x"):
            return 1
        default:
            return nil
        }
    }

    struct FinalCode { var code: UInt32; var isStop: Bool }

    /// Final consonants: none, c, ch, m, n, ng, nh, p, t.
    static func finalCode(_ l: UnsafeBufferPointer<VietnameseLetter>, from start: Int) -> FinalCode? {
        let rest = l.count - start
        if rest == 0 { return FinalCode(code: 0, isStop: false) }
        func at(_ i: Int, _ base: UInt8) -> Bool { isPlainConsonant(l[start + i], base) }
        let h = UInt8(ascii: "h"), g = UInt8(ascii: "g")
        if rest == 1 {
            if at(0, UInt8(ascii: "c")) { return FinalCode(code: 1, isStop: true) }
            if at(0, UInt8(ascii: "m")) { return FinalCode(code: 3, isStop: false) }
            if at(0, UInt8(ascii: "n")) { return FinalCode(code: 4, isStop: false) }
            if at(0, UInt8(ascii: "p")) { return FinalCode(code: 7, isStop: true) }
            if at(0, UInt8(ascii: "t")) { return FinalCode(code: 8, isStop: true) }
            return nil
        }
        if rest == 2 {
            if at(0, UInt8(ascii: "c")), at(1, h) { return FinalCode(code: 2, isStop: true) }
            if at(0, UInt8(ascii: "n")), at(1, g) { return FinalCode(code: 5, isStop: false) }
            if at(0, UInt8(ascii: "n")), at(1, h) { return FinalCode(code: 6, isStop: false) }
        }
        return nil
    }

    /// Vowel letters (without tone) and a final code packed into one key for the rhyme table.
    @inline(__always)
    static func rhymeKey(_ l: UnsafeBufferPointer<VietnameseLetter>, _ vowels: Range<Int>, prefix: Int?, finalCode: UInt32) -> UInt32? {
        var key: UInt32 = 0
        var n = 0
        if let prefix { key = UInt32(prefix + 1); n = 1 }
        for i in vowels {
            guard let v = VietnameseLetter.vowelIndex(base: l[i].base, modifier: l[i].modifier) else { return nil }
            key = key << 4 | UInt32(v + 1)
            n += 1
            if n > 4 { return nil }
        }
        return key << 4 | finalCode
    }

    static func rhymeIsValid(_ l: UnsafeBufferPointer<VietnameseLetter>, syllable: Syllable, finalCode: UInt32) -> Bool {
        let table = RhymeTable.shared
        let onsetCount = syllable.onset.count
        let isQu = onsetCount == 2 && l[0].base == UInt8(ascii: "q")
        let isGi = onsetCount == 2 && l[0].base == UInt8(ascii: "g") && l[1].base == UInt8(ascii: "i")
        if isQu {
            // qu + X rhymes like a medial glide + X: quà ~ oa, quân ~ uân, quốc ~ uôc.
            return [6, 9].contains { table.contains(rhymeKey(l, syllable.vowels, prefix: $0, finalCode: finalCode)) }
        }
        if table.contains(rhymeKey(l, syllable.vowels, prefix: nil, finalCode: finalCode)) { return true }
        // giếng, giêng: the onset's i is also the start of the rhyme iê.
        return isGi && table.contains(rhymeKey(l, syllable.vowels, prefix: 5, finalCode: finalCode))
    }

    /// c/k, g/gh, ng/ngh: k, gh, ngh only before e ê i y; c, g, ng never before them.
    static func spellingRulesHold(_ l: UnsafeBufferPointer<VietnameseLetter>, syllable: Syllable) -> Bool {
        guard syllable.onset.count > 0, !syllable.vowels.isEmpty else { return true }
        let v = l[syllable.vowels.lowerBound]
        let front = (v.base == UInt8(ascii: "e") || v.base == UInt8(ascii: "i") || v.base == UInt8(ascii: "y"))
            && v.modifier != .horn
        // The onset's base letters packed first-low, with their count on top (an array and array
        // literals to compare it with cost an allocation per syllable parsed).
        guard syllable.onset.count <= 3 else { return true }
        var onset = UInt32(syllable.onset.count) << 24
        for (k, i) in syllable.onset.enumerated() { onset |= UInt32(l[i].base) << (8 * k) }
        switch onset {
        case 0x0100_006B: return front  // k
        case 0x0100_0063: return !front  // c
        case 0x0200_6867, 0x0368_676E: return front && v.base != UInt8(ascii: "y")  // gh, ngh
        case 0x0100_0067, 0x0200_676E:  // g, ng
            // g before i is the gi onset already handled; ng never before e ê i.
            return !(front && !(onset == 0x0100_0067 && v.base == UInt8(ascii: "i")))
        default: return true
        }
    }
}

/// The closed set of Vietnamese rhymes (vowels + final), as a bit set over packed rhyme keys.
final class RhymeTable: Sendable {
    static let shared = RhymeTable()
    private let bits: [UInt64]

    /// Every rhyme of standard orthography, without tone. Onset-specific spellings (qu, gi) are
    /// handled by the parser.
    static let rhymes: [String] = """
        a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây \
        e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu \
        iêc iêm iên iêng iêp iêt iêu yêm yên yêng yêt yêu o oc oi om on ong op ot ooc oong \
        ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt u ua uc ui um un ung up ut \
        uôc uôi uôm uôn uông uôt ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu \
        y oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt \
        oe oem oen oeo oet uâ uân uâng uât uây uê uêch uênh uêt uy uych uynh uyt uya uyu uyn \
        uyên uyêt uơ
        """.split(separator: " ").map(String.init)

    private init() {
        var bits = [UInt64](repeating: 0, count: 1 << 14)  // 20-bit keys
        for rhyme in RhymeTable.rhymes {
            let letters = VietnameseLetter.letters(of: rhyme)!
            var vowelEnd = 0
            while vowelEnd < letters.count, letters[vowelEnd].isVowel { vowelEnd += 1 }
            letters.withUnsafeBufferPointer { l in
                let final = Syllable.finalCode(l, from: vowelEnd)!
                let key = Syllable.rhymeKey(l, 0..<vowelEnd, prefix: nil, finalCode: final.code)!
                bits[Int(key >> 6)] |= 1 << (key & 63)
            }
        }
        self.bits = bits
    }

    @inline(__always)
    func contains(_ key: UInt32?) -> Bool {
        guard let key, key < 1 << 20 else { return false }
        return bits[Int(key >> 6)] & (1 << (key & 63)) != 0
    }
}
