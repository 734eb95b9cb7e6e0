/// A set of word-ID pairs (`CandidateGenerator.pairKey`), made once and then only asked: an
/// open-addressing table with a multiplicative hash. The search asks it for every expansion at a
/// pair of capitalised tokens, where a `Set`'s SipHash cost ~2M instructions a copy of sample 003.
struct WordPairSet: Sendable {
    /// Keys by slot, with the top bit set (0: empty; word IDs are far below 2^31, so a pair key's
    /// top bit is free).
    private let slots: [UInt64]
    private let mask: Int
    let count: Int

    static let empty = WordPairSet([])

    init(_ keys: [UInt64]) {
        var size = 16
        while size < keys.count * 2 { size *= 2 }
        var slots = [UInt64](repeating: 0, count: size)
        var count = 0
        for key in keys {
            let stored = key | 1 << 63
            var slot = Self.home(key, size - 1)
            while slots[slot] != 0, slots[slot] != stored { slot = (slot + 1) & (size - 1) }
            if slots[slot] == 0 { count += 1 }
            slots[slot] = stored
        }
        self.slots = slots
        mask = size - 1
        self.count = count
    }

    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let stored = key | 1 << 63
        var slot = Self.home(key, mask)
        while true {
            let found = slots[slot]
            if found == stored { return true }
            if found == 0 { return false }
            slot = (slot + 1) & mask
        }
    }
}
