#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A direct-mapped memo of `LanguageModel.score`: decoding asks for the same (context, word)
/// pairs over and over (common words, the beam's parents, the confidence gate re-scoring the
/// chosen path, settle passes), and a hit costs a hash and a compare where a miss costs a pair
/// filter probe and, for a pair the model knows, up to three binary searches of the trie (since
/// the filter, the memo saves ~4 % of time, not the 9 % below). Scores are a pure function of the
/// model and the pair, so output is the same with or without it. Not thread-safe: one per decoding session
/// (`Repairer.Session` makes its own before use when a copy shares it).
final class LMScoreCache {
    struct Entry {
        /// The key's word stored complemented, so that zeroed memory is empty (`WordID.max` is never cached).
        var w0: WordID, w1: WordID, w2: WordID, notWord: WordID
        var log10Probability: Float
        var next: LMState
    }

    /// 2^13 slots of 36 bytes (295 KB, within a core's L2): on 5 copies of sample 003 it saves
    /// 8.6 % of instructions and ~9 % of time; 2^17 slots save 16 % of instructions but no time
    /// (its misses leave the L2, and a trie search on hot nodes mostly does not).
    static let slotBits = 13
    let model: LanguageModel
    private let entries: UnsafeMutablePointer<Entry>

    init(model: LanguageModel) {
        self.model = model
        // calloc: a fresh session (one per `Repairer.repair` call) pays for no initialization.
        entries = calloc(1 << LMScoreCache.slotBits, MemoryLayout<Entry>.stride)!.assumingMemoryBound(to: Entry.self)
    }

    deinit { free(entries) }

    /// `model.score(state, word)`, from the memo when the pair was seen recently.
    @inline(__always)
    func score(_ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        var h = UInt64(state.w2) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(word)
        h = (h ^ UInt64(state.w1) << 32 ^ UInt64(state.w0) << 16) &* 0xD6E8_FEB8_6659_FD93
        let entry = entries + Int(truncatingIfNeeded: h >> UInt64(64 - LMScoreCache.slotBits))
        if entry.pointee.notWord == ~word, word != .max, entry.pointee.w2 == state.w2, entry.pointee.w1 == state.w1, entry.pointee.w0 == state.w0 {
            return (entry.pointee.log10Probability, entry.pointee.next)
        }
        let result = model.score(state, word)
        if word != .max { entry.pointee = Entry(w0: state.w0, w1: state.w1, w2: state.w2, notWord: ~word, log10Probability: result.log10Probability, next: result.next) }
        return result
    }
}
