/// Reads where an all-capital abbreviation in a code that lost its strokes (`93/KH-HDTDKT`,
/// `DH.20`) had `Đ`.
///
/// Vietnamese abbreviations are the initials of syllables (`HĐTĐKT`: Hội đồng Thi đua Khen
/// thưởng), and `d` and `đ` are different initials. The model seldom knows an abbreviation itself,
/// but it knows the phrases: the reader searches, with the language model, for the likeliest run
/// of syllables with the abbreviation's initials, once letting each `D` stand for `d` or `đ` and
/// once for `d` only. How much likelier the first is than the second is the evidence for the
/// strokes it chose.
///
/// The evidence does not tell English acronyms apart (`MODE`, `UPDATE` get strokes with as much
/// evidence as `HĐND`), so the decoder asks only inside document numbers and codes
/// (`số 93/KH-HDTDKT`, road `DH.20`), where abbreviations are Vietnamese.
struct AbbreviationReader: Sendable {
    let model: LanguageModel
    /// Per initial (`a`…`z` = 0…25, `đ` = 26): the most frequent syllables with it, most frequent first.
    let syllablesByInitial: [[WordID]]

    /// Search size: 60 syllables per initial and 16 hypotheses read the bundled model's abbreviations
    /// in codes as 120 and 48 do, at a fifth of the cost (a cold stripped-000 run +4 % instead of +13 %).
    static let syllablesPerInitial = 60
    static let beamWidth = 16
    /// Longer abbreviations are rare, and the search grows with the length.
    static let maximumLetters = 8
    static let strokedD = 26

    /// Index of a syllable's initial for the table: its first letter without marks, `đ` apart.
    static func initialIndex(_ scalar: Unicode.Scalar) -> Int? {
        if scalar == "đ" { return strokedD }
        let base = ChannelModel.base(scalar.value)
        guard base >= 0x61, base <= 0x7A else { return nil }
        return Int(base - 0x61)
    }

    init(model: LanguageModel) {
        self.model = model
        var table = [[WordID]](repeating: [], count: 27)
        // IDs go by training count, most frequent first: the 10,000 most frequent words (the rarest
        // initials do not fill up, and `f j w z` begin none).
        let end = min(model.vocabularySize, 10_000)
        for id in LanguageModel.reservedWords.count..<end {
            let word = model.word(WordID(id))
            guard let first = word.unicodeScalars.first, let initial = AbbreviationReader.initialIndex(first),
                  table[initial].count < AbbreviationReader.syllablesPerInitial, Syllable.isValid(word) else { continue }
            table[initial].append(WordID(id))
        }
        syllablesByInitial = table
    }

    /// The number of leading letters of `core` that the reader may read: 2…8 capital ASCII letters
    /// with at least one `D` and none of `F J W Z` (which begin no Vietnamese syllable), followed by
    /// nothing or by a code's `.` (`DH.20`). Nil otherwise.
    static func letterCount(_ core: some Collection<UInt8>) -> Int? {
        var count = 0, hasD = false
        var rest = core.makeIterator()
        while let b = rest.next() {
            guard b >= 0x41 && b <= 0x5A else {
                guard b == 0x2E else { return nil }
                break
            }
            if b == 0x46 || b == 0x4A || b == 0x57 || b == 0x5A { return nil }
            if b == 0x44 { hasD = true }
            count += 1
        }
        guard hasD, count >= 2, count <= maximumLetters else { return nil }
        return count
    }

    /// The letters of `letters` (capital ASCII) with `Đ` where the likeliest phrase puts it, and the
    /// evidence for that (log10 of how much likelier that phrase is than the likeliest with `d`
    /// only); nil when the likeliest phrase keeps every `D`.
    func read(_ letters: some Collection<UInt8>) -> (letters: [Unicode.Scalar], evidence: Float)? {
        let initials = letters.map { Int($0 - 0x41) }
        guard let free = bestPath(initials, strokes: true), free.strokes != 0,
              let plain = bestPath(initials, strokes: false) else { return nil }
        var result: [Unicode.Scalar] = []
        for (i, letter) in letters.enumerated() { result.append(free.strokes & (1 << i) != 0 ? "Đ" : Unicode.Scalar(letter)) }
        return (result, free.score - plain.score)
    }

    struct PathHypothesis {
        var state: LMState
        var score: Float
        /// Bit i: letter i reads `Đ`.
        var strokes: UInt16
    }

    /// Beam search over syllables with the given initials (`d` may also be `đ` when `strokes`).
    func bestPath(_ initials: [Int], strokes: Bool) -> (score: Float, strokes: UInt16)? {
        var beam = [PathHypothesis(state: model.emptyState, score: 0, strokes: 0)]
        var next: [PathHypothesis] = []
        var seen = Set<LMState>()
        for (i, initial) in initials.enumerated() {
            next.removeAll(keepingCapacity: true)
            var choices = [(syllables: syllablesByInitial[initial], stroke: false)]
            if strokes, initial == 3 { choices.append((syllablesByInitial[AbbreviationReader.strokedD], true)) }
            for hypothesis in beam {
                for choice in choices {
                    for id in choice.syllables {
                        let (logP, state) = model.score(hypothesis.state, id)
                        next.append(PathHypothesis(state: state, score: hypothesis.score + logP,
                                                   strokes: choice.stroke ? hypothesis.strokes | 1 << i : hypothesis.strokes))
                    }
                }
            }
            guard !next.isEmpty else { return nil }
            next.sort { $0.score > $1.score }
            // One hypothesis per state: paths that end alike continue alike.
            beam.removeAll(keepingCapacity: true)
            seen.removeAll(keepingCapacity: true)
            for hypothesis in next where seen.insert(hypothesis.state).inserted {
                beam.append(hypothesis)
                if beam.count == AbbreviationReader.beamWidth { break }
            }
        }
        return beam.first.map { ($0.score, $0.strokes) }
    }
}
