/// The arithmetic of a blocked Bloom filter: an item's 64-bit hash picks one 64-bit word of the
/// filter (its high bits) and three bits in it (its low bits), so a query is one load. Sized at
/// 16 bits or more per item, "maybe" is wrong for well under 1 % of absent items; "no" is certain.
/// Used by the model's `PairFilter` (stored in the `.vnlm` file, so this layout is part of the
/// format) and the candidate index's key filter.
enum BlockedBloom {
    /// log2 of the number of 64-bit words for `items` items (at least 16 bits each, at least 64 words).
    static func wordBits(forItems items: Int) -> Int {
        var bits = 6
        while (1 << bits) * 64 < items * 16 { bits += 1 }
        return bits
    }

    /// The word of a filter of 2^`wordBits` words that a (well mixed) hash selects, and its three bits there.
    @inline(__always)
    static func slot(_ hash: UInt64, wordBits: Int) -> (index: Int, mask: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - wordBits))
        let mask = (1 as UInt64) << (hash & 63) | (1 as UInt64) << (hash >> 6 & 63) | (1 as UInt64) << (hash >> 12 & 63)
        return (index, mask)
    }
}
