/// The channel's two-syllable dictionary words (`ChannelTable.dictionaryText`) as word-ID pairs,
/// grouped by first word with the second words ascending.
///
/// Two questions are asked of it: whether two words make a word (`contains`, for the gate and the
/// marked-text margin), and, in the search, which readings of a position make a word with one
/// reading of the position before (`seconds(after:)`, the same for every parent that ends with
/// that word). A set of pair keys answered the first but not the second without a hash per pair.
final class DictionaryWords: @unchecked Sendable {
    /// `seconds[starts[first] ..< starts[first + 1]]` follow `first`; `vocabularySize + 1` entries.
    private let starts: UnsafeMutableBufferPointer<Int32>
    private let secondWords: UnsafeMutableBufferPointer<WordID>

    /// Number of pairs.
    var count: Int { secondWords.count }
    var isEmpty: Bool { secondWords.isEmpty }

    /// `pairs` in any order, duplicates allowed; IDs must be below `vocabularySize`.
    init(pairs: [(first: WordID, second: WordID)], vocabularySize: Int) {
        let sorted = pairs.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        var unique: [(first: WordID, second: WordID)] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted where unique.last.map({ $0 != pair }) ?? true { unique.append(pair) }
        starts = .allocate(capacity: vocabularySize + 1)
        starts.initialize(repeating: 0)
        secondWords = .allocate(capacity: unique.count)
        for (i, pair) in unique.enumerated() {
            secondWords[i] = pair.second
            starts[Int(pair.first) + 1] += 1
        }
        for i in 0..<vocabularySize { starts[i + 1] += starts[i] }
    }

    deinit {
        starts.deallocate()
        secondWords.deallocate()
    }

    /// The second words of the pairs that start with `first`, ascending (empty when none).
    @inline(__always)
    func seconds(after first: WordID) -> UnsafeBufferPointer<WordID> {
        guard Int(first) + 1 < starts.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let from = Int(starts[Int(first)]), to = Int(starts[Int(first) + 1])
        return UnsafeBufferPointer(rebasing: secondWords[from..<to])
    }

    /// Whether `first second` is a dictionary word.
    func contains(_ first: WordID, _ second: WordID) -> Bool {
        DictionaryWords.search(seconds(after: first), second)
    }

    /// Binary search of an ascending run, without a branch on the comparisons (the search asks
    /// for words in no order a branch predictor could learn; runs are ~15 words on average).
    @inline(__always)
    static func search(_ run: UnsafeBufferPointer<WordID>, _ word: WordID) -> Bool {
        guard var base = run.baseAddress, !run.isEmpty else { return false }
        var count = run.count
        while count > 1 {
            let half = count / 2
            // All ones when base[half] <= word (the difference is not negative), else zero.
            let take = ~((Int64(word) &- Int64(base[half])) >> 63)
            base += half & Int(take)
            count -= half
        }
        return base.pointee == word
    }
}
