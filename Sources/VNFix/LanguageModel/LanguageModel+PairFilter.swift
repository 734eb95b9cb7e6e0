/// Which word pairs (w2, w) a trigram model can say anything about beyond back-off: those that
/// are a bigram or end a trigram. A blocked Bloom filter over them (`BlockedBloom`), stored in the
/// model file (`ModelLayout.pairFilterOffset`).
///
/// Why: decoding mostly asks about pairs the model has never seen (84 % of the queries on
/// sample 003: a damaged token's readings are mostly implausible after its neighbour's). Such a
/// query's answer is back-off arithmetic alone, yet finding that out took two binary searches
/// (of ~490 and ~40 entries). The filter answers it with one load. Scores are the same either
/// way: a "maybe" runs the searches as before.
enum PairFilter {
    /// The word of a filter of 2^`wordBits` words and the three bits of a pair in it.
    @inline(__always)
    static func slot(_ first: WordID, _ second: WordID, wordBits: Int) -> (index: Int, mask: UInt64) {
        BlockedBloom.slot((UInt64(first) << 32 | UInt64(second)) &* 0x9E37_79B9_7F4A_7C15, wordBits: wordBits)
    }

    /// False only when no bigram (first, second) and no trigram (·, first, second) exists.
    @inline(__always)
    static func mayContain(_ base: UnsafeRawPointer, at offset: Int, wordBits: Int, _ first: WordID, _ second: WordID) -> Bool {
        let (index, mask) = slot(first, second, wordBits: wordBits)
        return base.loadUnaligned(fromByteOffset: offset &+ index &<< 3, as: UInt64.self) & mask == mask
    }

    /// Fills a trigram model's filter (zeroed, 2^`wordBits` words at `offset`) from its trie.
    static func fill(_ base: UnsafeMutableRawPointer, at offset: Int, wordBits: Int, from view: TrigramView) {
        func insert(_ first: WordID, _ second: WordID) {
            let (index, mask) = slot(first, second, wordBits: wordBits)
            let at = offset + index << 3
            base.storeBytes(of: (base.loadUnaligned(fromByteOffset: at, as: UInt64.self) | mask).littleEndian, toByteOffset: at, as: UInt64.self)
        }
        for first in 0..<view.vocabularySize {
            for node in view.childRange(view.children1, first) {
                let second = WordID(truncatingIfNeeded: view.record(view.records2, view.bits2, node) & view.wordMask)
                insert(WordID(first), second)
                // A trigram's last pair is normally a bigram too (Kneser–Ney keeps every suffix),
                // but a converted or pruned model need not: insert it all the same.
                for trigram in view.childRange(view.children2, node) {
                    insert(second, WordID(truncatingIfNeeded: view.record(view.records3, view.bits3, trigram) & view.wordMask))
                }
            }
        }
    }
}
