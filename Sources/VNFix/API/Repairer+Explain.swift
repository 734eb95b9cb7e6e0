import Foundation

extension Repairer {
    /// A human-readable account of how the repairer sees one line: each token's candidates with
    /// their channel scores, and the language-model score of the input and of the output.
    /// For tuning and bug reports (`vnfix explain`); the format may change.
    public func explain(_ line: String) -> String {
        var report = ""
        var session = Session(repairer: self)
        session.observe(line)
        let kind = session.kind
        report += "damage kind: \(kind.rawValue)\n"
        var tokens: [LineToken] = []
        var text = normalizer.normalize(line)
        // The candidates exactly as the decoder prepares them (screened and cut).
        var decoder = LineDecoder(model: model, generator: generator)
        decoder.readsEnglishModelOCR = session.looksOCRd
        text.withUTF8 { bytes in
            TokenScanner.tokens(in: bytes, into: &tokens)
            var key: [UInt8] = []
            for index in tokens.indices {
                let midSentence = kind == .unmarked && !TokenScanner.startsSentence(tokens, index, in: bytes, lineStartsSentence: true)
                let position = decoder.position(tokens[index], in: bytes, kind: kind, midSentence: midSentence, key: &key)
                guard position.candidates.count > 1 || !(position.candidates.first?.isIdentity ?? true) else {
                    report += "\(position.original): kept as is\n"
                    continue
                }
                let listed = position.candidates.map { String(format: "%@%@%@ %.2f", $0.text, $0.isIdentity ? "*" : "", $0.absorbsMark ? "+mark" : "", $0.channel) }
                report += "\(position.original): " + listed.joined(separator: ", ") + "\n"
            }
        }
        let output = repair(line)
        report += String(format: "LM input  %.2f: %@\n", languageModelScore(line), line)
        report += String(format: "LM output %.2f: %@\n", languageModelScore(output), output)
        return report
    }

    /// log10 probability of a line's words (lowercased, numbers as <num>) under the language model.
    public func languageModelScore(_ line: String) -> Float {
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
