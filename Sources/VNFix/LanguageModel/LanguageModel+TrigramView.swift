/// The layout constants a trigram query reads, copied out of `ModelLayout` once: its per-level
/// arrays cost a bounds check and two loads at every use, and a query uses them a dozen times
/// (two child ranges, two or three searches, a probability and a back-off).
struct TrigramView: @unchecked Sendable {
    let base: UnsafeRawPointer
    let children1: ModelLayout.OffsetsArray, children2: ModelLayout.OffsetsArray
    let records2: Int, bits2: Int, records3: Int, bits3: Int
    let wordMask: UInt64, wordBits: UInt64
    let probabilities2: Int, probabilities3: Int, backoffs2: Int
    let unigramProbabilities: Int, unigramBackoffs: Int
    let pairFilter: Int, pairFilterBits: Int

    /// Whether the model is a trigram model (only then is this view used).
    let isTrigram: Bool
    let vocabularySize: Int

    /// (Non-failable, and stored as is: an optional view was copied out at every query.)
    init(_ layout: ModelLayout, base: UnsafeRawPointer) {
        isTrigram = layout.order == 3
        vocabularySize = layout.vocabularySize
        self.base = base
        children1 = layout.children[1]
        children2 = layout.children[2]
        records2 = layout.recordsOffset[2]
        bits2 = layout.recordBits[2]
        records3 = layout.recordsOffset[3]
        bits3 = layout.recordBits[3]
        wordMask = layout.wordMask
        wordBits = UInt64(layout.wordBits)
        probabilities2 = layout.probCodebookOffset[2]
        probabilities3 = layout.probCodebookOffset[3]
        backoffs2 = layout.backoffCodebookOffset[2]
        unigramProbabilities = layout.unigramProbOffset
        unigramBackoffs = layout.unigramBackoffOffset
        pairFilter = layout.pairFilterOffset
        pairFilterBits = layout.pairFilterBits
    }

    // The `ModelLayout` primitives with this view's constants.

    @inline(__always)
    func childRange(_ array: ModelLayout.OffsetsArray, _ node: Int) -> Range<Int> { ModelLayout.children(base, array, node) }

    @inline(__always)
    func record(_ records: Int, _ bits: Int, _ index: Int) -> UInt64 { ModelLayout.record(base, records: records, bits: bits, index) }

    @inline(__always)
    func find(_ records: Int, _ bits: Int, in range: Range<Int>, _ word: WordID) -> Int? {
        ModelLayout.find(base, records: records, bits: bits, mask: wordMask, in: range, word)
    }

    @inline(__always)
    func quantized(_ record: UInt64, shift: UInt64, codebook: Int) -> Float { ModelLayout.quantized(base, record, shift: shift, codebook: codebook) }

    @inline(__always)
    func unigram(_ offset: Int, _ word: Int) -> Float { ModelLayout.half(base, offset, word) }

    /// What `score` adds to a word's unigram probability after `state` when the model knows no
    /// pair (state.w2, word): the context's back-off and w2's, in `score`'s order. One per beam
    /// parent instead of one per expansion (`LineDecoder.decode`); nil for the empty state.
    @inline(__always)
    func unseenPairBackoff(_ state: LMState) -> Float? {
        let length = min(state.length, 2)
        guard length >= 1 else { return nil }
        var backoff: Float = 0
        if length == 2 {
            let context = state.node != .max ? Int(state.node) : find(records2, bits2, in: childRange(children1, Int(state.w1)), state.w2)
            if let context { backoff = quantized(record(records2, bits2, context), shift: wordBits &+ 8, codebook: backoffs2) }
        }
        return backoff + unigram(unigramBackoffs, Int(state.w2))
    }

    /// A scored word's own part of `score` for an unseen pair: its unigram probability and
    /// whether the model extends it (the next state keeps it), looked up once per position.
    struct UnseenPairWord: Sendable {
        var word: WordID
        var probability: Float
        var extends: Bool
    }

    @inline(__always)
    func unseenPairWord(_ word: WordID) -> UnseenPairWord {
        UnseenPairWord(word: word, probability: unigram(unigramProbabilities, Int(word)), extends: !childRange(children1, Int(word)).isEmpty)
    }

    /// False only when the model knows no pair (`first`, `second`): `PairFilter.mayContain`.
    @inline(__always)
    func mayContainPair(_ first: WordID, _ second: WordID) -> Bool {
        PairFilter.mayContain(base, at: pairFilter, wordBits: pairFilterBits, first, second)
    }

    /// `score(state, word)` for a pair that `mayContainPair` ruled out, from the parts above.
    @inline(__always)
    func scoreUnseenPair(backoff: Float, _ word: UnseenPairWord, empty: LMState) -> (log10Probability: Float, next: LMState) {
        (backoff + word.probability, word.extends ? LMState(w0: LMState.absent, w1: LMState.absent, w2: word.word) : empty)
    }

    /// `LanguageModel.score` for a trigram model, with at most three searches: the context node
    /// rides in the state, and the bigram (w2, word) found for back-off is also the next state's node.
    /// The arithmetic is the general path's, in the same order.
    @inline(__always)
    func score(_ state: LMState, _ word: WordID, empty: LMState) -> (log10Probability: Float, next: LMState) {
        let length = min(state.length, 2)
        // No bigram (w2, word) and no trigram ending in it: back-off arithmetic alone, with no
        // search (`PairFilter`), from the same parts the decoder's search takes per parent and reading.
        if length >= 1, !mayContainPair(state.w2, word), let backoff = unseenPairBackoff(state) {
            return scoreUnseenPair(backoff: backoff, unseenPairWord(word), empty: empty)
        }
        let maySeePair = length >= 1
        var bigram: Int? = nil
        if maySeePair { bigram = find(records2, bits2, in: childRange(children1, Int(state.w2)), word) }
        var result: Float = 0
        var backoff: Float = 0
        var done = false
        if length == 2 {
            let context = state.node != .max ? Int(state.node) : find(records2, bits2, in: childRange(children1, Int(state.w1)), state.w2)
            if let context {
                if maySeePair, let hit = find(records3, bits3, in: childRange(children2, context), word) {
                    result = quantized(record(records3, bits3, hit), shift: wordBits, codebook: probabilities3)
                    done = true
                } else {
                    backoff = quantized(record(records2, bits2, context), shift: wordBits &+ 8, codebook: backoffs2)
                }
            }
        }
        if !done {
            if length >= 1 {
                if let bigram {
                    result = backoff + quantized(record(records2, bits2, bigram), shift: wordBits, codebook: probabilities2)
                } else {
                    result = backoff + unigram(unigramBackoffs, Int(state.w2)) + unigram(unigramProbabilities, Int(word))
                }
            } else {
                result = unigram(unigramProbabilities, Int(word))
            }
        }
        // Next state: (w2, word) if the model extends it, else (word) if it extends that.
        if let bigram, !childRange(children2, bigram).isEmpty {
            return (result, LMState(w0: LMState.absent, w1: state.w2, w2: word, node: UInt32(bigram)))
        }
        if !childRange(children1, Int(word)).isEmpty {
            return (result, LMState(w0: LMState.absent, w1: LMState.absent, w2: word))
        }
        return (result, empty)
    }
}
