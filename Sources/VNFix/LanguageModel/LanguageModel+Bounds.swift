/// Upper bounds of `LanguageModel.score`, for pruning a beam without changing what it keeps.
extension LanguageModel {
    /// For every word ID, a value no `score(state, word).log10Probability` exceeds, whatever the
    /// state. A score is a probability at some level plus the back-off weights of the levels above
    /// it, so the bound is the largest probability of the word at each level plus the largest
    /// positive back-off weight of every level above. Reads every n-gram once (a few ms).
    func scoreUpperBounds() -> [Float] {
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
