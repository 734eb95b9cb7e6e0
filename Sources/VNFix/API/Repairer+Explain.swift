import Foundation

extension Repairer {
    /// A human-readable account of how the repairer sees one line: each token's candidates with
    /// their channel scores, and the language-model score of the input and of the output.
    /// For tuning and bug reports (`vnfix explain`); the format may change.
    public func explain(_ line: String) -> String {
        var session = Session(repairer: self)
        session.observe(line)
        return explain(line, next: nil, in: &session)
    }

    /// `explain` for line `lineNumber` (1-based) of `document`, as `vnfix` sees it there: with the
    /// damage kind estimated from the document's first lines (as `RepairStream` does) and the
    /// language-model context of the lines before it, so the output is the line as repairing the
    /// whole document writes it. A line alone can look like another kind of text (a line without
    /// marks in a marked document). Nil when the document has no such line (`lineCount(of:)`).
    public func explain(lineNumber: Int, of document: String) -> String? {
        let lines = Repairer.lines(of: document)
        guard lines.indices.contains(lineNumber - 1) else { return nil }
        var session = Session(repairer: self)
        session.listsAlternatives = false
        var observedBytes = 0
        for line in lines where session.isEstimatingDamage && observedBytes < RepairStream<LineCollector>.holdLimit {
            session.observeLeading(line)
            observedBytes += line.utf8.count
        }
        for k in 0..<(lineNumber - 1) { _ = session.repairLine(lines[k], next: lines[k + 1]) }
        let next = lineNumber < lines.count ? lines[lineNumber] : nil
        return explain(lines[lineNumber - 1], next: next, in: &session)
    }

    /// The number of lines `explain(lineNumber:of:)` counts in a document.
    public static func lineCount(of document: String) -> Int { lines(of: document).count }

    /// A document's lines as the CLI splits them: on the byte 0x0A, a trailing `\r` kept; the final
    /// line break ends a line, it does not start one.
    static func lines(of document: String) -> [String] {
        var lines = document.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The report for `line` in `session`'s document (its damage estimate and context), which it advances.
    func explain(_ line: String, next: String?, in session: inout Session) -> String {
        var report = ""
        let kind = session.kind
        let described = kind == .marked ? "marks present" : session.looksOCRd ? "marks missing, English-model OCR" : "marks missing"
        report += "damage kind: \(kind.rawValue) (\(described))\n"
        var tokens: [LineToken] = []
        var text = normalizer.normalize(line)
        // The candidates exactly as the decoder prepares them (screened and cut).
        var decoder = LineDecoder(model: model, generator: generator)
        decoder.readsEnglishModelOCR = session.looksOCRd
        let lineStartsSentence = session.carried == model.startState
        text.withUTF8 { bytes in
            TokenScanner.tokens(in: bytes, into: &tokens)
            for index in tokens.indices {
                let evidence = LineDecoder.capitalEvidence(tokens, index, in: bytes, kind: kind, lineStartsSentence: lineStartsSentence)
                let position = decoder.position(tokens[index], in: bytes, kind: kind, midSentence: evidence.midSentence, startsNameRun: evidence.startsNameRun)
                guard position.candidates.count > 1 || !(position.candidates.first?.isIdentity ?? true) else {
                    report += "\(position.original): kept as is\n"
                    continue
                }
                let listed = position.candidates.map { String(format: "%@%@%@ %.2f", $0.text, $0.isIdentity ? "*" : "", $0.absorbsMark ? "+mark" : "", $0.channel) }
                report += "\(position.original): " + listed.joined(separator: ", ") + "\n"
            }
        }
        let output = session.repairLine(line, next: next).text
        // The model the document is decoded with (`Session.prefersGeneralModel`).
        let general = session.generalModelInUse
        report += String(format: "LM input  %.2f: %@\n", languageModelScore(line, model: general ?? model), line)
        report += String(format: "LM output %.2f: %@\n", languageModelScore(output, model: general ?? model), output)
        if general != nil { report += "language model: general (the document reads likelier under it)\n" }
        if kind == .unmarked, DecoderTuning.shared.dictionaryWordWeight > 0 {
            let words = dictionaryWords(in: output)
            if !words.isEmpty {
                report += String(format: "dictionary words in the output (+%.2f each): ", DecoderTuning.shared.dictionaryWordWeight)
                    + words.joined(separator: ", ") + "\n"
            }
        }
        return report
    }

    /// The two-syllable dictionary words of `line` (`CandidateGenerator.dictionaryWords`), as the
    /// search counts them in text without marks: neighbours written next to each other, leftmost
    /// first, one word per syllable.
    func dictionaryWords(in line: String) -> [String] {
        let dictionary = generator.dictionaryWords()
        var tokens: [LineToken] = []
        var words: [(word: String, id: WordID)?] = []
        var text = normalizer.normalize(line)
        text.withUTF8 { bytes in
            TokenScanner.tokens(in: bytes, into: &tokens)
            words = tokens.map { token in
                LanguageModelTrainer.word(UnsafeBufferPointer(rebasing: bytes[token.core])).flatMap { word in model.id(of: word).map { (word, $0) } }
            }
        }
        let ends = DictionaryWords.leftmostWordEnds(count: words.count) { q in
            guard let left = words[q - 1], let right = words[q], TokenScanner.joinsPreviousWord(tokens, q) else { return false }
            return dictionary.contains(left.id, right.id)
        }
        return ends.indices.filter { ends[$0] }.map { words[$0 - 1]!.word + " " + words[$0]!.word }
    }

    /// log10 probability of a line's words (lowercased, numbers as <num>) under the language model.
    public func languageModelScore(_ line: String) -> Float { languageModelScore(line, model: model) }

    /// `languageModelScore` under `model` (one with this repairer's word IDs or its own).
    func languageModelScore(_ line: String, model: LanguageModel) -> Float {
        var state = model.startState
        var total: Float = 0
        var tokens: [LineToken] = []
        var text = normalizer.normalize(line)
        text.withUTF8 { bytes in
            TokenScanner.tokens(in: bytes, into: &tokens)
            for token in tokens {
                guard let word = LanguageModelTrainer.word(UnsafeBufferPointer(rebasing: bytes[token.core])) else { continue }
                let (p, next) = model.score(state, model.id(of: word) ?? LanguageModel.unknownWordID)
                total += p
                state = next
                if token.endsSentence {
                    total += model.endScore(state)
                    state = model.startState
                }
            }
        }
        return total + model.endScore(state)
    }
}
