import Foundation

/// Builds a syllable n-gram model with interpolated modified Kneser–Ney smoothing (Chen & Goodman),
/// stored in back-off form as KenLM and SRILM do. Deterministic: the same text and options give
/// the same bytes.
///
/// ```swift
/// var trainer = LanguageModelTrainer(options: .init(order: 3))
/// trainer.add(text: "Văn phòng Đoàn đại biểu Quốc hội.")
/// let bytes = trainer.build().binary      // a .vnlm file
/// let model = try LanguageModel.load(bytes: bytes)
/// ```
public struct LanguageModelTrainer {
    /// Order, pruning and vocabulary cut-off. `Options(order: 3, pruneThresholds: [1, 2])` drops singleton trigrams.
    public struct Options: Sendable {
        /// Highest n-gram order, 2…4.
        public var order: Int
        /// Minimum raw count for an n-gram of order 2, 3, 4 to be kept (1 = keep all).
        public var pruneThresholds: [Int]
        /// Words seen fewer times are mapped to `<unk>`.
        public var minimumWordCount: Int
        /// How probability mass is discounted and passed to lower orders.
        public var smoothing: Smoothing
        /// Whether a sentence's last word is followed by `</s>`: true for running text; false for a
        /// list of names or words, whose entries start where a sentence may but whose ends say
        /// nothing of where sentences end (with `</s>`, every entry made its last word likelier to
        /// end a sentence).
        public var linesEndSentences = true

        /// Defaults: trigrams, nothing pruned, every word kept, modified Kneser–Ney.
        public init(order: Int = 3, pruneThresholds: [Int] = [1, 1, 1], minimumWordCount: Int = 1,
                    smoothing: Smoothing = .modifiedKneserNey) {
            self.order = order
            self.pruneThresholds = pruneThresholds
            self.minimumWordCount = minimumWordCount
            self.smoothing = smoothing
        }
    }

    /// Interpolated smoothing methods (Chen & Goodman 1998). The default is the one they found best;
    /// the others are there to measure it against (`vnfix bench lm`).
    public enum Smoothing: String, Sendable, CaseIterable {
        /// Three discounts per order (counts 1, 2, 3+), lower orders from continuation counts.
        case modifiedKneserNey = "mkn"
        /// One discount per order, D = n1 / (n1 + 2 n2), lower orders from continuation counts.
        case kneserNey = "kn"
        /// One discount per order, lower orders from raw counts (no continuation counts).
        case absoluteDiscounting = "ad"
    }

    /// The options the model is trained with.
    public let options: Options
    /// Sentences as word strings, in input order (IDs are assigned once all text is in).
    private var sentences: [[String]] = []
    private var wordCounts: [String: Int] = [:]
    private let normalizer = TextNormalizer()
    private var tokens: [LineToken] = []
    /// Lines and tokens read so far.
    public private(set) var lineCount = 0
    public private(set) var tokenCount = 0

    /// A trainer with no text yet; add text with `add(text:)`, then `build()`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Adds training text: one or more lines; sentences end at `. ! ? ; :` and at line ends.
    public mutating func add(text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            add(line: String(line))
        }
    }

    /// Adds one line of training text.
    public mutating func add(line: String) {
        var normalized = normalizer.normalize(line)
        lineCount += 1
        var current: [String] = []
        var localTokens = tokens
        normalized.withUTF8 { bytes in
            TokenScanner.tokens(in: bytes, into: &localTokens)
            for token in localTokens {
                if let word = LanguageModelTrainer.word(token, in: bytes) { current.append(word) }
                if token.endsSentence, !current.isEmpty {
                    sentences.append(current)
                    current.removeAll()
                }
            }
        }
        tokens = localTokens
        if !current.isEmpty { sentences.append(current) }
    }

    /// The vocabulary form of a number (`<num>`).
    static let numberWord = LanguageModel.reservedWords[Int(LanguageModel.numberID)]

    /// The vocabulary form of a token of `line`: `word(_:)` of its core, and `<num>` for a code part
    /// that spells a syllable (`TU` in `31-CT/TU`, `TokenScanner.isCodeSyllable`), as the decoder reads it.
    static func word(_ token: LineToken, in line: UnsafeBufferPointer<UInt8>) -> String? {
        TokenScanner.isCodeSyllable(line, token) ? numberWord : word(UnsafeBufferPointer(rebasing: line[token.core]))
    }

    /// The vocabulary form of a token core: lowercase, `<num>` for numbers, nil for no letters.
    static func word(_ core: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = core.first else { return nil }
        if first >= 0x30 && first <= 0x39 { return numberWord }
        var hasLetter = false
        for b in core where (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0xC0 { hasLetter = true; break }
        guard hasLetter else { return nil }
        return VietnameseCase.lowercase(String(decoding: core, as: UTF8.self))
    }

    /// Counts, smooths and packs the model.
    public mutating func build(progress: ((String) -> Void)? = nil) -> TrainedModel {
        TrainedModel(tables: estimateTables(progress: progress))
    }

    mutating func estimateTables(progress: ((String) -> Void)?) -> NGramTables {
        wordCounts = [:]
        for sentence in sentences { for word in sentence { wordCounts[word, default: 0] += 1 } }
        tokenCount = wordCounts.values.reduce(0, +)
        return LanguageModelTrainer.estimate(sentences: sentences, wordCounts: wordCounts, options: options, progress: progress)
    }

    /// A model that interpolates two trained on different text, `weight`·P_domain + (1 − weight)·P_general,
    /// written as one back-off model (static interpolation, as SRILM's `ngram -mix-lm`): the union of
    /// both models' n-grams with mixed probabilities, and back-offs renormalized. Lets a small
    /// in-domain corpus count for more than its share of the text without distorting its counts.
    public static func mixture(domain: inout LanguageModelTrainer, general: inout LanguageModelTrainer, weight: Double,
                               progress: ((String) -> Void)? = nil) -> TrainedModel {
        progress?("in-domain model")
        let a = domain.estimateTables(progress: progress)
        progress?("general model")
        let b = general.estimateTables(progress: progress)
        progress?("mixing with weight \(weight)")
        return TrainedModel(tables: NGramTables.mix(a, b, weight: weight))
    }

    /// Three models interpolated: `domainWeight`·P_domain + `namesWeight`·P_names + the rest·P_general.
    /// A list of names (a gazetteer) gets its own share: inside the in-domain text its many short
    /// lines would make up much of it and skew its unigrams toward names.
    public static func mixture(domain: inout LanguageModelTrainer, names: inout LanguageModelTrainer, general: inout LanguageModelTrainer,
                               domainWeight: Double, namesWeight: Double, progress: ((String) -> Void)? = nil) -> TrainedModel {
        precondition(domainWeight > 0 && namesWeight > 0 && domainWeight + namesWeight < 1, "weights must be positive and sum to less than 1")
        progress?("in-domain model")
        let a = domain.estimateTables(progress: progress)
        progress?("names model")
        let n = names.estimateTables(progress: progress)
        progress?("general model")
        let b = general.estimateTables(progress: progress)
        progress?("mixing \(domainWeight) : \(namesWeight) : \(1 - domainWeight - namesWeight)")
        let specific = NGramTables.mix(a, n, weight: domainWeight / (domainWeight + namesWeight))
        return TrainedModel(tables: NGramTables.mix(specific, b, weight: domainWeight + namesWeight))
    }

    static func estimate(sentences: [[String]], wordCounts: [String: Int], options: Options, progress: ((String) -> Void)?) -> NGramTables {
        let order = max(2, min(4, options.order))
        // Vocabulary: reserved words, then by count (descending) and bytes, so IDs are stable.
        var vocabulary = LanguageModel.reservedWords
        let reserved = Set(vocabulary)
        let kept = wordCounts.filter { $0.value >= options.minimumWordCount && !reserved.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        vocabulary += kept.map(\.key)
        var ids: [String: WordID] = [:]
        for (i, word) in vocabulary.enumerated() { ids[word] = WordID(i) }
        let v = vocabulary.count
        var unigramCounts = [UInt32](repeating: 0, count: v)
        unigramCounts[Int(LanguageModel.numberID)] = UInt32(wordCounts[vocabulary[Int(LanguageModel.numberID)]] ?? 0)
        for (word, count) in kept { unigramCounts[Int(ids[word]!)] = UInt32(count) }
        // `</s>` is counted where sentences end: not after a list's entries (`linesEndSentences`).
        unigramCounts[Int(LanguageModel.sentenceEndID)] = options.linesEndSentences ? UInt32(sentences.count) : 0

        let packing = NGramTables.Packing(order: order)
        progress?("counting n-grams of \(sentences.count) sentences, vocabulary \(v)")
        // Raw counts of every order.
        var raw = [[UInt64: UInt32]](repeating: [:], count: order + 1)
        var sentenceIDs: [WordID] = []
        for sentence in sentences {
            sentenceIDs.removeAll(keepingCapacity: true)
            sentenceIDs.append(LanguageModel.sentenceStartID)
            for word in sentence { sentenceIDs.append(ids[word] ?? LanguageModel.unknownWordID) }
            if options.linesEndSentences { sentenceIDs.append(LanguageModel.sentenceEndID) }
            for end in 1..<sentenceIDs.count {
                for k in 1...order where end - k + 1 >= 0 {
                    raw[k][packing.pack(sentenceIDs[(end - k + 1)...end]), default: 0] += 1
                }
            }
        }
        // Sorted keys and raw counts per order (sorted so every sum runs in one fixed order).
        var keys = [[UInt64]](repeating: [], count: order + 1)
        var rawCounts = [[UInt32]](repeating: [], count: order + 1)
        for k in 1...order {
            keys[k] = raw[k].keys.sorted()
            rawCounts[k] = keys[k].map { raw[k][$0]! }
        }
        raw = []
        // Adjusted counts: continuation counts below the top order, except n-grams that start with <s>.
        var adjusted = rawCounts
        let startID = UInt64(LanguageModel.sentenceStartID)
        for k in 1..<order where options.smoothing != .absoluteDiscounting {
            var continuation = [UInt32](repeating: 0, count: keys[k].count)
            for key in keys[k + 1] {
                let suffix = key & ((1 << (packing.bits * UInt64(k))) - 1)
                if let i = index(of: suffix, in: keys[k]) { continuation[i] += 1 }
            }
            for i in keys[k].indices {
                let first = keys[k][i] >> (packing.bits * UInt64(k - 1))
                if first != startID { adjusted[k][i] = continuation[i] }
            }
        }
        // Discounts per order from counts of counts.
        var discounts = [[Double]](repeating: [0, 0.5, 1, 1.5], count: order + 1)
        for k in 1...order {
            var n = [Double](repeating: 0, count: 5)
            for c in adjusted[k] where c >= 1 && c <= 4 { n[Int(c)] += 1 }
            guard n[1] > 0, n[2] > 0 else { continue }
            let y = n[1] / (n[1] + 2 * n[2])
            var d = [0.0, 1 - 2 * y * n[2] / n[1], 2 - 3 * y * (n[3] / n[2]), n[3] > 0 ? 3 - 4 * y * (n[4] / n[3]) : 1.5]
            if options.smoothing != .modifiedKneserNey { d = [0, y, y, y] }
            for i in 1...3 { d[i] = min(Double(i), max(0.05, d[i])) }
            discounts[k] = d
        }
        func discount(_ k: Int, _ count: UInt32) -> Double { discounts[k][Int(min(count, 3))] }

        progress?("smoothing")
        // Unigrams: interpolated with the uniform distribution over the vocabulary (without <s>).
        var unigramProb = [Double](repeating: 0, count: v)
        var unigramAdjusted = [UInt32](repeating: 0, count: v)
        for (i, key) in keys[1].enumerated() { unigramAdjusted[Int(key)] = adjusted[1][i] }
        unigramAdjusted[Int(LanguageModel.sentenceStartID)] = 0
        var total: Double = 0
        var byCount = [Double](repeating: 0, count: 4)
        for c in unigramAdjusted where c > 0 { total += Double(c); byCount[Int(min(c, 3))] += 1 }
        let gamma0 = (discount(1, 1) * byCount[1] + discount(1, 2) * byCount[2] + discount(1, 3) * byCount[3]) / max(total, 1)
        let uniform = 1 / Double(v - 1)
        for id in 0..<v {
            let c = unigramAdjusted[id]
            unigramProb[id] = (c > 0 ? (Double(c) - discount(1, c)) / total : 0) + gamma0 * uniform
        }
        unigramProb[Int(LanguageModel.sentenceStartID)] = 0

        // Higher orders: p(w|h) = (a(hw) − D) / a(h·) + γ(h) p(w|h'), γ(h) = Σ D·N / a(h·).
        var prob = [[Double]](repeating: [], count: order + 1)
        var gamma = [[Double]](repeating: [], count: order + 1)  // γ of each n-gram as a context (order k < top)
        gamma[1] = [Double](repeating: 0, count: v)
        for k in 2...order {
            prob[k] = [Double](repeating: 0, count: keys[k].count)
            if k < order { gamma[k] = [Double](repeating: 0, count: keys[k].count) }
            let shift = packing.bits
            var start = 0
            while start < keys[k].count {
                let context = keys[k][start] >> shift
                var end = start
                var sum: Double = 0
                var n = [Double](repeating: 0, count: 4)
                while end < keys[k].count, keys[k][end] >> shift == context {
                    let c = adjusted[k][end]
                    sum += Double(c)
                    n[Int(min(max(c, 1), 3))] += 1
                    end += 1
                }
                let g = (discount(k, 1) * n[1] + discount(k, 2) * n[2] + discount(k, 3) * n[3]) / max(sum, 1)
                if k == 2 { gamma[1][Int(context)] = g } else if let ci = index(of: context, in: keys[k - 1]) { gamma[k - 1][ci] = g }
                let lowerMask: UInt64 = (1 << (packing.bits * UInt64(k - 1))) - 1
                for i in start..<end {
                    let c = adjusted[k][i]
                    let suffix = keys[k][i] & lowerMask
                    let lower: Double
                    if k == 2 {
                        lower = unigramProb[Int(suffix)]
                    } else {
                        lower = index(of: suffix, in: keys[k - 1]).map { prob[k - 1][$0] } ?? 0
                    }
                    prob[k][i] = (Double(c) - discount(k, c)) / max(sum, 1) + g * lower
                }
                start = end
            }
        }

        // Pruning: drop rare n-grams (keeping prefixes of kept ones), then recompute back-offs.
        var keep = [[Bool]](repeating: [], count: order + 1)
        var pruned = false
        for k in stride(from: order, through: 2, by: -1) {
            let threshold = k - 2 < options.pruneThresholds.count ? options.pruneThresholds[k - 2] : 1
            keep[k] = rawCounts[k].map { Int($0) >= threshold }
            if threshold > 1 { pruned = true }
            if k < order {
                for (i, key) in keys[k + 1].enumerated() where keep[k + 1][i] {
                    if let p = index(of: key >> packing.bits, in: keys[k]) { keep[k][p] = true }
                }
            }
        }
        var tables = NGramTables(order: order, words: vocabulary, wordCounts: unigramCounts,
                                 unigramProb: unigramProb.map { log10Float($0) },
                                 unigramBackoff: gamma[1].map { log10Float($0) }, levels: [])
        for k in 2...order {
            var level = NGramTables.Level()
            for i in keys[k].indices where keep[k][i] {
                level.keys.append(keys[k][i])
                level.prob.append(log10Float(prob[k][i]))
                level.backoff.append(k < order ? log10Float(gamma[k][i]) : 0)
            }
            tables.levels.append(level)
        }
        if pruned { tables.renormalizeBackoffs() }
        for k in 2..<order {
            // Entries that are no context have no back-off (γ = 0 there only by construction).
            for i in tables.levels[k - 2].keys.indices where tables.levels[k - 2].backoff[i] == -99 { tables.levels[k - 2].backoff[i] = 0 }
        }
        for id in 0..<v where tables.unigramBackoff[id] == -99 { tables.unigramBackoff[id] = 0 }
        tables.unigramProb[Int(LanguageModel.sentenceStartID)] = -99
        return tables
    }

    /// Binary search in sorted packed keys.
    static func index(of key: UInt64, in keys: [UInt64]) -> Int? {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) >> 1
            if keys[mid] == key { return mid }
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}

@inline(__always)
func log10Float(_ p: Double) -> Float { p > 0 ? Float(log10(p)) : -99 }

extension NGramTables {
    /// After pruning, back-off weights must make each context's distribution sum to one again:
    /// bow(h) = (1 − Σ_kept p(w|h)) / (1 − Σ_kept p(w|h')).
    mutating func renormalizeBackoffs() {
        // A context none of whose extensions survived backs off at no cost.
        unigramBackoff = unigramBackoff.map { _ in 0 }
        for k in levels.indices { levels[k].backoff = levels[k].backoff.map { _ in 0 } }
        // Contexts of order k-1 with their kept children at order k; lower orders first.
        for k in 2...order {
            let level = levels[k - 2]
            var start = 0
            var results: [(context: UInt64, bow: Float)] = []
            while start < level.keys.count {
                let context = level.keys[start] >> packing.bits
                var end = start
                var sumHigh: Double = 0, sumLow: Double = 0
                let contextWords = unpack(context, order: k - 1)
                while end < level.keys.count, level.keys[end] >> packing.bits == context {
                    let word = WordID(level.keys[end] & packing.mask)
                    sumHigh += pow(10, Double(level.prob[end]))
                    sumLow += pow(10, score(contextWords.dropFirst()[...], word))
                    end += 1
                }
                let numerator = max(1 - sumHigh, 1e-12), denominator = max(1 - sumLow, 1e-12)
                results.append((context, Float(log10(numerator / denominator))))
                start = end
            }
            for (context, bow) in results {
                if k == 2 {
                    unigramBackoff[Int(context)] = bow
                } else if let i = levels[k - 3].index(of: context) {
                    levels[k - 3].backoff[i] = bow
                }
            }
        }
    }
}

/// A trained model: its tables, ready to be written as `.vnlm` or ARPA.
public struct TrainedModel {
    var tables: NGramTables

    /// The `.vnlm` file bytes.
    public var binary: [UInt8] { tables.binary() }
    /// The model in ARPA text format.
    public var arpa: String { tables.arpa() }
    /// n-gram counts per order (index 0 = unigrams).
    public var ngramCounts: [Int] { [tables.words.count] + tables.levels.map(\.keys.count) }
}
