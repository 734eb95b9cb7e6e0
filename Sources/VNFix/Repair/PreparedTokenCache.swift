/// The decoder's prepared tokens by their key: a token's bytes and a mode word of the flags it was
/// prepared under (`LineDecoder.position`; the mode keeps the lookup from building a key array for
/// every token). Open addressing over a flat arena of key bytes, with a multiplicative hash of the
/// bytes' 8-byte words and the mode. Every token of every pass asks it once; a `Dictionary` keyed
/// by `[UInt8]` cost ~500 instructions a lookup (the hasher over the bytes, the probe, the
/// arrays' comparison), this ~100.
///
/// Not thread-safe: `CandidateGenerator` holds it under its lock. Cleared whole when it holds
/// `limit` entries (a bounded cache for unbounded streams).
struct PreparedTokenCache {
    /// Per slot: 1 + the entry's index, 0 when empty. Power-of-two count, at most half full.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var modes: [UInt32] = []
    /// Entry i's key is `arena[keyStarts[i] ..< keyStarts[i + 1]]`.
    private var arena: [UInt8] = []
    private var keyStarts: [Int] = [0]
    private var values: [PreparedToken] = []
    let limit: Int

    init(limit: Int = 200_000) {
        self.limit = limit
        slots = [Int32](repeating: 0, count: 1024)
    }

    var count: Int { values.count }

    /// A well-mixed 64-bit hash of `key` under `mode` (not `Hasher`: the cache lives in one
    /// process, and its keys are a document's tokens, not an adversary's choice of collisions).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, mode: UInt32) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count) ^ UInt64(mode) << 32
        var i = 0
        let base = UnsafeRawPointer(key.baseAddress)
        while i + 8 <= key.count {
            h = (h ^ base!.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            for j in i..<key.count { tail = tail << 8 | UInt64(key[j]) }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ h >> 29
    }

    /// The slot where `key` is, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UnsafeBufferPointer<UInt8>, mode: UInt32, hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return (slot, nil) }
            let entry = stored - 1
            if hashes[entry] == hash, modes[entry] == mode {
                let start = keyStarts[entry], length = keyStarts[entry + 1] - start
                if length == key.count, arena.withUnsafeBufferPointer({ UnsafeBufferPointer(rebasing: $0[start..<(start + length)]).hasSameBytes(as: key) }) {
                    return (slot, entry)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    func value(for key: UnsafeBufferPointer<UInt8>, mode: UInt32) -> PreparedToken? {
        find(key, mode: mode, hash: PreparedTokenCache.hash(key, mode: mode)).entry.map { values[$0] }
    }

    mutating func set(_ value: PreparedToken, for key: UnsafeBufferPointer<UInt8>, mode: UInt32) {
        if values.count >= limit { removeAll() }
        let hash = PreparedTokenCache.hash(key, mode: mode)
        let (slot, entry) = find(key, mode: mode, hash: hash)
        if let entry {
            values[entry] = value
            return
        }
        hashes.append(hash)
        modes.append(mode)
        arena.append(contentsOf: key)
        keyStarts.append(arena.count)
        values.append(value)
        slots[slot] = Int32(values.count)
        if values.count * 2 > slots.count { grow() }
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = 0 }
        hashes.removeAll(keepingCapacity: true)
        modes.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        keyStarts = [0]
        values.removeAll(keepingCapacity: true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry + 1)
        }
    }
}
