import Foundation

/// A change the repairer made to one token.
public struct Correction: Sendable, Equatable {
    /// UTF-8 byte range of the replaced text in the input line, and of its replacement in the output line.
    public var inputRange: Range<Int>
    public var outputRange: Range<Int>
    /// The token as it was in the input, and what replaced it (cased like the input).
    public var original: String
    public var replacement: String
    /// 0…1: how much better the chosen reading scored than keeping the original.
    public var confidence: Double
    /// Other readings considered, best first (cased like the input).
    public var alternatives: [String]
}

/// Decodes one line: candidates per token, a beam search with the n-gram model, then a
/// confidence gate that keeps the original wherever the change does not win clearly.
/// What the decoder needs of a token that does not depend on its context (cached per form).
struct PreparedToken: Sendable {
    var candidates: [Candidate]
    var pattern: CasePattern
    var lower: String
}

struct LineDecoder {
    let model: LanguageModel
    let generator: CandidateGenerator
    var beamWidth = DecoderTuning.shared.beamWidth
    /// Hypotheses further than this (log10) behind the best at their position leave the beam.
    var beamThreshold = DecoderTuning.shared.beamThreshold
    var languageModelWeight: Float = DecoderTuning.shared.languageModelWeight
    /// Minimum advantage (log10) a change needs over keeping a token that is itself a known word.
    var margin = Margins(unmarked: DecoderTuning.shared.unmarkedMargin, marked: DecoderTuning.shared.markedMargin)

    /// A margin per damage kind (a struct, not a `Dictionary`: made for every line and asked at
    /// every change, a dictionary hashed each time).
    struct Margins {
        var unmarked: Float
        var marked: Float

        subscript(kind: DamageKind) -> Float { kind == .marked ? marked : unmarked }
    }
    /// A reading whose channel score is below this is too far-fetched to replace the token.
    var minimumChannel: Float = -7
    /// Fill `Correction.alternatives` (three cased strings per change: a few % of the run time
    /// when nobody reads them).
    var listsAlternatives = true
    /// Leave tokens with digits or symbols alone (restore-only mode).
    var restoreOnly = false
    /// The line is the first pass's output of text typed without marks (no sign of English-model
    /// OCR), read again as text with marks by the settle passes: capitalised words where no
    /// sentence starts keep their letters, as in the first pass (`position`).
    var settlesTypedText = false
    /// The text looks English-model OCR'd (`Repairer.Session.looksOCRd`): read what that OCR makes
    /// of words and typed text never has — a `? ' ’` right after a word's ASCII letter as a lost horn
    /// (`ct?` cử) as well as punctuation, short digit tokens as words (`6` ở, `16i` lối), and two
    /// capitals in a line of small letters as a capitalised word (`BO` Bộ, `SG` Sở).
    var readsEnglishModelOCR = false
    /// Upper bounds of language-model scores by word (`LanguageModel.scoreUpperBounds`), for exact
    /// beam pruning, and the words' parts of unseen pairs' scores.
    var scoreBounds: ScoreBounds? = nil
    /// Memo of language-model scores shared by a session's lines (nil: ask the model each time).
    var scores: LMScoreCache? = nil
    /// Per-line arrays kept from line to line by a session (nil: a fresh scratch for each decode).
    var scratch: Scratch? = nil
    /// Readings this far (log10) below a position's best channel score are not searched (nil: all
    /// are); the token itself always is.
    var searchCut: Float? = nil
    /// In text with marks, readings with other letters than a syllable's pay `markedLetterPenalty`
    /// (off in the settle passes, which read repaired OCR as marked text and must still mend the
    /// first pass's letters: `công túc` tác).
    var penalizesMarkedLetterChanges = true
    /// The line before (in the same paragraph) ended in a foreign clause (`keepForeignClauses`): a
    /// passage in another language runs over lines, so the line's first clause is next to one.
    var followsForeignClause = false

    @inline(__always)
    func score(_ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        LineDecoder.score(scores, model, state, word)
    }

    @inline(__always)
    func endScore(_ state: LMState) -> Float { score(state, LanguageModel.sentenceEndID).log10Probability }

    /// The language-model score of `word` after `state`, and of `second` after it when a token is
    /// read as two words (`Candidate.secondID`; `WordID.max` for none).
    @inline(__always)
    func score(_ state: LMState, _ word: WordID, then second: WordID) -> (log10Probability: Float, next: LMState) {
        LineDecoder.score(scores, model, state, word, then: second)
    }

    /// The same, from `memo` when it has the pair: static, so that the search can pass a memo it
    /// borrowed once (read from `self` at every expansion, the optional was copied, with a retain).
    @inline(__always)
    static func score(_ memo: LMScoreCache?, _ model: LanguageModel, _ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        memo?.score(state, word) ?? model.score(state, word)
    }

    @inline(__always)
    static func score(_ memo: LMScoreCache?, _ model: LanguageModel, _ state: LMState, _ word: WordID,
                      then second: WordID) -> (log10Probability: Float, next: LMState) {
        let first = score(memo, model, state, word)
        guard second != .max else { return first }
        let next = score(memo, model, first.next, second)
        return (first.log10Probability + next.log10Probability, next.next)
    }

    struct Position {
        var token: LineToken
        var candidates: [Candidate]
        var pattern: CasePattern
        var original: String  // lowercased core
        var endsSentence: Bool

        /// Whether the sentence ends after this position when it reads `candidate`.
        @inline(__always)
        func ends(_ candidate: Candidate) -> Bool { candidate.absorbsMark ? token.endsSentenceAfterMark : endsSentence }

        /// The candidate that is the token as written, if it is one.
        var typedIndex: Int? { candidates.firstIndex { $0.isIdentity && $0.text == original } }

        /// Whether the token has a believable reading other than itself (channel score −5 or better):
        /// `meeting`, `held` have none (`LineDecoder.keepForeignClauses`).
        var hasBelievableReading: Bool { candidates.contains { !$0.isIdentity && $0.channel >= -5 } }
    }

    struct Hypothesis {
        var state: LMState
        var score: Float
        var parent: Int32
        var candidate: Int16
        /// Whether this reading is the second syllable of a dictionary word that gained the
        /// dictionary bonus, so that it cannot start another (`dictionaryWordWeight`).
        var endsWord = false
    }

    /// Classifies a token core: nil when it must be kept as it is (numbers, codes, URLs…).
    static func observedScalars(_ core: UnsafeBufferPointer<UInt8>) -> (scalars: [UInt32], letters: Int, digits: Int)? {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(core.count)
        var letters = 0, digits = 0, symbols = 0, other = 0
        let text = String(decoding: core, as: UTF8.self)
        for scalar in VietnameseCase.lowercase(text).unicodeScalars {
            let v = scalar.value
            if LetterTables.shared.packed(v) != 0 { letters += 1 }
            else if v >= 0x30 && v <= 0x39 { digits += 1 }
            else if OCRConfusions.isLetterLikeSymbol(v) { symbols += 1 }
            else if v == 0x2F || v == 0x40 && letters > 1 || v == 0x2E || v == 0x2C || v == 0x3A || v == 0x2D || v == 0x5F { return nil }  // / . , : - _ and e-mail @
            else if v < 0x20 || v == 0x7F || v == 0xFFFD || v == 0xFEFF || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) {
                return nil  // controls, replacement characters, BOMs, stray marks: nothing to read, so nothing to lose
            }
            else { other += 1 }
            scalars.append(v)
        }
        guard scalars.count <= 10, other <= 1 else { return nil }
        // A token made only of OCR symbols and digits (¢6, ¥, &, @6) stands for a short syllable.
        if letters == 0 { return symbols > 0 && scalars.count <= 3 ? (scalars, letters, digits) : nil }
        // Digits stand for letters only in short tokens mostly made of letters (c6, 1a, t6, nhitng);
        // 10ha, 2023a, 5km are measurements and codes.
        if digits > 0 {
            if digits > letters || scalars.count > 7 { return nil }
            if let first = scalars.first, (0x30...0x39).contains(first), scalars.count > 1, (0x30...0x39).contains(scalars[1]) { return nil }
        }
        return (scalars, letters, digits)
    }

    /// Whether `reading` differs from the token `observed` (lowercase scalars) only where the token
    /// has digits or symbols, marks aside: as many letters, the same base letter wherever the
    /// token has one (`c6` có, `1a` là, `d6ng` đồng, `k¥` kỹ; not `tinh1` trình, `sha1` hà).
    static func readsOnlyNonLetters(_ observed: [UInt32], _ reading: String) -> Bool {
        let letters = Array(reading.unicodeScalars)
        guard letters.count == observed.count else { return false }
        for (o, r) in zip(observed, letters) where LetterTables.shared.packed(o) != 0 {
            guard ChannelModel.base(o) == ChannelModel.base(r.value) else { return false }
        }
        return true
    }

    /// Channel adjustments that need the whole token: all-capital abbreviations (`HĐND`, `KSND`,
    /// `SARS`) only ever gain a stroke on D (OCR reads `Đ` as `D`, `P` or `B`), and a lowercase
    /// token that breaks the syllable grammar (`mit`, `gip`) is unlikely to be what was meant.
    static func screen(_ candidates: [Candidate], lower: String, pattern: CasePattern, kind: DamageKind, knownCount: UInt32) -> [Candidate] {
        let valid = Syllable.isValid(lower)
        if pattern == .upper, lower.unicodeScalars.count >= 2, !valid {
            let observed = Array(lower.unicodeScalars)
            return candidates.filter { candidate in
                candidate.isIdentity || LineDecoder.onlyRestoresMarks(observed, Array(candidate.text.unicodeScalars))
            }
        }
        return candidates.map { candidate in
            guard candidate.isIdentity, candidates.count > 1 else { return candidate }
            return priced(candidate, valid: valid, pattern: pattern, kind: kind, knownCount: knownCount)
        }
    }

    /// The token itself as a reading next to others, priced by what keeping it says (`screen`; the
    /// split readings' baseline, `prepare`).
    static func priced(_ identity: Candidate, valid: Bool, pattern: CasePattern, kind: DamageKind, knownCount: UInt32) -> Candidate {
        let tuning = DecoderTuning.shared
        var identity = identity
        // Keeping a token the model has never seen costs what its alternatives do not.
        // (A well-formed syllable in text that carries marks is trusted even so: the model's
        // vocabulary is small, the language's is not.)
        if identity.id == LanguageModel.unknownWordID, kind == .unmarked || !valid { identity.channel -= tuning.unknownPenalty }
        // An ill-formed token is rarely meant, unless the training text used it often (English
        // and technical words: `end`, `file`), which the model then knows as such.
        if !valid, pattern != .upper, knownCount < tuning.foreignWordCount {
            identity.channel -= kind == .unmarked ? tuning.invalidPenalty : tuning.invalidPenalty / 2
        }
        return identity
    }

    /// True when `letters` reads `observed` letter for letter up to marks, with `Đ` allowed for
    /// what OCR makes of it: `D`, `P`, `B`, or two of them (`DP`, `BP`, `PB`: `DPBQH`; `DB` at the
    /// end: `QDB`), as in the manual confusions, and `Q` for `O`.
    static func onlyRestoresMarks(_ observed: [Unicode.Scalar], _ letters: [Unicode.Scalar], from i: Int = 0, _ j: Int = 0) -> Bool {
        guard j < letters.count else { return i == observed.count }
        guard i < observed.count else { return false }
        let a = observed[i], b = letters[j]
        if a == b { return onlyRestoresMarks(observed, letters, from: i + 1, j + 1) }
        if b == "đ" {
            guard a == "d" || a == "p" || a == "b" else { return false }
            if onlyRestoresMarks(observed, letters, from: i + 1, j + 1) { return true }
            // Two letters for one (at most once per Đ, so the search stays linear).
            guard i + 1 < observed.count else { return false }
            let second = observed[i + 1]
            let isPair: Bool
            switch a {
            case "p": isPair = second == "b"
            case "b": isPair = second == "p"
            // `DB` only at the end (`QDB`, `NDB`): inside, a B is usually the next initial (`DBQH`).
            default: isPair = second == "p" || second == "b" && i + 2 == observed.count
            }
            return isPair && onlyRestoresMarks(observed, letters, from: i + 2, j + 1)
        }
        // OCR reads a capital Q as O (`DBOH`); the reverse would turn words into codes.
        guard ChannelModel.base(a.value) == ChannelModel.base(b.value) || a == "o" && b == "q" else { return false }
        return onlyRestoresMarks(observed, letters, from: i + 1, j + 1)
    }

    /// The Roman numeral (lowercase) that English-model OCR made a token of by reading capital I's
    /// as small l's (`Il.`, `Ill.`, `mục IIl`): capitals I, V, X (at least one) and small l's (at
    /// least one), which read as I make a numeral up to XXXIX. No Vietnamese syllable has that shape.
    static func romanNumeral(_ core: UnsafeBufferPointer<UInt8>) -> String? {
        guard (2...6).contains(core.count), core.contains(UInt8(ascii: "l")),
              core.contains(where: { $0 == UInt8(ascii: "I") || $0 == UInt8(ascii: "V") || $0 == UInt8(ascii: "X") }) else { return nil }
        var numeral = ""
        for byte in core {
            switch byte {
            case UInt8(ascii: "I"), UInt8(ascii: "l"): numeral += "I"
            case UInt8(ascii: "V"): numeral += "V"
            case UInt8(ascii: "X"): numeral += "X"
            default: return nil
            }
        }
        return isRomanNumeral(numeral.utf8) ? numeral.lowercased() : nil
    }

    /// Whether bytes are capitals I, V, X that make a Roman numeral up to XXXIX: X{0,3} then IX, IV
    /// or V?I{0,3}, not empty.
    static func isRomanNumeral(_ numeral: some Collection<UInt8>) -> Bool {
        guard !numeral.isEmpty else { return false }
        var rest = numeral[...]
        var tens = 0
        while tens < 3, rest.first == UInt8(ascii: "X") { rest = rest.dropFirst(); tens += 1 }
        return romanUnits.contains { $0.elementsEqual(rest) }
    }

    /// The units part of a Roman numeral (built once: every capital token of a line asks).
    static let romanUnits: [[UInt8]] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].map { Array($0.utf8) }

    /// Units of measure without a vowel, which the decoder would otherwise read as damaged syllables.
    static let units: Set<String> = ["km", "kg", "cm", "mm", "mg", "ml", "kw", "kwh", "mw", "mwh", "m", "g"]

    /// True when `current` is a unit and `previous` a number kept as it is.
    static func isUnitAfterNumber(_ previous: Position, _ current: Position) -> Bool {
        previous.candidates.count == 1 && previous.candidates[0].id == LanguageModel.numberID
            && !previous.endsSentence && units.contains(current.original)
    }

    /// Whether `position` is `tr` written with a period right after it and a number next.
    static func isPageAbbreviation(_ position: Position, before next: Position, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = position.token.core.upperBound
        // (The period first: a string comparison for every token cost more than the rest of the test.)
        return end < line.count && line[end] == UInt8(ascii: ".") && position.original == "tr"
            && next.candidates.count == 1 && next.candidates[0].id == LanguageModel.numberID
    }

    /// The one reading of a token kept as it is (lowercase): a number, or the word the model knows it as.
    func keptAsIs(_ lower: String) -> Candidate {
        let id: WordID
        if let first = lower.unicodeScalars.first, (0x30...0x39).contains(first.value) {
            id = LanguageModel.numberID
        } else {
            id = model.id(of: lower) ?? LanguageModel.unknownWordID
        }
        return Candidate(id: id, channel: 0, text: lower, isIdentity: true)
    }

    /// Whether a token may be an abbreviation in a code that lost its strokes (`93/KH-HDTDKT`,
    /// `DH.20`): capitals with a `D` (`AbbreviationReader.letterCount`) in a document number or code,
    /// in unmarked text, when repairing. Only such tokens are prepared apart (a flag of their key).
    func mayLackStrokes(_ token: LineToken, in line: UnsafeBufferPointer<UInt8>, core: UnsafeBufferPointer<UInt8>, kind: DamageKind) -> Bool {
        kind == .unmarked && !restoreOnly && AbbreviationReader.letterCount(core) != nil
            && (TokenScanner.isCodePart(line, token) || core.contains(UInt8(ascii: ".")))
    }

    /// Such a token read with `Đ` where the likeliest phrase of its initials puts it
    /// (`AbbreviationReader`), when the model knows neither spelling well and no other reading has a
    /// `đ`. Its channel score is the evidence less `abbreviationEvidence`; the token itself stays a
    /// reading, so the confidence gate decides.
    func abbreviationStrokes(_ core: UnsafeBufferPointer<UInt8>, candidates: [Candidate]) -> Candidate? {
        guard let count = AbbreviationReader.letterCount(core),
              !candidates.contains(where: { !$0.isIdentity && $0.text.unicodeScalars.contains("đ") }),
              candidates.allSatisfy({ !$0.isIdentity || model.count($0.id) < DecoderTuning.shared.abbreviationKnownCount }),
              let reading = generator.abbreviationReader().read(core.prefix(count)) else { return nil }
        let channel = reading.evidence - DecoderTuning.shared.abbreviationEvidence
        guard channel > 0 else { return nil }
        var letters = ""
        letters.unicodeScalars.append(contentsOf: reading.letters)
        let text = VietnameseCase.lowercase(letters + String(decoding: core[count...], as: UTF8.self))
        return Candidate(id: model.id(of: text) ?? LanguageModel.unknownWordID, channel: channel, text: text, isIdentity: false)
    }

    /// Adds the readings (not the identity) of `variant`, a respelling of the token that OCR may
    /// have made, at `cost` more; a word both spellings give keeps its better score.
    func addReadings(of variant: [UInt8], cost: Float, kind: DamageKind, to candidates: inout [Candidate]) {
        guard let observed = variant.withUnsafeBufferPointer(LineDecoder.observedScalars) else { return }
        for var extra in generator.candidates(for: observed.scalars, kind: kind) where !extra.isIdentity {
            extra.channel -= cost
            if let index = candidates.firstIndex(where: { $0.id == extra.id }) {  // a few dozen at most
                if !candidates[index].isIdentity, extra.channel > candidates[index].channel { candidates[index] = extra }
            } else {
                candidates.append(extra)
            }
        }
    }

    /// Readings of a token as two syllables that English-model OCR ran together (`tinhda` tỉnh đã,
    /// `khainhiem` khai nhiệm, `Noivu` Nội vụ): at each split into halves of two or more letters
    /// with a vowel each, the best four known syllables of either half (by channel score and
    /// frequency, as the generator ranks), at their channel scores and `splitCost` more; the best
    /// eight pairs, which join the token's `readings` so that the context and the confidence gate
    /// decide. Only for a token of 5–10 letters that is no syllable and that the model does not know
    /// as a word.
    func splitReadings(of core: UnsafeBufferPointer<UInt8>, lower: String, readings: [Candidate]) -> [Candidate] {
        let cost = DecoderTuning.shared.splitCost
        guard cost > 0, core.count >= 5, let observed = LineDecoder.observedScalars(core), observed.digits == 0,
              observed.letters == observed.scalars.count, (5...10).contains(observed.scalars.count), !Syllable.isValid(lower),
              readings.allSatisfy({ !$0.isIdentity || $0.id == LanguageModel.unknownWordID || model.count($0.id) < DecoderTuning.shared.foreignWordCount })
        else { return [] }
        let scalars = observed.scalars
        func hasVowel(_ half: ArraySlice<UInt32>) -> Bool {
            half.contains { v in
                let packed = LetterTables.shared.packed(v)  // base letter in the low 7 bits, 0 for no letter
                return packed != 0 && WordShape.isVowelBase(UInt8(packed & 0x7F))
            }
        }
        func syllables(_ half: ArraySlice<UInt32>) -> [(Candidate, Float)] {
            let found = generator.candidates(for: Array(half), kind: .unmarked).filter {
                $0.id != LanguageModel.unknownWordID && $0.secondID == .max && Syllable.isValid($0.text)
            }
            let ranked = found.map { ($0, $0.channel + CandidateGenerator.frequencyPrior(of: $0.id, model)) }
            return Array(ranked.sorted { $0.1 > $1.1 }.prefix(4))
        }
        var pairs: [(Candidate, Float)] = []
        for cut in 2...(scalars.count - 2) {
            let left = scalars[..<cut], right = scalars[cut...]
            guard hasVowel(left), hasVowel(right) else { continue }
            let firsts = syllables(left), seconds = syllables(right)
            for (first, firstRank) in firsts {
                for (second, secondRank) in seconds {
                    pairs.append((Candidate(id: first.id, channel: first.channel + second.channel - cost,
                                            text: first.text + " " + second.text, isIdentity: false, secondID: second.id),
                                  firstRank + secondRank))
                }
            }
        }
        pairs.sort { $0.1 > $1.1 }
        // One pair of words may come from two splits (`kha|inhiem`, `khai|nhiem`): the better ranked stays.
        var kept: [Candidate] = []
        for (pair, _) in pairs where kept.count < 8 && !kept.contains(where: { $0.id == pair.id && $0.secondID == pair.secondID }) {
            kept.append(pair)
        }
        return kept
    }

    /// Candidates (screened and cut), case pattern and lowercase form of one token core.
    func prepare(_ core: UnsafeBufferPointer<UInt8>, kind: DamageKind, mayLackStrokes: Bool = false) -> PreparedToken {
        let lower = VietnameseCase.lowercase(String(decoding: core, as: UTF8.self))
        if !restoreOnly, let numeral = LineDecoder.romanNumeral(core) {
            return PreparedToken(candidates: [Candidate(id: LanguageModel.numberID, channel: 0, text: numeral, isIdentity: false)],
                                 pattern: .upper, lower: lower)
        }
        var candidates: [Candidate] = []
        let pattern = CasePattern.of(core)
        // A capital consonant after a small letter marks a name or code (`CoV`), unless the token
        // is mostly capitals (`HiNH`: OCR's small `i` for `Ì` in a capitalised heading).
        let isNameOrCode = pattern != .upper && CasePattern.hasInnerCapital(core)
        // In text with marks, a word with f, j, w or z is a foreign word or name (`John`, `Law`,
        // `LibreOffice`): Vietnamese has no such letter, and Vietnamese-model OCR writes none for
        // a Vietnamese one (in its training pairs every such token is right as it stands).
        let isForeignWord = kind == .marked && LineDecoder.hasLetterForeignToVietnamese(core)
        // Text typed without marks (no sign of English-model OCR) writes ASCII symbols as symbols:
        // `&`, `@load`, `C&huyen`, `x=-100`, `Pro™` are the text's own (a lone `&` came out ở, `=`
        // was read away). Only OCR's Latin-1 symbols for letters, which no one types inside a word
        // (`k¥` kỹ), are still read there.
        // (And in the settle passes of such text, which read its output as text with marks.)
        let typedUnmarked = kind == .unmarked && !readsEnglishModelOCR || kind == .marked && settlesTypedText
        if !core.isEmpty, !isNameOrCode, !isForeignWord, let observed = LineDecoder.observedScalars(core),
           observed.scalars.allSatisfy({ LetterTables.shared.packed($0) != 0 || (0x30...0x39).contains($0)
               || OCRConfusions.isLetterLikeSymbol($0) && !(typedUnmarked && $0 < 0x80)
               || !typedUnmarked && generator.channel.readsSymbol($0, kind: kind) }),
           !(restoreOnly && (observed.digits > 0 || observed.letters < observed.scalars.count)),
           observed.digits == 0 || digitsMayBeLetters(core, kind: kind) {
            candidates = generator.candidates(for: observed.scalars, kind: kind)
            if observed.digits > 0 || observed.letters < observed.scalars.count {
                candidates = candidates.filter { !$0.isIdentity }
                // There, too, a digit may stand for a letter (`c6` có, `1a` là), but the token's
                // letters stay and no digit is read away (`sha1` hà, `IPv6` lớp, `chuoi2` chuỗi,
                // `Tinh1` Trình: names, codes, a note's number).
                if typedUnmarked { candidates.removeAll { !LineDecoder.readsOnlyNonLetters(observed.scalars, $0.text) } }
            } else if kind == .marked || !readsEnglishModelOCR, !candidates.contains(where: \.isIdentity) {
                // A word of letters that is no syllable and that the model does not know (`Lenin`,
                // `Manu`) is a name or foreign word in text not OCR'd by an English model: it stays
                // a reading (`screen` prices it as unknown and ill-formed), so that only a reading
                // the context wants more replaces it (`Lenin` became Lên).
                candidates.append(keptAsIs(lower))
            }
            // `B9`, `X4`, `5O` may also be the codes they look like (`A4`): that stays a reading,
            // scored as a number, so the context decides (`các B9, ngành` Bộ, `giấy A4`, `Nghị
            // quyết 5O 43/2021` Số, which at no cost stayed a code).
            if !candidates.isEmpty, LineDecoder.isCapitalCode(core) {
                candidates.append(Candidate(id: LanguageModel.numberID, channel: -DecoderTuning.shared.capitalCodeAsCode, text: lower, isIdentity: true))
            } else if !candidates.isEmpty, !readsEnglishModelOCR, kind == .unmarked, let first = core.first, first >= 0x30, first <= 0x39 {
                // In text typed without marks (no sign of English-model OCR), a token that starts
                // with a digit may be the number with a letter it looks like (`Điều 5a`, `khoản
                // 2b`, which came out `a` and `đ`): that stays a reading too, and the context
                // decides (`c6 1a nguoi` is still có là người).
                candidates.append(Candidate(id: LanguageModel.numberID, channel: -DecoderTuning.shared.numberWithLetter, text: lower, isIdentity: true))
            }
        } else if readsEnglishModelOCR, kind == .unmarked, LineDecoder.mayBeDigitWord(core) {
            // `6` for ở, `16i` for lối: read as words only where the context wants a word more
            // than a number (the number itself stays a reading, and the gate's baseline).
            let scalars = core.map { UInt32($0) }
            candidates = generator.candidates(for: scalars, kind: kind).filter { !$0.isIdentity && $0.channel >= DecoderTuning.shared.digitWordFloor }
            // English-model OCR's `1` is also a `t` (`16 chức` tổ chức: 3 of ~370 word-initial `1`
            // in the training pairs; nearly all others are `l`).
            let tCost = DecoderTuning.shared.oneForT
            if core.count == 2, core[0] == UInt8(ascii: "1"), tCost > 0 {
                var respelled = Array(core)
                respelled[0] = UInt8(ascii: "t")
                addReadings(of: respelled, cost: tCost, kind: kind, to: &candidates)
                candidates.removeAll { $0.channel < DecoderTuning.shared.digitWordFloor - tCost }
            }
            if !candidates.isEmpty {
                var number = keptAsIs(lower)
                number.channel -= DecoderTuning.shared.digitAsNumber
                candidates.append(number)
            }
        }
        // English-model OCR reads a lowercase `l` as a capital `I` (`Idi`, `Iqi` for `lợi`); the
        // case pattern hides it once lowercased, so such a token also gets the readings of its
        // `l` spelling (when its `i` spelling is no syllable), at a small channel cost.
        if !candidates.isEmpty, pattern == .title, core.count >= 2, core[0] == UInt8(ascii: "I"), !Syllable.isValid(lower) {
            var variant = Array(core)
            variant[0] = UInt8(ascii: "l")
            addReadings(of: variant, cost: DecoderTuning.shared.capitalIForL, kind: kind, to: &candidates)
        }
        // It also writes a word's `tr` as `w` (`wong` trong, `wén` trên, `wién` triển): one letter for
        // two, which the channel's letter-by-letter alignment scores as a substitution and a loss.
        // Such a token also gets the readings of its `tr` spelling.
        let trCost = DecoderTuning.shared.wForTR
        if readsEnglishModelOCR, !restoreOnly, trCost > 0, !candidates.isEmpty, core.count >= 2, core[0] | 0x20 == UInt8(ascii: "w"),
           !Syllable.isValid(lower), core[1] >= 0x80 || TokenScanner.isASCIILetter(core[1]) {
            let variant = (core[0] == UInt8(ascii: "w") ? Array("tr".utf8) : pattern == .upper ? Array("TR".utf8) : Array("Tr".utf8)) + core.dropFirst()
            addReadings(of: variant, cost: trCost, kind: kind, to: &candidates)
        }
        if !candidates.isEmpty {
            let knownCount = candidates.first(where: \.isIdentity).map { model.count($0.id) } ?? 0
            candidates = LineDecoder.screen(candidates, lower: lower, pattern: pattern, kind: kind, knownCount: knownCount)
        }
        if readsEnglishModelOCR, kind == .unmarked, !restoreOnly, !isNameOrCode {
            let pairs = splitReadings(of: core, lower: lower, readings: candidates)
            if !pairs.isEmpty, !candidates.contains(where: { $0.isIdentity && $0.text == lower }) {
                // The token itself stays a reading (the gate's baseline: `Toyota` is no `tỷ ta`), priced
                // as `screen` prices it (which leaves an all-capital token that is no syllable as it is).
                let identity = keptAsIs(lower)
                candidates.append(pattern == .upper ? identity
                    : LineDecoder.priced(identity, valid: false, pattern: pattern, kind: kind, knownCount: model.count(identity.id)))
            }
            candidates += pairs
        }
        // The token's letters with marks stripped, for the rules below (made once, when one asks).
        var strippedLower: String?
        func letters() -> String {
            if let strippedLower { return strippedLower }
            let letters = Diacritics.strip(lower)
            strippedLower = letters
            return letters
        }
        // Restore-only mode adds and fixes marks, and changes no letter: readings that respell
        // the word (OCR's `cia` của, `wién` triển) are full repair's.
        if restoreOnly, !candidates.isEmpty {
            let base = letters()
            candidates.removeAll { !$0.isIdentity && Diacritics.strip($0.text) != base }
        }
        if candidates.isEmpty { candidates = [keptAsIs(lower)] }
        if mayLackStrokes, let strokes = abbreviationStrokes(core, candidates: candidates) { candidates.append(strokes) }
        // Readings with other letters than the token's pay extra where its letters are most likely
        // right. Unmarked text that shows no sign of English-model OCR (no Latin-1 accents) is most
        // likely typed without marks: only its marks are missing (`vat` as và, `tri` as trú pay;
        // OCR shapes still win where the context wants them: `Vin phong` Văn phòng, `cia` của).
        // In text with marks, a token that is a syllable as it stands: OCR that reads marks changes
        // marks far more often than letters.
        var letterPenalty: Float = 0
        var typedWithoutMarks = false
        if candidates.count > 1 {
            if kind == .unmarked, !readsEnglishModelOCR, letters().utf8.allSatisfy({ TokenScanner.isASCIILetter($0) }) {
                letterPenalty = DecoderTuning.shared.strippedLetterPenalty
                typedWithoutMarks = true
            } else if kind == .marked, penalizesMarkedLetterChanges, Syllable.isValid(lower) {
                letterPenalty = DecoderTuning.shared.markedLetterPenalty
            }
        }
        // Text typed without marks drops every mark of every word: a reading that only puts marks
        // back explains it as well as any other, and the context alone chooses among them. The
        // channel's costs for marks are OCR's (which reads some marks more often than others) and
        // do not apply; a bonus (a stroked abbreviation's evidence) stays.
        let marksAreFree = typedWithoutMarks && DecoderTuning.shared.marksFreeWhenTyped
        // Such text drops marks, not letters: a reading with fewer letters than the token reads
        // some away (`aim` ai, `Tranh` Ranh, `terra` tra in a line of Italian), which OCR does
        // (`ciia` của) but typing does not. (So do its settle passes, for tokens still unmarked.)
        // (But `DB`, `PB` for Đ in a code, `NDB-CP` NĐ-CP, only restores a stroke.)
        if typedUnmarked, lower.utf8.allSatisfy({ $0 < 0x80 }) {
            let observed = Array(lower.unicodeScalars)
            candidates.removeAll { candidate in
                !candidate.isIdentity && candidate.text.unicodeScalars.count < observed.count
                    && !LineDecoder.onlyRestoresMarks(observed, Array(candidate.text.unicodeScalars))
            }
        }
        if letterPenalty > 0 || marksAreFree {
            let base = letters()
            for c in candidates.indices where !candidates[c].isIdentity {
                if Diacritics.strip(candidates[c].text) != base {
                    candidates[c].channel -= letterPenalty
                } else if marksAreFree, candidates[c].channel < 0 {
                    candidates[c].channel = 0
                }
            }
        }
        // One word in two spellings (`lí`/`lý`): a reading in the input's own letters is scored as
        // the spelling the training text uses more (`li` read as lí; not `liv`, whose letters
        // do not choose the spelling).
        if candidates.count > 1, lower.utf8.count <= 6, LineDecoder.twinSkeletons.contains(letters()) {
            let base = letters()
            for c in candidates.indices where Diacritics.strip(candidates[c].text) == base {
                candidates[c].id = spellingTwinID(candidates[c].text, candidates[c].id)
            }
        }
        LineDecoder.cutFarReadings(&candidates)
        // Only a token with marks can be a reading's syllable with its tone elsewhere, and only
        // where a tone has two places: oa, oe, uy (`hoà`/`hòa`, `khoẻ`/`khỏe`, `thuỷ`/`thủy`).
        // (The scorer's tone-placement-insensitive key decides, for readings with the token's letters.)
        if !lower.utf8.allSatisfy({ $0 < 0x80 }), LineDecoder.mayPlaceToneTwoWays(letters()) {
            let key = EvaluationScore.toneKey(lower)
            for c in candidates.indices where !candidates[c].isIdentity && candidates[c].text != lower
                && Diacritics.strip(candidates[c].text) == letters() {
                candidates[c].placesToneElsewhere = EvaluationScore.toneKey(candidates[c].text) == key
            }
        }
        return PreparedToken(candidates: candidates, pattern: pattern, lower: lower)
    }

    /// Readings far less likely than the best one cannot win; dropping them keeps the beam small
    /// (the token itself always stays, for the confidence gate).
    static func cutFarReadings(_ candidates: inout [Candidate]) {
        guard candidates.count > 1 else { return }
        let best = candidates.reduce(-Float.infinity) { max($0, $1.channel) }
        let floor = best - DecoderTuning.shared.channelCut
        candidates.removeAll { !$0.isIdentity && $0.channel < floor }
    }

    /// The candidates of a core followed by an OCR mark (`ct?`): those of the core alone (the mark
    /// kept as punctuation) and, where the mark explains the word better, those of the core with it.
    func prepare(_ core: UnsafeBufferPointer<UInt8>, withMark extended: UnsafeBufferPointer<UInt8>, kind: DamageKind, asksQuestion: Bool = false) -> PreparedToken {
        var prepared = prepare(core, kind: kind)
        guard !(prepared.candidates.count == 1 && prepared.candidates[0].isIdentity && prepared.candidates[0].id == LanguageModel.numberID) else { return prepared }
        let readings = prepare(extended, kind: kind).candidates
        // In OCR'd text such a mark is far more often a horn than a question mark or a quote: the
        // readings that keep it as punctuation pay for that, and a word that ends in a horn letter
        // and is read either way is read with the mark (unless the mark may ask a question).
        let cost = DecoderTuning.shared.markAsPunctuation
        var candidates = prepared.candidates
        // The mark stands for the horn of a letter OCR did read (`tri?` trữ), not for letters it lost (`sai?` ≠ sử).
        let letterCount = prepared.lower.unicodeScalars.count
        // A likely question mark after a word whose letters need no horn from it (`gio?` giờ) stays
        // one; a word that does (`thi?` thứ) still reads it as a horn.
        let coreLetters = asksQuestion ? Diacritics.strip(prepared.lower) : ""
        for var reading in readings where !reading.isIdentity && LineDecoder.endsWithHorn(reading.text) && reading.text.unicodeScalars.count == letterCount {
            if asksQuestion, Diacritics.strip(reading.text) == coreLetters { continue }
            reading.absorbsMark = true
            if let index = candidates.firstIndex(where: { $0.id == reading.id && $0.text == reading.text }) {  // a few dozen at most
                if !candidates[index].isIdentity, !candidates[index].absorbsMark {
                    reading.channel = max(reading.channel, candidates[index].channel - cost)
                    candidates[index] = reading
                }
            } else {
                candidates.append(reading)
            }
        }
        guard candidates.contains(where: \.absorbsMark) else { return prepared }
        if asksQuestion {
            for index in candidates.indices where candidates[index].absorbsMark { candidates[index].channel -= DecoderTuning.shared.questionAsHorn }
        } else {
            for index in candidates.indices where !candidates[index].absorbsMark { candidates[index].channel -= cost }
        }
        LineDecoder.cutFarReadings(&candidates)
        prepared.candidates = candidates
        return prepared
    }

    /// A `?` after a well-formed syllable (`gio?`) at the end of the line or before a capital may be
    /// a real question mark (OCR's horn marks mostly follow no syllable: `ct?`, `st?`). It is then
    /// read as a horn only where the word's letters need one (`thi?` thứ, not `gio?` giờ), and that
    /// reading pays `questionAsHorn` instead of the punctuation reading paying `markAsPunctuation`.
    static func mayAskQuestion(_ token: LineToken, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line[token.core.upperBound] == UInt8(ascii: "?") else { return false }
        var i = token.token.upperBound
        while i < line.count, TokenScanner.isSpace(line[i]) { i += 1 }
        if i < line.count {
            let b = line[i]
            // (The line is valid UTF-8: it was validated once, at the boundary.)
            let startsCapital = b < 0x80 ? (b >= 0x41 && b <= 0x5A)
                : Unicode.Scalar(UTF8Validation.scalar(in: line, at: i).scalar).flatMap { VietnameseLetter($0)?.isUppercase } ?? false
            guard startsCapital else { return false }
        }
        return Syllable.isValid(String(decoding: UnsafeBufferPointer(rebasing: line[token.core]), as: UTF8.self).lowercased())
    }

    /// A single `.` right after a word with no dot of its own, followed by a word that starts with a
    /// small ASCII letter: in the OCR pairs such a period was noise in 65 of 71 cases (9 of 12 held
    /// out); the rest were sentences whose next capital OCR read small.
    static func isStrayPeriod(_ token: LineToken, before next: LineToken, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.token.upperBound == token.core.upperBound + 1, line[token.core.upperBound] == UInt8(ascii: "."),
              !line[token.core].contains(UInt8(ascii: ".")), next.token.lowerBound < line.count else { return false }
        let first = line[next.token.lowerBound]
        return first >= 0x61 && first <= 0x7A
    }

    /// Capital tokens in a line with at least as many small-letter words as capital ones:
    /// - capitals I, V, X that make a Roman numeral (`khóa XI`) are one, not a syllable (`xi` would
    ///   read as xã); in a line of capitals they may be a word (`ĐƠN VI`);
    /// - in text that looks OCR'd, a capital consonant and a capital vowel (or `G`) are read as a
    ///   capitalised word, not as an abbreviation: English-model OCR reads the small marked vowel
    ///   of such a word as a capital (`BO` Bộ, `SO`/`SG` Sở, `HO` Hồ).
    func readCapitalsInSmallLine(_ positions: inout [Position], in line: UnsafeBufferPointer<UInt8>, kind: DamageKind,
                                 evidence: (Int) -> (midSentence: Bool, startsNameRun: Bool)) {
        var small = 0, capital = 0
        for position in positions where position.token.core.count >= 2 {
            if position.pattern == .upper { capital += 1 } else { small += 1 }
        }
        guard small > 0, small >= capital else { return }
        for p in positions.indices where positions[p].pattern == .upper && positions[p].token.markEnd == positions[p].token.core.upperBound {
            let core = positions[p].token.core
            if core.count >= 2, LineDecoder.isRomanNumeral(UnsafeBufferPointer(rebasing: line[core])) {
                positions[p].candidates = [keptAsIs(positions[p].original)]  // the model knows numerals as words (`quý II`)
                continue
            }
            // (Not a part of a code: `TU` in `04-CT/TU` is Tỉnh ủy.)
            guard readsEnglishModelOCR, !restoreOnly, core.count == 2,
                  !TokenScanner.isCodePart(line, positions[p].token) else { continue }
            let first = line[core.lowerBound], second = line[core.lowerBound + 1]
            guard first >= 0x41, first <= 0x5A, !CasePattern.isVowelLike(first), second >= 0x41, second <= 0x5A, CasePattern.isVowelLike(second),
                  !(LineDecoder.isRomanNumeralLetter(first) && LineDecoder.isRomanNumeralLetter(second)) else { continue }
            let variant = [first, second | 0x20]
            let capital = evidence(p)
            positions[p] = variant.withUnsafeBufferPointer {
                position(positions[p].token, in: line, core: $0, kind: kind, midSentence: capital.midSentence,
                         startsNameRun: capital.startsNameRun)
            }
        }
    }

    @inline(__always)
    static func isRomanNumeralLetter(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "I") || b == UInt8(ascii: "V") || b == UInt8(ascii: "X") || b == UInt8(ascii: "L")
            || b == UInt8(ascii: "C") || b == UInt8(ascii: "D") || b == UInt8(ascii: "M")
    }

    /// The case of a capitalised token is evidence of which word it is, where no sentence starts:
    /// `Dang doan` is more likely Đảng (capitalised in 83 % of its uses in running text) than đang
    /// (0.6 %). Its readings gain `capitalisedBonus` (weighted), a part of the channel the letters
    /// alone do not give. Unmarked text only (marked text's words are mostly known by their marks).
    /// Applied when the token is prepared (and cached with it), not to every line's copy.
    /// `onlyFavours`: the capital may also be the sentence start's, so only the words it favours
    /// gain; the others lose nothing (VLSP 2013 stripped: `(Nguyen Trai)` Nguyễn Trãi, `: Tran Duy
    /// Hung` Trần; with the penalties too, `O Viet Nam` lost Ở's mark).
    func weighCapital(_ candidates: inout [Candidate], onlyFavours: Bool = false) {
        let bonus = generator.capitalisedBonus
        let weight = DecoderTuning.shared.capitalisedWeight
        guard !bonus.isEmpty, weight != 0, candidates.count > 1 else { return }
        for c in candidates.indices where Int(candidates[c].id) < bonus.count {
            candidates[c].channel += weight * (onlyFavours ? max(0, bonus[Int(candidates[c].id)]) : bonus[Int(candidates[c].id)])
        }
    }

    /// Whether the digits of a token with letters may stand for letters (`c6` có, `1a` là, `T6` Tổ).
    /// Only in unmarked text: text with marks (typed, or Vietnamese-model OCR) writes digits as
    /// digits, and `3D`, `A4` there are codes. A token of capitals with a digit other than `6` is
    /// a code (`3D`, `A1`, `4G`, `F0`, `H5N1`; the training text has `3D` 443 times, `A1` 57), but
    /// for two shapes that English-model OCR also makes of words, read as such in text that shows
    /// it: a capital and a 9 or 4 (`B9` Bộ, `X4` Xã) and a digit and a capital vowel (`5O` Số).
    /// In the training OCR pairs, capitals with a `6` are words (`T6` Tổ 58 times, `S6` Số 50,
    /// `B6` Bộ 44, `H6` Hồ 23). Before, `3D` came out as `Đ`, `A4` as `A` and `F0` as `Tờ` even in
    /// text that was right.
    func digitsMayBeLetters(_ core: UnsafeBufferPointer<UInt8>, kind: DamageKind) -> Bool {
        guard kind == .unmarked else { return false }
        guard LineDecoder.isCapitalCode(core) else { return true }
        guard readsEnglishModelOCR, core.count == 2 else { return false }
        func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        if isCapital(core[0]) { return core[1] == UInt8(ascii: "9") || core[1] == UInt8(ascii: "4") }
        return "AEIOUY".utf8.contains(core[1])
    }

    /// `lí` and `lý`, `kĩ` and `kỹ`, `hi` and `hy`, `quí` and `quý`: one word in two spellings
    /// (the i/y of the spelling reforms, after h, k, l, m, s and qu). A reading in the i spelling,
    /// where the training text uses the y one more, is scored as that, so that text written either
    /// way reads as well (its letters stay the input's). The VLSP 2013 sentences write `lí` 213
    /// times where the training text has `lý`, and `li` stripped of marks stayed `li`. Not
    /// `ti`/`ty`, `vi`/`vy`: different words.
    /// `text`'s letters are one of `twinSkeletons` (the caller checks), so it ends in an i.
    func spellingTwinID(_ text: String, _ id: WordID) -> WordID {
        guard let last = text.unicodeScalars.last, let y = LineDecoder.yForI[last] else { return id }
        var twin = String.UnicodeScalarView(text.unicodeScalars.dropLast())
        twin.append(y)
        guard let twinID = model.id(of: String(twin)) else { return id }
        return Int(id) < model.vocabularySize && model.count(twinID) <= model.count(id) ? id : twinID
    }

    /// The letters (marks stripped) of the syllables `spellingTwinID` reads: an i after h, k, l, m, s or qu.
    static let twinSkeletons: Set<String> = ["hi", "ki", "li", "mi", "si", "qui"]

    /// Whether letters (marks stripped) hold a vowel pair whose tone has two places.
    static func mayPlaceToneTwoWays(_ letters: String) -> Bool {
        // On the bytes: Foundation's `contains` went through `NSString` (~3.8k instructions a call).
        var previous: UInt8 = 0
        for byte in letters.utf8 {
            if previous == UInt8(ascii: "o") && (byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e"))
                || previous == UInt8(ascii: "u") && byte == UInt8(ascii: "y") { return true }
            previous = byte
        }
        return false
    }
    /// y with the tone of each i. Only i readings borrow the y spelling's score: the other way
    /// round, names that keep a y (`xã Thủ Sỹ`) were scored as the common `sĩ` and lost.
    static let yForI: [Unicode.Scalar: Unicode.Scalar] = {
        Dictionary(uniqueKeysWithValues: zip("iíìỉĩị".unicodeScalars, "yýỳỷỹỵ".unicodeScalars))
    }()

    /// Whether a token of ASCII letters has an f, j, w or z, letters Vietnamese does not use (not
    /// `'Fổ`: a Vietnamese-model OCR's `'F` for a `T` before marked letters).
    static func hasLetterForeignToVietnamese(_ core: UnsafeBufferPointer<UInt8>) -> Bool {
        !core.contains { $0 >= 0x80 } && core.contains { byte in
            let lower = byte | 0x20
            return lower == UInt8(ascii: "f") || lower == UInt8(ascii: "j") || lower == UInt8(ascii: "w") || lower == UInt8(ascii: "z")
        }
    }

    /// Capitals (ASCII) with a digit other than `6`: the shape of a code (`3D`, `A4`, `F0`, `H5N1`).
    static func isCapitalCode(_ core: UnsafeBufferPointer<UInt8>) -> Bool {
        !core.contains(where: { $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x80 })
            && core.contains(where: { $0 >= 0x30 && $0 <= 0x39 && $0 != UInt8(ascii: "6") })
    }

    /// Short digit tokens that English-model OCR makes of common words: `6` and `0` (ở, ô), `56`
    /// (số: 6 times in the training pairs, as often as `$6`), `16` (`tỷ 16` tỷ lệ, `16 trình` lộ
    /// trình, `16 rệt` rõ rệt in the training pairs; `16 chức` tổ chức), and `1` + `0`/`4`/`6` +
    /// letters (`16i` lối, `10i` lời, `16p` lớp). Other numbers are numbers; these too where the
    /// context wants a number (`ngày 16 tháng 6`).
    static func mayBeDigitWord(_ core: UnsafeBufferPointer<UInt8>) -> Bool {
        if core.count == 1 { return core[0] == UInt8(ascii: "6") || core[0] == UInt8(ascii: "0") }
        if core.count == 2 { return (core[0] == UInt8(ascii: "5") || core[0] == UInt8(ascii: "1")) && core[1] == UInt8(ascii: "6") }
        guard (3...4).contains(core.count), core[0] == UInt8(ascii: "1"),
              core[1] == UInt8(ascii: "0") || core[1] == UInt8(ascii: "4") || core[1] == UInt8(ascii: "6") else { return false }
        return core[2...].allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// Whether a syllable ends in what OCR's trailing `? ' ’` stands for: a horn letter (ư, ơ, any
    /// tone: `ct?` cử, `tu’` tư, `co’` cơ; nearly all such marks in the OCR pairs).
    static func endsWithHorn(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last, let letter = VietnameseLetter(last) else { return false }
        return letter.modifier == .horn
    }

    /// Where token `p`'s capital, if it has one, is evidence of its word (`weighCapital`, unmarked
    /// text only; `position` weighs it only for a capitalised token): `midSentence` where no
    /// sentence starts there; `startsNameRun` where one does but the next token of the same
    /// sentence is capitalised (`: Tran Duy Hung`, `(Nguyen Trai)`), so the first may be part of a name.
    static func capitalEvidence(_ tokens: [LineToken], _ p: Int, in line: UnsafeBufferPointer<UInt8>, kind: DamageKind,
                                lineStartsSentence: Bool) -> (midSentence: Bool, startsNameRun: Bool) {
        guard kind == .unmarked else { return (false, false) }
        func midSentence(_ p: Int) -> Bool { !TokenScanner.startsSentence(tokens, p, in: line, lineStartsSentence: lineStartsSentence) }
        if midSentence(p) { return (true, false) }
        let startsNameRun = p + 1 < tokens.count && TokenScanner.joinsPreviousWord(tokens, p + 1) && midSentence(p + 1)
            && CasePattern.of(UnsafeBufferPointer(rebasing: line[tokens[p + 1].core])) == .title
        return (false, startsNameRun)
    }

    /// The decoding of a token that does not depend on its context, from the cache when it has
    /// been seen before.
    /// `midSentence`: no sentence starts at the token (`TokenScanner.startsSentence`), so a capital
    /// is evidence of the word (`weighCapital`; unmarked text). `startsNameRun`: a sentence starts
    /// at it, but the next token is capitalised too, so the capital may be a name's: it may favour
    /// words often capitalised, and penalizes none (`Ở Việt Nam` starts sentences as often as a
    /// name does: `Ở` must not lose its mark for being capitalised).
    func position(_ token: LineToken, in line: UnsafeBufferPointer<UInt8>, kind: DamageKind, midSentence: Bool = false, startsNameRun: Bool = false) -> Position {
        if TokenScanner.isCodeSyllable(line, token) {
            let lower = VietnameseCase.lowercase(String(decoding: UnsafeBufferPointer(rebasing: line[token.core]), as: UTF8.self))
            return Position(token: token, candidates: [Candidate(id: LanguageModel.numberID, channel: 0, text: lower, isIdentity: true)],
                            pattern: .upper, original: lower, endsSentence: token.endsSentence)
        }
        let core = UnsafeBufferPointer(rebasing: line[token.core])
        return position(token, in: line, core: core, kind: kind, midSentence: midSentence, startsNameRun: startsNameRun,
                        mayLackStrokes: mayLackStrokes(token, in: line, core: core, kind: kind))
    }

    /// The same for a token read as `core` (its bytes, or a variant of them: `Bo` for `BO`).
    func position(_ token: LineToken, in line: UnsafeBufferPointer<UInt8>, core: UnsafeBufferPointer<UInt8>, kind: DamageKind,
                  midSentence: Bool = false, startsNameRun: Bool = false, mayLackStrokes: Bool = false) -> Position {
        // Only English-model OCR leaves horn and hook marks behind as `? ' ’`.
        let readsMark = readsEnglishModelOCR && token.markEnd > token.core.upperBound && kind == .unmarked && !restoreOnly
        // (A `?` that may ask a question is still read both ways, the other way round in cost.)
        let asksQuestion = readsMark && LineDecoder.mayAskQuestion(token, in: line)
        let weighsCapital = (midSentence || startsNameRun) && kind == .unmarked && CasePattern.of(core) == .title
        let onlyFavours = weighsCapital && !midSentence
        // Typed text (not English-model OCR) keeps some words' letters (`keepTypedLetters`): names
        // only in text typed without marks and its settle passes (`settlesTypedText`).
        let typedText = !restoreOnly && !(kind == .unmarked && readsEnglishModelOCR)
        let keepsNames = typedText && (kind == .unmarked || settlesTypedText)
        // The cache key: the bytes read, and the flags they are prepared under.
        let bytes = readsMark ? UnsafeBufferPointer(rebasing: line[token.coreWithMark]) : core
        let flags: UInt32 = (restoreOnly ? 1 : 0) | (readsMark ? 2 : 0) | (readsEnglishModelOCR ? 4 : 0) | (weighsCapital ? 8 : 0) | (asksQuestion ? 16 : 0)
            | (mayLackStrokes ? 32 : 0) | (kind == .marked && penalizesMarkedLetterChanges ? 64 : 0) | (onlyFavours ? 128 : 0)
        let typing: UInt32 = typedText ? (keepsNames && midSentence ? 2 : 1) | (settlesTypedText ? 4 : 0) : 0
        let mode = (kind == .marked ? 1 : 0) | flags << 8 | typing << 16
        let prepared: PreparedToken
        if let hit = generator.prepared(bytes, mode: mode) {
            prepared = hit
        } else {
            var fresh = readsMark ? prepare(core, withMark: UnsafeBufferPointer(rebasing: line[token.coreWithMark]), kind: kind, asksQuestion: asksQuestion)
                                  : prepare(core, kind: kind, mayLackStrokes: mayLackStrokes)
            if weighsCapital { weighCapital(&fresh.candidates, onlyFavours: onlyFavours) }
            if typedText, fresh.candidates.count > 1 { keepTypedLetters(&fresh, core, name: keepsNames && midSentence) }
            prepared = fresh
            generator.storePrepared(bytes, mode: mode, prepared)
        }
        return Position(token: token, candidates: prepared.candidates, pattern: prepared.pattern, original: prepared.lower, endsSentence: token.endsSentence)
    }

    /// A word of typed text (not English-model OCR) that keeps its letters as typed loses the
    /// readings that change them: it may gain marks (`Ha Noi` Hà Nội), no more. Typed text loses
    /// marks, not letters, so a letter changed is harm where the word as typed is a word:
    /// - `name`: in text typed without marks, a word capitalised where no sentence starts is a
    ///   name, when it spells a syllable or a listed word of another language (`World Bank` lost
    ///   its k to Ban, `Hung` became Hướng, `chong Phap` Phá);
    /// - a word of four letters or more that is no syllable but a listed word of another language
    ///   (`deep learning` đẹp, `Team marketing` Tâm), in text with marks too.
    /// Other tokens may be OCR'd text that the damage estimate did not catch (`Qubc` Quốc, `cia` của).
    /// (Out of line: `position` runs for every token, this only when a token is first prepared.)
    @inline(never)
    func keepTypedLetters(_ prepared: inout PreparedToken, _ core: UnsafeBufferPointer<UInt8>, name: Bool) {
        let pattern = prepared.pattern
        guard pattern != .upper else { return }
        let listed = ForeignWords.log10Frequencies(core[...], capitalised: pattern == .title) != nil
        let valid = Syllable.isValid(Diacritics.strip(prepared.lower))
        guard pattern == .title && name && (valid || listed) || listed && !valid && core.count >= 4 else { return }
        let observed = Array(prepared.lower.unicodeScalars)
        prepared.candidates.removeAll { !$0.isIdentity && !LineDecoder.onlyRestoresMarks(observed, Array($0.text.unicodeScalars)) }
        if prepared.candidates.isEmpty { prepared.candidates = [keptAsIs(prepared.lower)] }
    }

    /// Decodes one line. `lookahead` is the next line of the document, if known: when this line
    /// does not end a sentence, its first token takes part in the search as right context (OCR'd
    /// text wraps mid-sentence, and a line's last word was otherwise read with left context only),
    /// but it is not written; `carried` is the state after this line's own last token.
    func decode(line: UnsafeBufferPointer<UInt8>, kind: DamageKind, carried: inout LMState,
                tokens: inout [LineToken], lookahead: UnsafeBufferPointer<UInt8>? = nil) -> (output: [UInt8], corrections: [Correction], endsForeign: Bool?) {
        TokenScanner.tokens(in: line, into: &tokens)
        let scratch = self.scratch ?? Scratch()
        var positions = Scratch.take(&scratch.positions)
        positions.reserveCapacity(tokens.count + 1)
        defer { Scratch.giveBack(&positions, to: &scratch.positions) }
        // Everything about a token but its context depends only on its bytes (and whether a
        // sentence starts there): prepare once.
        let lineStartsSentence = carried == model.startState
        let tokenList = tokens
        // Where each token's capital is evidence (unmarked text), worked out once for the rules below.
        let evidence = tokens.indices.map { LineDecoder.capitalEvidence(tokenList, $0, in: line, kind: kind, lineStartsSentence: lineStartsSentence) }
        for p in tokens.indices {
            // (`capitalEvidence` weighs capitals in unmarked text only; the settle passes of text
            // typed without marks still need to know where no sentence starts.)
            let midSentence = evidence[p].midSentence
                || settlesTypedText && !TokenScanner.startsSentence(tokenList, p, in: line, lineStartsSentence: lineStartsSentence)
            positions.append(position(tokens[p], in: line, kind: kind, midSentence: midSentence, startsNameRun: evidence[p].startsNameRun))
        }
        guard !positions.isEmpty else { return (Array(line), [], nil) }
        let lineCount = positions.count
        // (Not in restore mode on English-model OCR, where most words lose their readings with
        // the letters that mode may not change, and look foreign.)
        var endsForeign: Bool? = nil
        if !(restoreOnly && readsEnglishModelOCR) { endsForeign = keepForeignClauses(&positions, in: line, kind: kind) }
        if kind == .unmarked { keepTypedMarks(&positions, in: line) }
        for p in positions.indices where ForeignWords.isContraction(line[positions[p].token.core]) {
            positions[p].candidates = [keptAsIs(positions[p].original)]
        }
        // A unit right after a number (`930,22 km`, `5 kg`) is not a syllable that lost its vowel
        // (`cp` for `cấp`, `ctr` for `cử`).
        for p in positions.indices.dropFirst() where LineDecoder.isUnitAfterNumber(positions[p - 1], positions[p]) {
            positions[p].candidates = [keptAsIs(positions[p].original)]
        }
        // `tr.` before a number is a page (trang: `[1, tr. 12]`), not `trí` or `trở`.
        for p in positions.indices.dropLast() where LineDecoder.isPageAbbreviation(positions[p], before: positions[p + 1], in: line) {
            positions[p].candidates = [keptAsIs(positions[p].original)]
        }
        if kind == .unmarked { readCapitalsInSmallLine(&positions, in: line, kind: kind, evidence: { evidence[$0] }) }
        // English-model OCR adds stray periods after words (`quy. phạm pháp luật`): in OCR'd text a
        // lone `.` followed by a small word does not end the sentence for the language model (it
        // stays in the output: punctuation is the input's).
        if readsEnglishModelOCR {
            for p in 0..<(lineCount - 1) where positions[p].endsSentence && LineDecoder.isStrayPeriod(positions[p].token, before: positions[p + 1].token, in: line) {
                positions[p].endsSentence = false
            }
        }
        if let lookahead, !positions[lineCount - 1].endsSentence {
            var next: [LineToken] = []
            TokenScanner.tokens(in: lookahead, into: &next, limit: 1)
            if let first = next.first { positions.append(position(first, in: lookahead, kind: kind)) }
        }

        // Two capitalised tokens in a row where no sentence starts: a name more likely than not, so
        // pairs that the training text capitalises together (`Cần Thơ` over `cần thời`) gain
        // `pairWeight` (unmarked text; `CandidateGenerator.capitalisedPairs`). Empty when none.
        var pairPositions: [Bool] = []
        let pairWeight = DecoderTuning.shared.pairWeight
        if kind == .unmarked, pairWeight > 0 {
            for p in 1..<lineCount where positions[p].pattern == .title && positions[p - 1].pattern == .title
                && TokenScanner.joinsPreviousWord(tokenList, p) && evidence[p].midSentence {
                if pairPositions.isEmpty { pairPositions = [Bool](repeating: false, count: positions.count) }
                pairPositions[p] = true
            }
        }
        // Fetched (and on first use made) only for a line with such a pair.
        let capitalisedPairs = pairPositions.isEmpty ? UInt64Set.empty : generator.capitalisedPairs()
        // A constant from here on: the closures below read it without the runtime's exclusivity checks.
        let pairsAt = capitalisedPairs.isEmpty ? [] : pairPositions
        // Three capitalised words in a row where the second is mid-sentence are most likely a
        // person's name, which starts with the surname: a reading of the first that is a common
        // surname gains `surnameWeight` (unmarked text: `Nguyen Van Linh` Nguyễn Văn Linh, not the
        // commoner word nguyên). Also inside a longer run (`Ong Nguyen Van Linh`).
        let surnameWeight = DecoderTuning.shared.surnameWeight
        if kind == .unmarked, surnameWeight > 0, !generator.surnameIDs.isEmpty, lineCount >= 3 {
            for p in 0..<(lineCount - 2) where positions[p].pattern == .title && positions[p + 1].pattern == .title
                && positions[p + 2].pattern == .title && TokenScanner.joinsPreviousWord(tokenList, p + 1)
                && TokenScanner.joinsPreviousWord(tokenList, p + 2) && evidence[p + 1].midSentence {
                for i in positions[p].candidates.indices where generator.surnameIDs.contains(positions[p].candidates[i].id) {
                    positions[p].candidates[i].channel += surnameWeight
                }
            }
        }
        // A reading that makes a two-syllable dictionary word with the previous position's reading
        // (written next to it) gains `dictionaryWordWeight` (unmarked text: `Vung Thu do` Vùng Thủ
        // đô; the language model has seen few of the dictionary's words, and those mostly once, in
        // the lists). A syllable is part of one word at most: a reading that ended a word cannot
        // start the next (`tổng kết` then `thực`, not `kết thúc`). Along a path, words are taken
        // leftmost first, which finds as many as any choice could. Nil where it does not apply.
        let dictionaryWeight = kind == .unmarked ? DecoderTuning.shared.dictionaryWordWeight : 0
        let dictionary = dictionaryWeight > 0 ? generator.dictionaryWords() : nil
        /// Whether positions p - 1 and p may make a dictionary word.
        func mayMakeDictionaryWord(_ p: Int) -> Bool {
            dictionary != nil && p > 0 && p < lineCount && TokenScanner.joinsPreviousWord(tokenList, p)
        }
        /// Whether reading positions p - 1 and p as `left` and `right` makes a dictionary word.
        func makesDictionaryWord(_ p: Int, _ left: Candidate, _ right: Candidate) -> Bool {
            guard let dictionary, mayMakeDictionaryWord(p) else { return false }
            return dictionary.contains(left.lastID, right.id)
        }
        /// The pair bonus of reading positions p - 1 and p as `first` and `second`.
        func pairBonus(_ p: Int, _ first: WordID, _ second: WordID) -> Float {
            guard !pairsAt.isEmpty, p > 0, p < lineCount, pairsAt[p] else { return 0 }
            return capitalisedPairs.contains(CandidateGenerator.pairKey(first, second)) ? pairWeight : 0
        }
        let initialState = carried
        // Beam search over the candidates.
        // Every position's beam in one array (`beamStart[p]` onward), and two working beams of
        // `beamWidth + 1` hypotheses reused from position to position (plain memory: an array's
        // uniqueness checks and bounds checks cost as much as the search itself).
        var beams = Scratch.take(&scratch.beams)
        beams.reserveCapacity(positions.count * beamWidth)
        var beamStart = Scratch.take(&scratch.beamStart)
        beamStart.reserveCapacity(positions.count)
        defer {
            Scratch.giveBack(&beams, to: &scratch.beams)
            Scratch.giveBack(&beamStart, to: &scratch.beamStart)
        }
        let width = beamWidth
        var previous = UnsafeMutablePointer<Hypothesis>.allocate(capacity: width + 1)
        var kept = UnsafeMutablePointer<Hypothesis>.allocate(capacity: width + 1)
        defer {
            previous.deallocate()
            kept.deallocate()
        }
        previous[0] = Hypothesis(state: carried, score: 0, parent: -1, candidate: -1)
        var previousCount = 1
        let weight = languageModelWeight
        let threshold = beamThreshold
        // Exact pruning (with `scoreBounds`): an expansion whose score cannot beat the worst of a full
        // beam would be dropped on insertion, and one that falls below the threshold under the best
        // so far would be dropped at the end of the position (the best only rises), so its
        // language-model score need not be computed. The bounds are padded (`scoreUpperBounds`), so
        // their sums, made in another order than a real score's, still cannot round below it.
        let bounds = weight > 0 ? scoreBounds?.scores : nil
        // The memo, borrowed once for the search (asked through `score` in the loop, the optional
        // was copied, with a retain, at every expansion).
        let memo = scores
        let endBound = bounds.map { $0[Int(LanguageModel.sentenceEndID)] } ?? 0
        // Per candidate of the position at hand: its channel score plus its weighted bound (+∞
        // without bounds: nothing is pruned). Plain memory, like the beams (as arrays captured by
        // the loop's closure, each append paid a uniqueness check and an exclusivity check).
        let mostCandidates = max(1, positions.reduce(0) { max($0, $1.candidates.count) })
        let optimistic = UnsafeMutablePointer<Float>.allocate(capacity: mostCandidates)
        defer { optimistic.deallocate() }
        // An expansion whose pair (parent's last word, reading) the model has never seen scores by
        // back-off alone (84 % of them on sample 003): its parts, the parent's back-off and the
        // reading's unigram, are looked up once per parent and per reading, not per expansion
        // (`TrigramView.scoreUnseenPair`; the same arithmetic as `score`, so the same scores).
        let view = model.trigram
        let unseenPairs = view.isTrigram
        let pairWords = UnsafeMutablePointer<TrigramView.UnseenPairWord>.allocate(capacity: mostCandidates)
        defer { pairWords.deallocate() }
        let empty = model.emptyState
        let pairWordTable = scoreBounds.flatMap { $0.model == ObjectIdentifier(model) ? $0.unseenPairWords : nil } ?? []
        for p in positions.indices {
            let position = positions[p]
            // Keep the best `beamWidth` hypotheses, one per language-model state (recombination),
            // by insertion into a short sorted list; ties keep the earlier expansion.
            var keptCount = 0
            // What an expansion must beat: the worst of a full beam (`<=` drops it) and the best
            // so far minus the threshold (`<` drops it); -∞ while they do not apply.
            var fullFloor = -Float.infinity, nearFloor = -Float.infinity
            // Both tests in one: `x <= pruneFloor` exactly when `x <= fullFloor || x < nearFloor`
            // (for floats, `x < y` is `x <= y.nextDown`).
            var pruneFloor = -Float.infinity
            let isPair = !pairsAt.isEmpty && pairsAt[p]
            let weighsWords = mayMakeDictionaryWord(p)
            let nextMayMakeWord = weighsWords && mayMakeDictionaryWord(p + 1)
            // The parents' readings, taken out once (read through `positions` inside the closure
            // below, each parent paid an exclusivity check).
            let previousCandidates = p > 0 ? positions[p - 1].candidates : []
            // The two beams as constants for the closure (captured as the vars they are, swapped
            // below, every read paid an exclusivity check).
            let parents = previous, parentCount = previousCount, keptBeam = kept
            positions[p].candidates.withUnsafeBufferPointer { candidates in
                var bestOptimistic = -Float.infinity
                var channelFloor = -Float.infinity
                if let searchCut {
                    var bestChannel = -Float.infinity
                    for candidate in candidates { bestChannel = max(bestChannel, candidate.channel) }
                    channelFloor = bestChannel - searchCut
                }
                for candidate in candidates.indices {
                    // (Bounds and unseen-pair parts are by the word the model scores.)
                    if candidates[candidate].channel < channelFloor, !candidates[candidate].isIdentity {
                        // (Never scored: -∞ fails every pruning test, so it needs no unseen-pair part.)
                        optimistic[candidate] = -Float.infinity
                        continue
                    }
                    let word = model.scoredWord(candidates[candidate].id)
                    if unseenPairs { pairWords[candidate] = Int(word) < pairWordTable.count ? pairWordTable[Int(word)] : view.unseenPairWord(word) }
                    var best = Float.infinity
                    if let bounds {
                        best = candidates[candidate].channel + weight * bounds[Int(word)]
                        if candidates[candidate].secondID != .max { best += weight * bounds[Int(model.scoredWord(candidates[candidate].secondID))] }
                        if position.ends(candidates[candidate]) { best += weight * endBound }
                    }
                    if isPair { best += pairWeight }
                    optimistic[candidate] = best
                    bestOptimistic = max(bestOptimistic, best)
                }
                // (The bonus is added per parent below; the parents' bound takes it as possible.)
                if weighsWords { bestOptimistic += dictionaryWeight }
                for parentIndex in 0..<parentCount {
                    let parent = parents[parentIndex]
                    // Parents come best first: when the best this parent could reach is out, so is every later one's.
                    let reach = parent.score + bestOptimistic
                    if reach <= pruneFloor { break }
                    // The words that make a dictionary word after this parent's last word: looked
                    // up only for an expansion that the bound cannot prune even with the bonus.
                    var seconds = DictionaryWords.Run.empty
                    if weighsWords, !parent.endsWord { seconds = dictionary!.run(after: previousCandidates[Int(parent.candidate)].lastID) }
                    let possibleBonus = seconds.isEmpty ? 0 : dictionaryWeight
                    let parentBackoff = unseenPairs ? view.unseenPairBackoff(parent.state) : nil
                    for candidateIndex in candidates.indices {
                        // Exact pruning: could neither enter the full beam nor come within the
                        // threshold of the best so far (which only rises).
                        let best = parent.score + optimistic[candidateIndex]
                        if best + possibleBonus <= pruneFloor { continue }
                        var bonus: Float = 0
                        if possibleBonus > 0 {
                            if seconds.contains(candidates[candidateIndex].id) {
                                bonus = dictionaryWeight
                            } else if best <= pruneFloor {
                                continue
                            }
                        }
                        let logP: Float, next: LMState
                        if let parentBackoff, candidates[candidateIndex].secondID == .max,
                           !view.mayContainPair(parent.state.w2, pairWords[candidateIndex].word) {
                            (logP, next) = view.scoreUnseenPair(backoff: parentBackoff, pairWords[candidateIndex], empty: empty)
                        } else {
                            (logP, next) = LineDecoder.score(memo, model, parent.state, candidates[candidateIndex].id,
                                                             then: candidates[candidateIndex].secondID)
                        }
                        var total = parent.score + candidates[candidateIndex].channel + weight * logP + bonus
                        if isPair { total += pairBonus(p, previousCandidates[Int(parent.candidate)].lastID, candidates[candidateIndex].id) }
                        var state = next
                        if position.ends(candidates[candidateIndex]) {
                            total += weight * endScore(next)
                            state = model.startState
                        }
                        if total <= fullFloor { continue }
                        // (Whether it ended a word matters only where the next position may make
                        // one, and only for a word that starts some.)
                        let endsWord = bonus > 0 && nextMayMakeWord && !dictionary!.run(after: candidates[candidateIndex].lastID).isEmpty
                        var same = 0
                        while same < keptCount, keptBeam[same].state != state || keptBeam[same].endsWord != endsWord { same += 1 }
                        if same < keptCount {
                            guard total > keptBeam[same].score else { continue }
                            // Drop the worse hypothesis of the same state.
                            for k in same..<(keptCount - 1) { keptBeam[k] = keptBeam[k + 1] }
                            keptCount -= 1
                        }
                        // Insert after every hypothesis that scores at least as well.
                        var at = keptCount
                        while at > 0, keptBeam[at - 1].score < total {
                            keptBeam[at] = keptBeam[at - 1]
                            at -= 1
                        }
                        keptBeam[at] = Hypothesis(state: state, score: total, parent: Int32(parentIndex), candidate: Int16(candidateIndex), endsWord: endsWord)
                        keptCount = min(keptCount + 1, width)
                        if bounds != nil { nearFloor = keptBeam[0].score - threshold }
                        if keptCount == width { fullFloor = keptBeam[width - 1].score }
                        pruneFloor = max(fullFloor, nearFloor.nextDown)
                    }
                }
            }
            // Threshold pruning: a hypothesis this far behind the best rarely recovers (and the
            // next position's parents are fewer).
            if keptCount > 0 {
                let floor = kept[0].score - threshold
                while keptCount > 0, kept[keptCount - 1].score < floor { keptCount -= 1 }
            }
            beamStart.append(beams.count)
            beams.append(contentsOf: UnsafeBufferPointer(start: kept, count: keptCount))
            swap(&previous, &kept)
            previousCount = keptCount
        }
        // Back-track the best path.
        var chosen = Scratch.take(&scratch.chosen)
        chosen.append(contentsOf: repeatElement(0, count: positions.count))
        defer { Scratch.giveBack(&chosen, to: &scratch.chosen) }
        var index = 0
        for p in stride(from: positions.count - 1, through: 0, by: -1) {
            let hypothesis = beams[beamStart[p] + index]
            chosen[p] = Int(hypothesis.candidate)
            if p == lineCount - 1 { carried = hypothesis.state }
            index = Int(hypothesis.parent)
        }

        // Confidence gate: compare each change with keeping the original, over a local window.
        var states = Scratch.take(&scratch.states)
        states.append(contentsOf: repeatElement(initialState, count: positions.count))
        defer { Scratch.giveBack(&states, to: &scratch.states) }
        var state = initialState
        for p in positions.indices {
            states[p] = state
            let pick = positions[p].candidates[chosen[p]]
            let (_, next) = score(state, pick.id, then: pick.secondID)
            state = positions[p].ends(pick) ? model.startState : next
        }
        var confidences = Scratch.take(&scratch.confidences)
        confidences.append(contentsOf: repeatElement(1, count: positions.count))
        defer { Scratch.giveBack(&confidences, to: &scratch.confidences) }
        // The dictionary words along the chosen path, leftmost first as the search takes them:
        // `endsWord[q]` when positions q - 1 and q make one.
        let endsWord = dictionary == nil ? [] : DictionaryWords.leftmostWordEnds(count: lineCount) { q in
            makesDictionaryWord(q, positions[q - 1].candidates[chosen[q - 1]], positions[q].candidates[chosen[q]])
        }
        /// How many more dictionary words the path makes with position p read as `candidate`
        /// than as chosen: the words are taken again from p on, until they fall in step.
        /// (`positions` and `chosen` are passed, not captured: a local function that captures a
        /// `var` makes every access to it, here and in the search, pay the runtime's exclusivity check.)
        func wordsGained(_ p: Int, _ candidate: Candidate, _ positions: [Position], _ chosen: [Int]) -> Int {
            func reading(_ q: Int) -> Candidate { q == p ? candidate : positions[q].candidates[chosen[q]] }
            var gained = 0
            var previousEnds = p > 0 && endsWord[p - 1]
            var q = max(p, 1)
            while q < lineCount {
                let ends = !previousEnds && makesDictionaryWord(q, reading(q - 1), reading(q))
                gained += (ends ? 1 : 0) - (endsWord[q] ? 1 : 0)
                // From p + 1 on, a word depends only on its readings (unchanged) and whether the one before ended one.
                if q > p, ends == endsWord[q] { break }
                previousEnds = ends
                q += 1
            }
            return gained
        }
        var dictionaryWords: DictionaryWords? = nil
        for p in 0..<lineCount {
            let candidates = positions[p].candidates
            let pick = candidates[chosen[p]]
            guard !pick.isIdentity || !pick.text.hasSameBytes(as: positions[p].original) else { continue }
            if pick.channel < minimumChannel, candidates.contains(where: { $0.isIdentity }) == false {
                // Nothing believable: keep the token as it is (handled at output).
                confidences[p] = 0
                continue
            }
            guard let identity = positions[p].typedIndex else {
                confidences[p] = pick.channel < minimumChannel ? 0 : 1
                continue
            }
            var gain = windowScore(positions, chosen, at: p, states: states, using: chosen[p])
                - windowScore(positions, chosen, at: p, states: states, using: identity)
            if dictionary != nil {
                // The dictionary words the path loses with the token as it is.
                gain -= dictionaryWeight * Float(wordsGained(p, candidates[identity], positions, chosen))
            }
            if !pairsAt.isEmpty {
                // The pairs this position forms with its neighbours' readings.
                func pairs(_ candidate: Candidate, _ positions: [Position], _ chosen: [Int]) -> Float {
                    (p > 0 ? pairBonus(p, positions[p - 1].candidates[chosen[p - 1]].lastID, candidate.id) : 0)
                        + (p + 1 < lineCount ? pairBonus(p + 1, candidate.lastID, positions[p + 1].candidates[chosen[p + 1]].id) : 0)
                }
                gain += pairs(pick, positions, chosen) - pairs(candidates[identity], positions, chosen)
            }
            confidences[p] = 1 / (1 + pow(10, -Double(gain)))
            var needed = margin[kind]
            if kind == .marked, p < tokens.count {
                // In text with marks, a capitalised word where no sentence starts is most likely a
                // name (`Phan Châu Trinh`, `Lê Thánh Tông`, `Đông Âu`): the model knows few names, so
                // the marks as typed are likelier right than its reading of them. (Not in the settle
                // passes, which read the first pass's output of unmarked text.)
                let nameMargin = DecoderTuning.shared.markedNameMargin
                if nameMargin > 0, penalizesMarkedLetterChanges, positions[p].pattern == .title,
                   !TokenScanner.startsSentence(tokenList, p, in: line, lineStartsSentence: lineStartsSentence) {
                    needed += nameMargin
                }
                // A word that makes a dictionary word with a neighbour as typed (`lúc bấy giờ`,
                // `bàng quan`, `phản đối`) is likelier right than misread, even where the model,
                // which has not seen that word, prefers another reading.
                let dictionaryMargin = DecoderTuning.shared.dictionaryMargin
                if dictionaryMargin > 0 {
                    if dictionaryWords == nil { dictionaryWords = generator.dictionaryWords() }
                    if LineDecoder.makesDictionaryWord(positions, at: p, tokens: tokenList, words: dictionaryWords!) { needed += dictionaryMargin }
                }
            }
            if gain < needed {
                chosen[p] = identity
                confidences[p] = 0
            }
        }

        // Write the output: unchanged bytes, with changed cores replaced (cased like the input).
        var output: [UInt8] = []
        output.reserveCapacity(line.count + 16)
        var corrections: [Correction] = []
        var copied = 0
        for (p, position) in positions[..<lineCount].enumerated() {
            let pick = position.candidates[chosen[p]]
            guard !pick.text.hasSameBytes(as: position.original), confidences[p] > 0 else { continue }
            // The same syllable with its tone mark elsewhere (`toà` read as the model's more
            // frequent `tòa`) is no correction: placement is the tone style's business, and the
            // default style keeps the input's.
            if pick.placesToneElsewhere { continue }
            // A capital I or J that was read as a small l starts a small word: `Idi` is lợi, not Lợi.
            let first = line[position.token.core.lowerBound]
            let readsSmallL = position.pattern == .title && (first == UInt8(ascii: "I") || first == UInt8(ascii: "J")) && pick.text.utf8.first == UInt8(ascii: "l")
            var replacement = (readsSmallL ? CasePattern.lower : position.pattern).apply(pick.text)
            // A capitalised token read as two words that the training text capitalises together
            // (`Vietnam` Việt Nam, `Hoabinh` Hòa Bình) has both capitalised, as written apart.
            if pick.secondID != .max, position.pattern == .title,
               generator.capitalisedPairs().contains(CandidateGenerator.pairKey(pick.id, pick.secondID)) {
                replacement = pick.text.split(separator: " ").map { CasePattern.title.apply(String($0)) }.joined(separator: " ")
            }
            let range = pick.absorbsMark ? position.token.coreWithMark : position.token.core
            output.append(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<range.lowerBound]))
            let start = output.count
            output.append(contentsOf: replacement.utf8)
            copied = range.upperBound
            let alternatives = listsAlternatives ? position.candidates.indices.filter { $0 != chosen[p] }.prefix(3).map { position.pattern.apply(position.candidates[$0].text) } : []
            corrections.append(Correction(
                inputRange: range, outputRange: start..<output.count,
                original: String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self),
                replacement: replacement, confidence: confidences[p], alternatives: alternatives))
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<line.count]))
        return (output, corrections, endsForeign)
    }

    /// A clause in another language stays as it is. A clause ends at punctuation; it is foreign
    /// - where at least half of its small-letter words (three or more; capitalised ones may be
    ///   names) have no believable Vietnamese reading (`The meeting was held in Hanoi`: `meeting`,
    ///   `held`, none scoring −5 or better); its other words are that language's too, though some
    ///   spell syllables (`the` is no `thể`, `dog` no `đó`). No clause of the evaluation text
    ///   (bundled, leave-one-out, VLSP 2013; OCR'd, stripped or right) has more than a third;
    /// - or where its words (three or more; a capitalised one only where a sentence starts, one in
    ///   capitals unless it is a code: unlisted and without a reading) are on
    ///   average `foreignClauseLead` likelier as words of one language (`ForeignWords`: English,
    ///   French, Spanish, Portuguese, Italian, German; the others as typed without accents) than as
    ///   their likeliest Vietnamese readings (`likeliestVietnamese`): `It is in the box on the table`
    ///   spells syllables throughout (ít, in, thể, ổn) but is plain English, and `Le chat est sur la
    ///   table` plain French. A language is weighed only where half the words or more are its listed
    ///   words or have no reading; in English-model OCR, English alone. The evaluation text's clauses
    ///   reach 0.03 at most;
    /// - or, for a clause of one or two such words (`Watch it!`), where they lean that way as much
    ///   and the clause before it (on this line, or ending the line right before: `followsForeignClause`)
    ///   or after it is foreign.
    /// Returns whether the line's last clause (with words that count) is foreign; nil when it has none.
    @discardableResult
    func keepForeignClauses(_ positions: inout [Position], in line: UnsafeBufferPointer<UInt8>, kind: DamageKind) -> Bool? {
        struct Clause {
            var start = 0, end = 0
            /// Small-letter words, and those of them without a believable reading (the first test).
            var smallWords = 0, withoutReading = 0
            /// Words that count for a language, and per language (`ForeignWords.Language` lane)
            /// those of them that it lists or that have no reading.
            var foreignWords = 0
            var looking = ForeignWords.Frequencies(repeating: 0)
            /// The largest summed lead (`likeliestVietnamese`) over the languages that half the
            /// words or more look like (−∞ where none does).
            var foreignLead: Float = 0
        }
        var clauses: [Clause] = []
        clauses.reserveCapacity(8)
        var clause = Clause()
        let unlisted = ForeignWords.Frequencies(repeating: ForeignWords.unlisted)
        // In English-model OCR without marks, English alone: that OCR makes short Romance words of
        // Vietnamese ones (`So se de xual` for Sở sẽ đề xuất, which reads as Spanish on a weak
        // model). (`readsEnglishModelOCR` also holds for text with marks, whose Latin-1 letters
        // look like that OCR's accents; there, Vietnamese words keep theirs.)
        var weighedLanes = ForeignWords.languageLanes
        if readsEnglishModelOCR, kind == .unmarked {
            weighedLanes = ForeignWords.Frequencies(repeating: 0)
            weighedLanes[ForeignWords.Language.english.rawValue] = 1
        }
        // The current clause's words that count, with their log10 frequency in each language.
        var counted: [(position: Int, frequencies: ForeignWords.Frequencies)] = []
        counted.reserveCapacity(positions.count)
        for p in positions.indices {
            let core = positions[p].token.core
            let pattern = positions[p].pattern
            // The words that count: two or more letters (ASCII letters, or the lead and continuation
            // bytes of Vietnamese ones, counted by lead bytes: `ở`, which a repair may make of `o`,
            // counts no more than `o` does); small, or capitalised where a sentence starts (`The`,
            // `It`; elsewhere a capitalised word is likely a name, which says nothing of its
            // clause's language: `luat gia Edward Coke va William Blackstone`), or in capitals
            // unless a code, listed nowhere and without a reading (`THE PROGRAM IS WITH YOU` and
            // `BAO CAO TONG KET` count, `UBND` does not).
            let listedCapitals = pattern == .upper ? ForeignWords.log10Frequencies(line[core], capitals: true) : nil
            let unlistedCapitals = pattern == .upper && listedCapitals == nil
            if pattern == .lower || pattern == .title && p == clause.start && (p == 0 || positions[p - 1].endsSentence)
                || listedCapitals != nil || unlistedCapitals && positions[p].hasBelievableReading,
               core.count >= 2, line[core].allSatisfy({ $0 >= 0x80 || TokenScanner.isASCIILetter($0) }),
               line[core].dropFirst().contains(where: { $0 & 0xC0 != 0x80 }) {
                // (Unlisted capitals that count have a believable reading: no second look.)
                let believable = unlistedCapitals || positions[p].hasBelievableReading
                // Small letters only for the readings' test (a capitalised word may be a name).
                if pattern == .lower {
                    clause.smallWords += 1
                    if !believable { clause.withoutReading += 1 }
                }
                let frequencies = listedCapitals ?? ForeignWords.log10Frequencies(line[core], capitalised: pattern == .title) ?? unlisted
                clause.foreignWords += 1
                clause.looking += believable ? ForeignWords.Frequencies(repeating: 0).replacing(with: 1, where: frequencies .> unlisted) : ForeignWords.Frequencies(repeating: 1)
                counted.append((p, frequencies))
            }
            let clauseEnds = p + 1 == positions.count || positions[p].endsSentence
                || line[core.upperBound..<positions[p + 1].token.core.lowerBound].contains { LineDecoder.isClausePunctuation($0) }
            guard clauseEnds else { continue }
            clause.end = p + 1
            // The lead (the costly part: every reading's unigram) only where half the words or more
            // look like one language's: no other clause leans that way.
            let leans = clause.looking * 2 .>= ForeignWords.Frequencies(repeating: Float(clause.foreignWords)) .& weighedLanes .== 1
            if clause.foreignWords > 0, any(leans) {
                var lead = ForeignWords.Frequencies(repeating: 0)
                for word in counted {
                    lead += word.frequencies.replacing(with: -6, where: word.frequencies .== unlisted) - likeliestVietnamese(positions[word.position].candidates)
                }
                clause.foreignLead = lead.replacing(with: -.infinity, where: .!leans).max()
            } else {
                clause.foreignLead = -.infinity
            }
            if clause.foreignWords > 0 { clauses.append(clause) }
            clause = Clause(start: p + 1)
            counted.removeAll(keepingCapacity: true)
        }
        guard !clauses.isEmpty else { return nil }
        let lead = DecoderTuning.shared.foreignClauseLead
        var isForeign = clauses.map { c in
            c.smallWords >= 3 && c.withoutReading * 2 >= c.smallWords || c.foreignWords >= 3 && c.foreignLead > lead * Float(c.foreignWords)
        }
        // A short clause (`Watch it!`) next to a foreign one is foreign when its words lean that way too.
        for k in clauses.indices where !isForeign[k] && clauses[k].foreignWords < 3 && clauses[k].foreignLead > lead * Float(clauses[k].foreignWords) {
            if k > 0 ? isForeign[k - 1] : followsForeignClause { isForeign[k] = true }
            if k + 1 < clauses.count && isForeign[k + 1] { isForeign[k] = true }
        }
        // A word of a foreign clause that no language lists but that is a common Vietnamese word
        // (`va`, `trong`, `nam nay` in `machine learning va cloud computing trong nam nay`) is
        // Vietnamese around foreign terms, and is read as such.
        let vietnameseFloor = DecoderTuning.shared.vietnameseInForeignClause
        for (k, c) in clauses.enumerated() where isForeign[k] {
            for q in c.start..<c.end {
                if vietnameseFloor < 0, positions[q].pattern == .lower, positions[q].token.core.count >= 2, positions[q].hasBelievableReading,
                   ForeignWords.log10Frequencies(line[positions[q].token.core]) == nil,
                   likeliestVietnamese(positions[q].candidates) >= vietnameseFloor { continue }
                positions[q].candidates = [keptAsIs(positions[q].original)]
            }
        }
        return isForeign[clauses.count - 1]
    }

    /// log10 of a word's likeliest Vietnamese reading: channel score plus unigram probability, over
    /// the readings the model knows (−8 when none). A clause's lead in a language sums, per word,
    /// its log10 frequency in that language (`ForeignWords`; −6 when not listed) less this.
    func likeliestVietnamese(_ candidates: [Candidate]) -> Float {
        var best: Float = -8
        for candidate in candidates where model.scoredWord(candidate.id) > LanguageModel.numberID {
            best = max(best, candidate.channel + model.unigramProbability(Int(candidate.id)))
        }
        return best
    }

    /// In text without marks, a syllable typed with them (a line from elsewhere: `tại Hà Nội` in a
    /// document typed without marks) stays as it is. English-model OCR writes no letter beyond
    /// Latin-1 (none in any of its pairs or in seed 003), so such a letter was typed; and where the
    /// text does not look OCR'd, its Latin-1 accents (`Hà`) were typed too. Read on the core's
    /// bytes: a syllable's letters at U+00C0 and above lead with 0xC3 (Latin-1) or more (0xC4–0xC6,
    /// 0xE1: beyond), and a token with neither is skipped without a `String`.
    func keepTypedMarks(_ positions: inout [Position], in line: UnsafeBufferPointer<UInt8>) {
        for p in positions.indices {
            let core = line[positions[p].token.core]
            guard core.contains(where: { $0 >= (readsEnglishModelOCR ? 0xC4 : 0xC3) }),
                  Syllable.isValid(positions[p].original) else { continue }
            positions[p].candidates = [keptAsIs(positions[p].original)]
        }
    }

    @inline(__always)
    static func isClausePunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""): true
        default: false
        }
    }

    /// Whether the token at `p`, as it is, makes a word of `words` (`CandidateGenerator.dictionaryWords`)
    /// with the previous or the next token as it is (written next to it, with no punctuation between).
    static func makesDictionaryWord(_ positions: [Position], at p: Int, tokens: [LineToken], words: DictionaryWords) -> Bool {
        guard !words.isEmpty else { return false }
        func typed(_ q: Int) -> WordID? { positions[q].typedIndex.map { positions[q].candidates[$0].id } }
        guard let word = typed(p) else { return false }
        if p > 0, TokenScanner.joinsPreviousWord(tokens, p), let left = typed(p - 1), words.contains(left, word) {
            return true
        }
        if p + 1 < tokens.count, TokenScanner.joinsPreviousWord(tokens, p + 1), let right = typed(p + 1), words.contains(word, right) {
            return true
        }
        return false
    }

    /// Channel plus language-model score of positions p…p+2 when position p reads `candidateIndex`.
    func windowScore(_ positions: [Position], _ chosen: [Int], at p: Int, states: [LMState], using candidateIndex: Int) -> Float {
        var state = states[p]
        var total: Float = 0
        for q in p..<min(p + 3, positions.count) {
            let candidate = positions[q].candidates[q == p ? candidateIndex : chosen[q]]
            let (logP, next) = score(state, candidate.id, then: candidate.secondID)
            total += (q == p ? candidate.channel : 0) + languageModelWeight * logP
            state = next
            if positions[q].ends(candidate) {
                // Go on from a new sentence: the two readings compared may end it at different places (`ct?`).
                total += languageModelWeight * endScore(next)
                state = model.startState
            }
        }
        return total
    }
}

/// The decoder's weights in one place. Defaults were set on the seed003-dev set; the
/// `VNFIX_TUNE` environment variable (`name=value,…`) overrides them for tuning runs.
struct DecoderTuning: Sendable {
    var beamWidth = 10
    var languageModelWeight: Float = 1.0
    var unmarkedMargin: Float = 0.3
    var markedMargin: Float = 1.2
    var unknownPenalty: Float = 2.0
    var invalidPenalty: Float = 1.0
    var channelCut: Float = 6.0
    /// Candidates beyond the token's own mark variants, ranked by channel + prior·log10(count)
    /// (16 → 24: seed003-dev +0.13 pt, held-out eng-000 sets +0.03 to +0.17 pt, no change in harm).
    var maximumCandidates = 24
    var frequencyPrior: Float = 0.3
    /// Extra passes over a changed line, read as marked text, until it no longer changes.
    var settlePasses = 2
    /// Marked text has few live readings per token, so settling needs only a narrow beam.
    var settleBeamWidth = 4
    /// Text that already carries marks needs context more than the channel to find real-word errors.
    var markedLanguageModelWeight: Float = 1.3
    /// Training count from which an ill-formed token is taken for a real (foreign) word.
    var foreignWordCount: UInt32 = 20
    /// Channel cost of reading a token's leading capital `I` as a lowercase `l`.
    var capitalIForL: Float = 0.5
    /// Channel cost of reading a `? ' ’` right after a letter in unmarked text as punctuation
    /// rather than as what English-model OCR made of a horn or hook (`ct?` cử).
    var markAsPunctuation: Float = 1.0
    /// Weight of a capitalised token's evidence for words often capitalised mid-sentence (set on
    /// seed003-dev: 0.2–0.3 gain two tokens there, 0.5 and 1.0 one).
    var capitalisedWeight: Float = 0.3
    /// Channel score a word must reach to be a reading of a digit token (`6` ở).
    var digitWordFloor: Float = -3
    /// Channel cost of the number reading of such a token, next to its word readings.
    var digitAsNumber: Float = 0
    /// Hypotheses further than this (log10) behind a position's best are dropped from the beam
    /// (3.5: the whole of seed 003 repairs exactly as with none, seed003-dev unchanged down to 3, which
    /// misread `nd1 dung` elsewhere in seed 003; repair ~1.4× faster, as an expansion that cannot
    /// come within it of the best so far is never scored).
    var beamThreshold: Float = 3.5
    /// Bonus (log10) for two capitalised tokens read as a pair the training text capitalises
    /// together (seed003-dev: 0.5–1.2 gain a token, 2 gains three but loses held-out sets).
    var pairWeight: Float = 1.0
    /// Bonus (log10) for a surname reading of the first of three capitalised words
    /// (`LineDecoder.decode`): the language model has seen `nguyễn` 21 times in 14 MB, where
    /// general Vietnamese has it about as often as `trần` or `lễ`. seed003-dev 98.035 % at 0,
    /// 98.101 % at 0.5, 1 and 2 (`Nguyễn Thị Định`); 1 kept.
    var surnameWeight: Float = 1.0
    /// Bonus (log10) for a reading that makes a two-syllable word of the dictionary
    /// (`Corpora/lexicon/words-vi.txt`, 22.6k words) with the previous position's reading, in text
    /// without marks (`LineDecoder.decode`; a syllable is part of one such word at most). Set on
    /// the dev sets: seed003-dev 98.101 % at 0, 98.166 at 0.4, 98.297 at 0.5, 98.494 at 0.6–0.8,
    /// 98.363 at 1; stripped-003-dev 99.345, 99.280, 99.411 at 0.5–0.7, 99.476 at 0.8 and 1. 0.8
    /// gains that one token but reads `như thể?` for `Tai sao lai nhu thé?` (a test); 0.6 kept.
    var dictionaryWordWeight: Float = 0.6
    /// Channel cost of a reading with other letters than an unmarked token's, in text that does not
    /// look English-model OCR'd (seed003-dev is OCR'd, and a stripped copy of its gold has no error
    /// that changes letters: 0–4 alike there; on the held-out stripped-000, 1, 2 and 4 alike, 0 lower).
    var strippedLetterPenalty: Float = 2
    /// In text typed without marks, readings that only add marks cost nothing (`LineDecoder.prepare`).
    /// Off (OCR's mark costs kept): stripped-003-dev 99.018 %, VLSP 2013 stripped 94.444 %,
    /// stripped-000 98.975 %; on: 99.214 / 94.552 / 98.975 %. Halving the costs: 99.083 / 94.540 /
    /// 98.975 %.
    var marksFreeWhenTyped = true
    /// What a change to a capitalised word where no sentence starts, in text with marks, must gain
    /// beyond `markedMargin` (a name's marks as typed; `LineDecoder.decode`'s gate). VLSP 2013 right
    /// text (`Tools/eval/independent.py`): 0 and 0.5 change 65 tokens of 87,818, 1 changes 52 (13 names
    /// kept: `Phan Châu Trinh` ×7, `Lê Thánh Tông` ×3, `Đông Âu` ×2, `Quận`), 2 changes 49. On the
    /// vie OCR sets 1 loses one token (`Nên` → Nền in a capitalised UI label, lohelp poor), 2 loses
    /// five more, held-out vie-000 poor among them; every other set is unchanged.
    var markedNameMargin: Float = 1
    /// Channel cost of reading a `?` that may ask a question (`LineDecoder.mayAskQuestion`) as a
    /// horn instead (`thi? Sau` thứ Sáu); 0.5–2 measure alike on every set.
    var questionAsHorn: Float = 1
    /// The settle passes search only readings within this (log10) of a token's best channel score
    /// (0: all, as far as `channelCut`). A change there must gain the marked margin over the token as
    /// it is, so a reading 4 below needs a language-model gain of ~4 over three words; with 4, every
    /// eval input and sample 003 × 10 repair byte for byte as with all, with 2 % fewer instructions
    /// (callgrind, sample 003 × 10; 1.4 % on × 3). 3 loses a token on eng-000 poor.
    var settleCut: Float = 4
    /// Evidence (log10, `AbbreviationReader`) beyond which an abbreviation's strokes become a reading,
    /// with the rest as its channel score (the confidence gate's margin comes on top). Set on the
    /// D/Đ abbreviations inside codes of the training text, read with their strokes taken off:
    /// `QĐ` 0.99, `HĐND` 1.36, `HĐPH` 0.54, `BTĐKT` 0.67, `BGDĐT` 1.65, `TTHĐND` 3.14 get theirs back;
    /// `HD` (0.19), `UBND`, `CTUBND`, `PBGDPL` rightly none; `DTS` (1.34) wrongly; `NĐ` is missed.
    /// English words get strokes too (`MODE` 2.97, `UPDATE` 1.41), hence codes only and known words kept.
    var abbreviationEvidence: Float = 0.2
    /// Training count from which an all-capital token counts as known as it is (`CD`, `DVD`).
    var abbreviationKnownCount: UInt32 = 10
    /// Channel cost of a reading with other letters than a syllable's in text with marks
    /// (Vietnamese-model OCR changes marks far more often than letters). Set on the training-side
    /// vie OCR sets (001, 002): 1 changes none of them, 2 loses 1 token on vie-001 poor (and 4 on
    /// held-out vie-000 poor). On right text from outside the seeds' domain (VLSP 2013 test
    /// sentences, `Tools/eval/independent.py`) 1 cut the changes from 234 to 181 of 87,818 tokens
    /// (`phép vua thua` thu, `tranh chấp` cấp; the settle passes leave it out).
    var markedLetterPenalty: Float = 1
    /// Channel cost of keeping a token of capitals and a digit as the code it looks like in
    /// English-model OCR'd text, where OCR also makes such tokens of words (`B9` Bộ, `5O` Số).
    var capitalCodeAsCode: Float = 1
    /// Channel cost of keeping a token that starts with a digit as the number it looks like, in
    /// text typed without marks (`Điều 5a`).
    var numberWithLetter: Float = 2.5
    /// Channel cost of reading the `1` of a two-digit token as `t` in English-model OCR (`16` tổ;
    /// 0: never): 3 of ~370 word-initial `1` in the training pairs, log10 ≈ −2.1. At 2 and 2.5 the
    /// training-side sets gain alike (eng-001 poor +1 token); the held-out sets do not change.
    var oneForT: Float = 2
    /// Channel cost of reading a token's leading `w` as `tr` in English-model OCR (0: never): in the
    /// training OCR pairs, 20 of ~100 word-initial `w` are `tr` (most others `ư`), log10 ≈ 0.7; 1 taken.
    var wForTR: Float = 1
    /// Channel cost of reading one token as two syllables that English-model OCR ran together
    /// (`tinhda` tỉnh đã; 0: never). About 1 in 2,300 tokens of the training OCR pairs is such a
    /// merge, but the pair also pays a second word's language-model score and the gate's margin
    /// over the token itself. Set on the training-side poor and scan sets (`Corpora/ocr-train`):
    /// 1 and 1.5 gain 1–5 tokens on six of the nine and lose none, 2 and 3 gain less, 0.5 as 1
    /// but reads `Honda` as hơn đã; harm unchanged everywhere. Seeking such readings only for a
    /// token with no one-word reading within 2 of the token saved half the cost (4 % more
    /// instructions on 300 KB of OCR'd text instead of 9 %) but lost 5 of those tokens: `Noivu`
    /// reads as nội at −0.18.
    var splitCost: Float = 1.5
    /// What a change must gain beyond the marked margin, in text with marks, to a word that makes
    /// a two-syllable dictionary word with a neighbour as typed (`LineDecoder.makesDictionaryWord`;
    /// pyvi's word list, `Corpora/lexicon/words-vi.txt`; 0: off). VLSP 2013 right text
    /// (`Tools/eval/independent.py`, 87,818 tokens): 0 changes 52 tokens, 0.5 changes 44, 1 changes
    /// 38 (kept: `lúc bấy giờ` ×6, `bàng quan`, `phản đối`, `phân hoá`, `đế quốc`, `chính đảng`,
    /// `Luật Dầu khí`), 2 changes 35. The vie OCR sets lose what OCR made into another dictionary
    /// word (`phản công`, `văn bằng`, `tiền phong`): with 1, held-out vie-000 poor 99.041 → 99.024 %
    /// and one token on each of four training-side poor sets; with 2, four more there. Every other
    /// set is unchanged. Chosen with VLSP in view: the gain on right text is the point of the rule.
    var dictionaryMargin: Float = 1
    /// Added to the marked margin in a document whose first lines look right, and taken from it
    /// in one whose first lines need repairs (`Repairer.Session.markedMarginForLeadingLines`).
    var rightTextMargin: Float = 0.8
    var damagedTextMarginCut: Float = 0.5
    /// How much likelier (log10, per word) a clause's words must be as words of one language than
    /// as Vietnamese for the clause to stay as it is (`LineDecoder.keepForeignClauses`). Over every
    /// clause of three words or more of the bundled, leave-one-out and VLSP 2013 sets, the most is
    /// 0.03 (`di vao ne nep` as Italian, on the leave-one-out model without seed 001); on English
    /// prose read as text without marks (GPL, Apache and MPL licence sentences; `fortunes-min`
    /// quotes), 0, 0.2, 0.3 and 0.5 leave alike (38–40 words changed of 8,191 and 37–40 of 6,165;
    /// 367 and 836 without). French, Spanish, Portuguese, Italian and German prose without
    /// accents (`fortunes-*`, gettext `fr` strings) puts 81–99 % of its clauses of three words or
    /// more over 2 and all but 0–1 % over 0.5 (stop 23).
    var foreignClauseLead: Float = 0.5
    /// A word of a foreign clause that no language lists is read as Vietnamese when its likeliest
    /// reading scores this or more (`likeliestVietnamese`); 0 turns it off.
    var vietnameseInForeignClause: Float = -3.5

    static let shared: DecoderTuning = {
        var tuning = DecoderTuning()
        guard let spec = ProcessInfo.processInfo.environment["VNFIX_TUNE"] else { return tuning }
        // The real-valued weights by their `VNFIX_TUNE` names.
        let knobs: [String: WritableKeyPath<DecoderTuning, Float>] = [
            "lmw": \.languageModelWeight, "um": \.unmarkedMargin, "mm": \.markedMargin, "unk": \.unknownPenalty,
            "inv": \.invalidPenalty, "cut": \.channelCut, "prior": \.frequencyPrior, "mlmw": \.markedLanguageModelWeight,
            "il": \.capitalIForL, "thr": \.beamThreshold, "markp": \.markAsPunctuation, "capw": \.capitalisedWeight,
            "pairw": \.pairWeight, "sur": \.surnameWeight, "dictw": \.dictionaryWordWeight, "slp": \.strippedLetterPenalty, "qh": \.questionAsHorn, "dwf": \.digitWordFloor,
            "dnum": \.digitAsNumber, "scut": \.settleCut, "abbr": \.abbreviationEvidence, "wtr": \.wForTR,
            "mlp": \.markedLetterPenalty, "t1": \.oneForT, "split": \.splitCost, "dm": \.dictionaryMargin, "rtm": \.rightTextMargin, "dmc": \.damagedTextMarginCut, "enl": \.foreignClauseLead, "nwl": \.numberWithLetter, "vif": \.vietnameseInForeignClause, "mname": \.markedNameMargin,
        ]
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let value = Float(parts[1]) else { continue }
            switch parts[0] {
            case "beam": tuning.beamWidth = max(1, Int(value))
            case "maxc": tuning.maximumCandidates = max(1, Int(value))
            case "settle": tuning.settlePasses = max(0, Int(value))
            case "free": tuning.marksFreeWhenTyped = value != 0
            case "sbeam": tuning.settleBeamWidth = max(1, Int(value))
            default: if let knob = knobs[String(parts[0])] { tuning[keyPath: knob] = value }
            }
        }
        return tuning
    }()
}
