/// A set of 64-bit keys: an open-addressing table with a multiplicative hash, where a `Set`'s
/// SipHash cost more than the lookups. Holds the index keys a token visits while its candidates
/// are generated (a few dozen, asked about once each) and the word-ID pairs the training text
/// capitalises together (`CandidateGenerator.capitalisedPairs`, asked at every expansion at a pair
/// of capitalised tokens).
struct UInt64Set: Sendable {
    /// Keys by slot, 0 for an empty slot (key 0 is `containsZero`).
    private var slots: [UInt64]
    private var containsZero = false
    private(set) var count = 0

    static let empty = UInt64Set()

    /// A set with room for `minimumCapacity` keys before it grows.
    init(minimumCapacity: Int = 128) {
        var size = 16
        while size < minimumCapacity * 2 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask }

    /// Adds `key`; false when it was there already.
    mutating func insert(_ key: UInt64) -> Bool {
        if key == 0 {
            guard !containsZero else { return false }
            containsZero = true
            count += 1
            return true
        }
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var s = Self.home(key, mask)
        while slots[s] != 0 {
            if slots[s] == key { return false }
            s = (s &+ 1) & mask
        }
        slots[s] = key
        count += 1
        return true
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        if key == 0 { return containsZero }
        let mask = slots.count - 1
        var s = Self.home(key, mask)
        while true {
            let found = slots[s]
            if found == key { return true }
            if found == 0 { return false }
            s = (s &+ 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = containsZero ? 1 : 0
        for key in old where key != 0 { _ = insert(key) }
    }
}
