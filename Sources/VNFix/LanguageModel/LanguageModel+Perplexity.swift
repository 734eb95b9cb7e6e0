import Foundation

extension LanguageModel {
    /// The sentences of `text` as word IDs, tokenized exactly as `LanguageModelTrainer` does:
    /// each line is normalized, split into token cores, mapped to vocabulary form (lowercase,
    /// `<num>` for numbers, no letter → skipped), and cut into sentences at `. ! ? ; :` and at
    /// line ends. Words outside the vocabulary become `unknownWordID`. No `<s>`/`</s>` is added.
    public func sentenceWordIDs(of text: String) -> [[WordID]] {
        let normalizer = TextNormalizer()
        var sentences: [[WordID]] = []
        var tokens: [LineToken] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var normalized = normalizer.normalize(String(line))
            var current: [WordID] = []
            normalized.withUTF8 { bytes in
                TokenScanner.tokens(in: bytes, into: &tokens)
                for token in tokens {
                    let core = UnsafeBufferPointer(rebasing: bytes[token.core])
                    if let word = LanguageModelTrainer.word(core) {
                        current.append(id(of: word) ?? LanguageModel.unknownWordID)
                    }
                    if token.endsSentence, !current.isEmpty {
                        sentences.append(current)
                        current.removeAll()
                    }
                }
            }
            if !current.isEmpty { sentences.append(current) }
        }
        return sentences
    }

    /// Perplexity of the model on `text`, tokenized as in training (see `sentenceWordIDs(of:)`).
    ///
    /// Conventions follow SRILM's `ngram -ppl`: every sentence is scored from `<s>` through `</s>`;
    /// out-of-vocabulary words advance the context as `<unk>` but are left out of the sum, so
    /// perplexity = 10^(−Σ log10 p / (tokens − oov + sentences)).
    /// - Returns: the perplexity, the number of OOV words, and the number of words (OOV included,
    ///   `</s>` not included).
    public func perplexity(of text: String) -> (perplexity: Double, oov: Int, tokens: Int) {
        let sentences = sentenceWordIDs(of: text)
        var total: Double = 0
        var oov = 0, tokens = 0
        for sentence in sentences {
            var state = startState
            for word in sentence {
                let (log10p, next) = score(state, word)
                tokens += 1
                if word == LanguageModel.unknownWordID { oov += 1 } else { total += Double(log10p) }
                state = next
            }
            total += Double(endScore(state))
        }
        let events = tokens - oov + sentences.count
        guard events > 0 else { return (.nan, oov, tokens) }
        return (pow(10, -total / Double(events)), oov, tokens)
    }
}
