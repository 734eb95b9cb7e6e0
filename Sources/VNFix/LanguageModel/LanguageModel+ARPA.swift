import Foundation

/// ARPA text format (as written by KenLM's lmplz and SRILM's ngram-count): import and export, so
/// models from other toolkits can be used and ours inspected.
extension NGramTables {
    /// The tables as ARPA text (log10 values, n-grams in trie order).
    func arpa() -> String {
        var out = "\\data\\\n"
        out += "ngram 1=\(words.count - 0)\n"
        for (k, level) in levels.enumerated() { out += "ngram \(k + 2)=\(level.keys.count)\n" }
        out += "\n\\1-grams:\n"
        func number(_ value: Float) -> String {
            value <= -99 ? "-99" : String(format: "%.6g", Double(value))
        }
        for id in words.indices {
            out += number(unigramProb[id]) + "\t" + words[id]
            if order > 1, unigramBackoff[id] != 0 { out += "\t" + number(unigramBackoff[id]) }
            out += "\n"
        }
        for (index, level) in levels.enumerated() {
            let k = index + 2
            out += "\n\\\(k)-grams:\n"
            for i in level.keys.indices {
                let ngram = unpack(level.keys[i], order: k).map { words[Int($0)] }.joined(separator: " ")
                out += number(level.prob[i]) + "\t" + ngram
                if k < order, level.backoff[i] != 0 { out += "\t" + number(level.backoff[i]) }
                out += "\n"
            }
        }
        out += "\n\\end\\\n"
        return out
    }

    /// Parses ARPA text. Unigram training counts are not in ARPA files: they are set from the
    /// probabilities (10⁷·p, at least 1) so candidate ranking still has a frequency prior.
    static func parseARPA(_ text: String, path: String) throws(VNFixError) -> NGramTables {
        func fail(_ line: Int, _ reason: String) -> VNFixError { .invalidModel(path: path, reason: "line \(line): \(reason)") }
        var declared: [Int: Int] = [:]
        var section = -1  // -1 before \data\, 0 in \data\, k in \k-grams:
        var entries: [[(words: [Substring], prob: Float, backoff: Float)]] = [[], [], [], [], []]
        var lineNumber = 0
        var ended = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line == "\\data\\" { section = 0; continue }
            if line == "\\end\\" { ended = true; break }
            if line.hasPrefix("\\"), line.hasSuffix("-grams:") {
                guard let k = Int(line.dropFirst().dropLast(7)), (1...4).contains(k) else { throw fail(lineNumber, "unsupported section \(line) (orders 1…4)") }
                section = k
                continue
            }
            switch section {
            case -1:
                continue  // text before \data\ is a comment
            case 0:
                guard line.hasPrefix("ngram "), let eq = line.firstIndex(of: "="),
                      let k = Int(line[line.index(line.startIndex, offsetBy: 6)..<eq].trimmingCharacters(in: .whitespaces)),
                      let n = Int(line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)) else {
                    throw fail(lineNumber, "expected 'ngram N=COUNT'")
                }
                guard (1...4).contains(k) else { throw fail(lineNumber, "order \(k) is outside 1…4") }
                declared[k] = n
            default:
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count == section + 1 || fields.count == section + 2, let prob = Float(fields[0]) else {
                    throw fail(lineNumber, "expected 'log10prob w1 … w\(section) [backoff]'")
                }
                let backoff = fields.count == section + 2 ? Float(fields[section + 1]) : 0
                guard let backoff else { throw fail(lineNumber, "bad back-off '\(fields[section + 1])'") }
                entries[section].append((Array(fields[1...section]), prob, backoff))
            }
        }
        guard ended else { throw .invalidModel(path: path, reason: "missing \\end\\ (truncated ARPA file?)") }
        let order = declared.keys.max() ?? 0
        guard order >= 2 else { throw .invalidModel(path: path, reason: "an ARPA model of order 2…4 is needed") }
        for k in 1...order where declared[k] != entries[k].count {
            throw .invalidModel(path: path, reason: "\\data\\ declares \(declared[k] ?? 0) \(k)-grams but the file has \(entries[k].count)")
        }
        // Vocabulary: reserved words first, then by probability (descending) and bytes.
        var vocabulary = LanguageModel.reservedWords
        var ids: [Substring: WordID] = [:]
        for (i, word) in vocabulary.enumerated() { ids[Substring(word)] = WordID(i) }
        let others = entries[1].filter { ids[$0.words[0]] == nil }
            .sorted { $0.prob != $1.prob ? $0.prob > $1.prob : Array($0.words[0].utf8).lexicographicallyPrecedes(Array($1.words[0].utf8)) }
        for entry in others where ids[entry.words[0]] == nil {
            ids[entry.words[0]] = WordID(vocabulary.count)
            vocabulary.append(String(entry.words[0]))
        }
        let v = vocabulary.count
        var unigramProb = [Float](repeating: -99, count: v)
        var unigramBackoff = [Float](repeating: 0, count: v)
        var seen = [Bool](repeating: false, count: v)
        for entry in entries[1] {
            let id = Int(ids[entry.words[0]]!)
            unigramProb[id] = entry.prob
            unigramBackoff[id] = entry.backoff
            seen[id] = true
        }
        // <unk> and <num> absent from the file: <unk> gets a tiny probability, <num> that of <unk>.
        if !seen[Int(LanguageModel.unknownWordID)] { unigramProb[Int(LanguageModel.unknownWordID)] = -7 }
        if !seen[Int(LanguageModel.numberID)] { unigramProb[Int(LanguageModel.numberID)] = unigramProb[Int(LanguageModel.unknownWordID)] }
        let counts = unigramProb.map { p -> UInt32 in p <= -99 ? 0 : UInt32(max(1, min(4e9, pow(10, Double(p)) * 1e7))) }
        var tables = NGramTables(order: order, words: vocabulary, wordCounts: counts, unigramProb: unigramProb, unigramBackoff: unigramBackoff, levels: [])
        let packing = tables.packing
        guard v < 1 << Int(packing.bits) else {
            throw .invalidModel(path: path, reason: "vocabulary of \(v) words is too large for order \(order)")
        }
        for k in 2...order {
            var rows: [(UInt64, Float, Float)] = []
            rows.reserveCapacity(entries[k].count)
            for entry in entries[k] {
                var key: UInt64 = 0
                for word in entry.words {
                    guard let id = ids[word] else { throw .invalidModel(path: path, reason: "\(k)-gram '\(entry.words.joined(separator: " "))' uses a word missing from the unigrams") }
                    key = key << packing.bits | UInt64(id)
                }
                rows.append((key, entry.prob, entry.backoff))
            }
            rows.sort { $0.0 < $1.0 }
            tables.levels.append(NGramTables.Level(keys: rows.map(\.0), prob: rows.map(\.1), backoff: rows.map(\.2)))
        }
        tables.insertMissingPrefixes()
        return tables
    }
}

extension LanguageModel {
    /// Reads an ARPA file and converts it to the `.vnlm` binary format (bytes).
    public static func convertARPA(_ text: String, path: String = "<arpa>") throws(VNFixError) -> [UInt8] {
        try NGramTables.parseARPA(text, path: path).binary()
    }

    /// This model as ARPA text (dequantized values), for inspection or use in other toolkits.
    public func arpa() -> String { tables().arpa() }

    /// Reads the binary trie back into tables.
    func tables() -> NGramTables {
        let v = vocabularySize
        var words: [String] = []
        var counts: [UInt32] = []
        var unigramProb: [Float] = [], unigramBackoff: [Float] = []
        for id in 0..<v {
            words.append(word(WordID(id)))
            counts.append(count(WordID(id)))
            unigramProb.append(self.unigramProbability(id))
            unigramBackoff.append(backoff(level: 1, id))
        }
        var tables = NGramTables(order: order, words: words, wordCounts: counts, unigramProb: unigramProb, unigramBackoff: unigramBackoff, levels: [])
        let packing = tables.packing
        // Prefix key of every entry of the previous level, walking parents in order.
        var parentKeys: [UInt64] = (0..<v).map { UInt64($0) }
        for k in 2...order {
            var level = NGramTables.Level()
            var keys: [UInt64] = []
            for (parent, parentKey) in parentKeys.enumerated() {
                for i in childRange(level: k - 1, parent) {
                    let key = parentKey << packing.bits | UInt64(entryWord(level: k, i))
                    keys.append(key)
                    level.keys.append(key)
                    level.prob.append(probability(level: k, i))
                    level.backoff.append(backoff(level: k, i))
                }
            }
            tables.levels.append(level)
            parentKeys = keys
        }
        return tables
    }
}
