/// The one-letter deletions of the candidate index's keys: for a key, the indexed keys one letter
/// longer that delete to it. A cold token's key neighbourhood (`CandidateGenerator.nearbyKeys`) is
/// a few lookups here, where probing every key one letter longer cost ~17,000 instructions
/// (`SyllableKeyIndex.appendKeys(deletingTo:)`, the reference it is checked against).
///
/// Open addressing by deleted key (0 = empty; a power-of-two count, under 3/4 of the pairs, so
/// under half full with the distinct deletions). Slot s chains its keys through `sources`: the
/// first at `heads[s] - 1` (0 = none), each pair's next at its `nexts` entry - 1. Made once,
/// with the rest of `CandidateGenerator.ColdPathTables`, in one pass over the keys.
struct KeyDeletions: Sendable {
    private let keys: [UInt64]
    private let heads: [Int32]
    private let sources: [UInt64]
    private let nexts: [Int32]

    init(keys indexed: [UInt64]) {
        var pairs = 0
        for key in indexed where key > 0xFF { pairs += CandidateGenerator.length(key) }  // at least the distinct deletions
        var slots = 16
        while slots * 3 < pairs * 4 { slots *= 2 }
        var keys = [UInt64](repeating: 0, count: slots), heads = [Int32](repeating: 0, count: slots)
        var sources: [UInt64] = [], nexts: [Int32] = []
        sources.reserveCapacity(pairs)
        nexts.reserveCapacity(pairs)
        for key in indexed where key > 0xFF {
            var previous: UInt64 = 0, i = 0, rest = key
            while rest != 0 {
                // (Deleting either letter of a double letter is one deletion.)
                let letter = rest & 0xFF
                if letter != previous {
                    let deleted = CandidateGenerator.deleting(key, at: i)
                    let slot = keys.withUnsafeBufferPointer { SyllableKeyIndex.probe(deleted, in: $0) }
                    keys[slot] = deleted
                    sources.append(key)
                    nexts.append(heads[slot])
                    heads[slot] = Int32(sources.count)
                }
                previous = letter
                rest >>= 8
                i += 1
            }
        }
        self.keys = keys
        self.heads = heads
        self.sources = sources
        self.nexts = nexts
    }

    /// Appends the indexed keys that become `key` when one of their letters is deleted (each
    /// once; order is not meaningful).
    func appendLongerKeys(deletingTo key: UInt64, into result: inout [UInt64]) {
        guard key != 0 else { return }
        var next = keys.withUnsafeBufferPointer { keys in
            let slot = SyllableKeyIndex.probe(key, in: keys)
            return keys[slot] != 0 ? heads[slot] : 0
        }
        while next != 0 {
            result.append(sources[Int(next) - 1])
            next = nexts[Int(next) - 1]
        }
    }
}
