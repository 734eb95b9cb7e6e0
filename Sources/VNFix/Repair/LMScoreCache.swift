import Foundation

/// A memo of `LanguageModel.score(state, word)` for one decoding session: a direct-mapped table
/// (a new entry overwrites the old one in its slot), so a lookup costs one hash and one compare
/// instead of the model's binary searches. The model is a pure function of (state, word), so the
/// memo returns exactly what the model would.
///
/// Not thread-safe: each `Repairer.Session` owns one (and makes its own when it finds the one it
/// holds shared with a copy, see `Repairer.Session.uniqueCache`).
final class LMScoreCache {
    struct Entry {
        /// The word + 1 (0 marks an empty slot: the table starts zeroed).
        var w0: WordID, w1: WordID, w2: WordID, node: UInt32, wordPlusOne: WordID
        var next: LMState
        var score: Float
    }

    static let slotBits = 16
    private var entries: UnsafeMutablePointer<Entry>
    private let mask: Int
    let model: LanguageModel

    init(model: LanguageModel, slotBits: Int = LMScoreCache.slotBits) {
        self.model = model
        let count = 1 << slotBits
        mask = count - 1
        // Zeroed pages from calloc: only the slots in use are ever touched.
        entries = calloc(count, MemoryLayout<Entry>.stride)!.bindMemory(to: Entry.self, capacity: count)
    }

    deinit { free(entries) }

    @inline(__always)
    func score(_ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        var h = UInt64(state.w2) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(state.w1) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(state.w0) &* 0x1656_67B1_9E37_79F9
        h ^= UInt64(word) &* 0xD6E8_FEB8_6659_FD93
        h ^= UInt64(state.node) &* 0xFF51_AFD7_ED55_8CCD
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) >> 16) & mask
        let entry = entries + slot
        if entry.pointee.wordPlusOne == word &+ 1, entry.pointee.w2 == state.w2, entry.pointee.w1 == state.w1,
           entry.pointee.w0 == state.w0, entry.pointee.node == state.node {
            return (entry.pointee.score, entry.pointee.next)
        }
        let (score, next) = model.score(state, word)
        if word != .max {
            entry.pointee = Entry(w0: state.w0, w1: state.w1, w2: state.w2, node: state.node, wordPlusOne: word + 1, next: next, score: score)
        }
        return (score, next)
    }

    /// log10 P(</s> | state), as `LanguageModel.endScore`.
    @inline(__always)
    func endScore(_ state: LMState) -> Float { score(state, LanguageModel.sentenceEndID).log10Probability }
}
