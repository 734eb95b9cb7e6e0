/// What a decoder's beam looks up per word of a model, made once per model and repairer:
/// `scores`, the bounds that prune it (`LanguageModel.scoreUpperBounds`), and for a trigram model
/// `unseenPairWords`, each word's part of an unseen pair's score (`TrigramView.unseenPairWord`,
/// by word ID; empty for other orders), which the search otherwise looked up for every reading
/// of every position (a half-float and a child range: 7 % of a repair's instructions).
struct ScoreBounds: Sendable {
    let scores: [Float]
    let unseenPairWords: [TrigramView.UnseenPairWord]
    /// The model they were made from: the unseen-pair parts are that model's scores, not bounds,
    /// so a decoder takes them only for the model it decodes with.
    let model: ObjectIdentifier

    init(_ model: LanguageModel) {
        self.model = ObjectIdentifier(model)
        scores = model.scoreUpperBounds()
        unseenPairWords = model.trigram.isTrigram ? (0..<model.vocabularySize).map { model.trigram.unseenPairWord(WordID($0)) } : []
    }
}

/// Upper bounds of `LanguageModel.score`, for pruning a beam without changing what it keeps.
extension LanguageModel {
    /// For every word ID, a value no `score(state, word).log10Probability` exceeds, whatever the
    /// state. A score is a probability at some level plus the back-off weights of the levels above
    /// it, so the bound is the largest probability of the word at each level plus the largest
    /// positive back-off weight of every level above. Reads every n-gram once: a trigram model
    /// through `TrigramView`, one record read per n-gram (the general accessors read a record
    /// twice, for its word and its probability: on the bundled model, 59M instructions of every
    /// document's repair, now 36M); the same values either way (`scoreUpperBoundsBySearch`).
    func scoreUpperBounds() -> [Float] {
        guard trigram.isTrigram else { return scoreUpperBoundsBySearch() }
        let t = trigram, v = vocabularySize
        let bigrams = ngramCounts[1], trigrams = ngramCounts[2]
        var maxBackoff1: Float = 0, maxBackoff2: Float = 0
        for id in 0..<v { maxBackoff1 = max(maxBackoff1, t.unigram(t.unigramBackoffs, id)) }
        for index in 0..<bigrams {
            maxBackoff2 = max(maxBackoff2, t.quantized(t.record(t.records2, t.bits2, index), shift: t.wordBits &+ 8, codebook: t.backoffs2))
        }
        // As below: above[2] = the level-2 maximum, above[1] = it plus the level-1 maximum.
        let above2 = maxBackoff2, above1 = maxBackoff2 + maxBackoff1
        var bounds = [Float](repeating: -.infinity, count: v)
        for id in 0..<v { bounds[id] = t.unigram(t.unigramProbabilities, id) + above1 }
        bounds.withUnsafeMutableBufferPointer { bounds in
            for index in 0..<bigrams {
                let record = t.record(t.records2, t.bits2, index)
                let word = Int(record & t.wordMask)
                guard word < v else { continue }
                let value = t.quantized(record, shift: t.wordBits, codebook: t.probabilities2) + above2
                if value > bounds[word] { bounds[word] = value }
            }
            for index in 0..<trigrams {
                let record = t.record(t.records3, t.bits3, index)
                let word = Int(record & t.wordMask)
                guard word < v else { continue }
                let value = t.quantized(record, shift: t.wordBits, codebook: t.probabilities3)
                if value > bounds[word] { bounds[word] = value }
            }
        }
        return bounds.map { $0 + 1e-3 }
    }

    /// `scoreUpperBounds` through the general accessors, for a model of any order.
    func scoreUpperBoundsBySearch() -> [Float] {
        let v = vocabularySize
        let order = self.order
        // Largest positive back-off weight per level (1-based; levels 1…order-1).
        var maxBackoff = [Float](repeating: 0, count: order + 1)
        if order >= 2 {
            for id in 0..<v { maxBackoff[1] = max(maxBackoff[1], backoff(level: 1, id)) }
        }
        if order >= 3 {
            for level in 2..<order {
                for index in 0..<ngramCounts[level - 1] { maxBackoff[level] = max(maxBackoff[level], backoff(level: level, index)) }
            }
        }
        // above[L] = sum of the positive back-off maxima of levels L…order-1 (what a score that
        // ends at level L may have added on the way down).
        var above = [Float](repeating: 0, count: order + 2)
        var sum: Float = 0
        for level in stride(from: order - 1, through: 1, by: -1) {
            sum += maxBackoff[level]
            above[level] = sum
        }
        var bounds = [Float](repeating: -.infinity, count: v)
        for id in 0..<v { bounds[id] = unigramProbability(id) + above[1] }
        if order >= 2 {
            for level in 2...order {
                let extra = level < order ? above[level] : 0
                for index in 0..<ngramCounts[level - 1] {
                    let word = Int(entryWord(level: level, index))
                    guard word < v else { continue }
                    let value = probability(level: level, index) + extra
                    if value > bounds[word] { bounds[word] = value }
                }
            }
        }
        // Rounding: the decoder adds these to other terms in the same order as real scores, so a
        // bound that is ≥ the score in exact arithmetic stays ≥ after rounding; pad a little anyway
        // for the sums above, which real scores add in another order.
        return bounds.map { $0 + 1e-3 }
    }
}
