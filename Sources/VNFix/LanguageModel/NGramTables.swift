import Foundation

/// A language model as plain arrays, between training (or ARPA import) and the binary writer.
/// n-grams are packed into `UInt64` keys, first word most significant, so sorting keys sorts the
/// n-grams lexicographically — the order of the binary trie.
struct NGramTables {
    struct Packing {
        var bits: UInt64
        var mask: UInt64 { (1 << bits) - 1 }

        init(order: Int) { bits = UInt64(64 / order) }

        @inline(__always) func pack(_ words: ArraySlice<WordID>) -> UInt64 {
            var key: UInt64 = 0
            for w in words { key = key << bits | UInt64(w) }
            return key
        }
    }

    struct Level {
        /// Sorted packed n-grams of this order.
        var keys: [UInt64] = []
        /// log10 probabilities and back-offs (0 where the n-gram is no context).
        var prob: [Float] = []
        var backoff: [Float] = []

        func index(of key: UInt64) -> Int? { LanguageModelTrainer.index(of: key, in: keys) }
    }

    var order: Int
    /// Vocabulary, index = word ID; the reserved words come first.
    var words: [String]
    var wordCounts: [UInt32]
    var unigramProb: [Float]
    var unigramBackoff: [Float]
    /// Levels for orders 2…order (index 0 = bigrams).
    var levels: [Level]

    var packing: Packing { Packing(order: order) }

    /// The n-gram's words (of the given order) from a packed key.
    func unpack(_ key: UInt64, order k: Int) -> [WordID] {
        var result = [WordID](repeating: 0, count: k)
        var key = key
        for i in stride(from: k - 1, through: 0, by: -1) {
            result[i] = WordID(key & packing.mask)
            key >>= packing.bits
        }
        return result
    }

    /// log10 P(word | context) under these tables with back-off (context most recent last).
    func score(_ context: ArraySlice<WordID>, _ word: WordID) -> Double {
        var context = context.suffix(order - 1)
        var backoff: Double = 0
        while !context.isEmpty {
            let k = context.count + 1
            if let i = levels[k - 2].index(of: packing.pack(context + [word])) {
                return backoff + Double(levels[k - 2].prob[i])
            }
            if context.count == 1 {
                backoff += Double(unigramBackoff[Int(context.first!)])
            } else if let c = levels[context.count - 2].index(of: packing.pack(context)) {
                backoff += Double(levels[context.count - 2].backoff[c])
            }
            context = context.dropFirst()
        }
        return backoff + Double(unigramProb[Int(word)])
    }
}

extension NGramTables {
    /// Adds missing prefixes of n-grams (some ARPA files omit them) so that every entry has a parent
    /// in the trie; an added entry gets its backed-off probability and no back-off.
    mutating func insertMissingPrefixes() {
        guard order >= 3 else { return }
        for k in stride(from: order - 1, through: 2, by: -1) {
            let higher = levels[k - 1]
            var missing: [UInt64] = []
            var lastPrefix = UInt64.max
            for key in higher.keys {
                let prefix = key >> packing.bits
                guard prefix != lastPrefix else { continue }
                lastPrefix = prefix
                if levels[k - 2].index(of: prefix) == nil { missing.append(prefix) }
            }
            guard !missing.isEmpty else { continue }
            var merged: [(UInt64, Float, Float)] = zip(levels[k - 2].keys, zip(levels[k - 2].prob, levels[k - 2].backoff)).map { ($0, $1.0, $1.1) }
            for key in missing {
                let words = unpack(key, order: k)
                merged.append((key, Float(score(words.dropLast()[...], words.last!)), 0))
            }
            merged.sort { $0.0 < $1.0 }
            levels[k - 2] = Level(keys: merged.map(\.0), prob: merged.map(\.1), backoff: merged.map(\.2))
        }
    }
}

extension NGramTables {
    /// Static linear interpolation of two models (see `LanguageModelTrainer.mixture`).
    static func mix(_ a: NGramTables, _ b: NGramTables, weight: Double) -> NGramTables {
        let order = max(a.order, b.order)
        // Union vocabulary: reserved words, then by combined training count and bytes.
        var combined: [String: UInt64] = [:]
        for table in [a, b] {
            for (id, word) in table.words.enumerated() where id >= LanguageModel.reservedWords.count {
                combined[word, default: 0] += UInt64(table.wordCounts[id])
            }
        }
        var words = LanguageModel.reservedWords
        words += combined.sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }.map(\.key)
        var ids: [String: WordID] = [:]
        for (i, word) in words.enumerated() { ids[word] = WordID(i) }
        var aIDs: [String: WordID] = [:], bIDs: [String: WordID] = [:]
        for (i, w) in a.words.enumerated() { aIDs[w] = WordID(i) }
        for (i, w) in b.words.enumerated() { bIDs[w] = WordID(i) }
        let mapA = words.map { aIDs[$0] ?? LanguageModel.unknownWordID }
        let mapB = words.map { bIDs[$0] ?? LanguageModel.unknownWordID }
        let v = words.count
        var counts = [UInt32](repeating: 0, count: v)
        for (i, word) in words.enumerated() {
            let ca = aIDs[word].map { a.wordCounts[Int($0)] } ?? 0, cb = bIDs[word].map { b.wordCounts[Int($0)] } ?? 0
            counts[i] = UInt32(min(UInt64(ca) + UInt64(cb), UInt64(UInt32.max)))
        }
        // A word one component never saw gets a share of that component's <unk> mass in
        // proportion to the other component's unigram probability of it (not all of it, else every
        // rare word of the other text would be as likely as <unk>; not an equal share, else common
        // words of the other text would be as unlikely as its typos).
        var shareA = [Double](repeating: 1, count: words.count), shareB = shareA
        var totalA = 0.0, totalB = 0.0
        for i in LanguageModel.reservedWords.count..<words.count {
            if aIDs[words[i]] == nil, let j = bIDs[words[i]] { shareA[i] = pow(10, Double(b.unigramProb[Int(j)])); totalA += shareA[i] }
            if bIDs[words[i]] == nil, let j = aIDs[words[i]] { shareB[i] = pow(10, Double(a.unigramProb[Int(j)])); totalB += shareB[i] }
        }
        for i in LanguageModel.reservedWords.count..<words.count {
            if aIDs[words[i]] == nil { shareA[i] /= max(totalA, 1e-12) }
            if bIDs[words[i]] == nil { shareB[i] /= max(totalB, 1e-12) }
        }
        func mixed(_ context: [WordID], _ word: WordID) -> Float {
            var pa = pow(10, a.score(context.map { mapA[Int($0)] }[...], mapA[Int(word)]))
            var pb = pow(10, b.score(context.map { mapB[Int($0)] }[...], mapB[Int(word)]))
            if Int(word) >= LanguageModel.reservedWords.count {
                if mapA[Int(word)] == LanguageModel.unknownWordID { pa *= shareA[Int(word)] }
                if mapB[Int(word)] == LanguageModel.unknownWordID { pb *= shareB[Int(word)] }
            }
            return log10Float(weight * pa + (1 - weight) * pb)
        }
        var unigramProb = (0..<v).map { mixed([], WordID($0)) }
        unigramProb[Int(LanguageModel.sentenceStartID)] = -99
        var result = NGramTables(order: order, words: words, wordCounts: counts, unigramProb: unigramProb,
                                 unigramBackoff: [Float](repeating: 0, count: v), levels: [])
        let packing = result.packing
        let reverseA = a.words.map { ids[$0] ?? LanguageModel.unknownWordID }
        let reverseB = b.words.map { ids[$0] ?? LanguageModel.unknownWordID }
        for k in 2...order {
            var keys = Set<UInt64>()
            for (table, reverse) in [(a, reverseA), (b, reverseB)] where k <= table.order {
                for key in table.levels[k - 2].keys {
                    let mapped = table.unpack(key, order: k).map { reverse[Int($0)] }
                    keys.insert(packing.pack(mapped[...]))
                }
            }
            var level = NGramTables.Level()
            level.keys = keys.sorted()
            level.prob = level.keys.map { key in
                let ngram = result.unpack(key, order: k)
                return mixed(Array(ngram.dropLast()), ngram.last!)
            }
            level.backoff = [Float](repeating: 0, count: level.keys.count)
            result.levels.append(level)
        }
        result.insertMissingPrefixes()
        result.renormalizeBackoffs()
        return result
    }
}
