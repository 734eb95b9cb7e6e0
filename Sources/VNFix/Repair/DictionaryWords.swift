/// The channel's two-syllable dictionary words (`ChannelTable.dictionaryText`) as word-ID pairs,
/// grouped by first word with the second words ascending.
///
/// Two questions are asked of it: whether two words make a word (`contains`, for the gate and the
/// marked-text margin), and, in the search, which readings of a position make a word with one
/// reading of the position before (`run(after:)`, asked once per parent and kept for all its
/// expansions). A set of pair keys answered the second only with a hash per pair.
final class DictionaryWords: @unchecked Sendable {
    /// `seconds[starts[first] ..< starts[first + 1]]` follow `first`; `vocabularySize + 1` entries.
    private let starts: UnsafeMutableBufferPointer<Int32>
    private let secondWords: UnsafeMutableBufferPointer<WordID>
    /// Per first word, one bit (`bloomBit`) set for each of its second words: most words the search
    /// asks about are no second word of the parent's, and the bit says so without the search.
    private let blooms: UnsafeMutableBufferPointer<UInt64>

    /// Number of pairs.
    var count: Int { secondWords.count }
    var isEmpty: Bool { secondWords.isEmpty }

    /// `pairs` in any order, duplicates allowed; IDs must be below `vocabularySize`.
    /// (Grouped by counting, then each first word's few seconds insertion-sorted: with one sort of
    /// all 22k pairs, the table with its word lookups took 2.9 ms at the first line without marks,
    /// now 2.4 ms.)
    init(pairs: [(first: WordID, second: WordID)], vocabularySize: Int) {
        starts = .allocate(capacity: vocabularySize + 1)
        starts.initialize(repeating: 0)
        for pair in pairs { starts[Int(pair.first) + 1] += 1 }
        for i in 0..<vocabularySize { starts[i + 1] += starts[i] }
        var grouped = [WordID](repeating: 0, count: pairs.count)
        var next = Array(starts[0..<vocabularySize])
        for pair in pairs {
            grouped[Int(next[Int(pair.first)])] = pair.second
            next[Int(pair.first)] += 1
        }
        // Sort each group and drop duplicates, moving the groups down over the gaps.
        var count = 0
        var groupStart = 0
        for first in 0..<vocabularySize {
            let groupEnd = Int(starts[first + 1])
            starts[first] = Int32(count)
            if groupEnd > groupStart {
                // Insertion sort: groups are a few words (the longest some hundreds).
                for i in (groupStart + 1)..<max(groupEnd, groupStart + 1) {
                    let word = grouped[i]
                    var j = i
                    while j > groupStart, grouped[j - 1] > word {
                        grouped[j] = grouped[j - 1]
                        j -= 1
                    }
                    grouped[j] = word
                }
                for i in groupStart..<groupEnd where i == groupStart || grouped[i] != grouped[i - 1] {
                    grouped[count] = grouped[i]
                    count += 1
                }
            }
            groupStart = groupEnd
        }
        starts[vocabularySize] = Int32(count)
        secondWords = .allocate(capacity: count)
        _ = secondWords.initialize(from: grouped[0..<count])
        blooms = .allocate(capacity: vocabularySize)
        blooms.initialize(repeating: 0)
        for first in 0..<vocabularySize {
            for i in Int(starts[first])..<Int(starts[first + 1]) { blooms[first] |= DictionaryWords.bloomBit(secondWords[i]) }
        }
    }

    deinit {
        starts.deallocate()
        secondWords.deallocate()
        blooms.deallocate()
    }

    /// The words after `first` (`seconds(after:)`) with their bits (`bloomBit`).
    struct Run {
        let words: UnsafeBufferPointer<WordID>
        let bloom: UInt64
        var isEmpty: Bool { words.isEmpty }
        static var empty: Run { Run(words: UnsafeBufferPointer(start: nil, count: 0), bloom: 0) }

        /// Whether `word` is one of the run's.
        @inline(__always)
        func contains(_ word: WordID) -> Bool {
            bloom & DictionaryWords.bloomBit(word) != 0 && DictionaryWords.search(words, word)
        }
    }

    /// The second words after `first`, with their bits.
    @inline(__always)
    func run(after first: WordID) -> Run {
        let words = seconds(after: first)
        return words.isEmpty ? .empty : Run(words: words, bloom: blooms[Int(first)])
    }

    @inline(__always)
    static func bloomBit(_ word: WordID) -> UInt64 { 1 << ((UInt64(word) &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    /// The second words of the pairs that start with `first`, ascending (empty when none).
    @inline(__always)
    func seconds(after first: WordID) -> UnsafeBufferPointer<WordID> {
        guard Int(first) + 1 < starts.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let from = Int(starts[Int(first)]), to = Int(starts[Int(first) + 1])
        return UnsafeBufferPointer(rebasing: secondWords[from..<to])
    }

    /// Where words end along a sequence of `count` items, taken leftmost first, one word per item:
    /// `ends[q]` when items q - 1 and q make a word (`makesWord(q)`) and item q - 1 ended none.
    /// This finds as many words as any choice could (as the search takes them, `LineDecoder.decode`).
    static func leftmostWordEnds(count: Int, _ makesWord: (Int) -> Bool) -> [Bool] {
        var ends = [Bool](repeating: false, count: count)
        for q in stride(from: 1, to: count, by: 1) where !ends[q - 1] { ends[q] = makesWord(q) }
        return ends
    }

    /// Whether `first second` is a dictionary word.
    func contains(_ first: WordID, _ second: WordID) -> Bool {
        run(after: first).contains(second)
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
