import Foundation
import VNFix

/// Helpers shared by the `bench` targets.
enum BenchSupport {
    /// The package root: the nearest directory at or above the working directory with `Corpora/`.
    static func root() throws -> String {
        var directory = FileManager.default.currentDirectoryPath
        while true {
            if FileManager.default.fileExists(atPath: directory + "/Corpora") { return directory }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty {
                throw CLIError(message: "cannot find Corpora/ at or above the working directory; run from the vnfix checkout", code: ExitCode.noInput)
            }
            directory = parent
        }
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "\(path): cannot read", code: ExitCode.noInput)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    /// Left-aligns the first column and right-aligns the others.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var text = line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }

    static func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, 2) + " MiB" }

    /// A small deterministic generator (xorshift64*), so runs query the same "random" IDs.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }
}

/// `vnfix bench lm`: the language model's size, load time, query speed, training time and
/// held-out perplexity, with perplexity of other orders and of a pruned model trained in-process
/// from the same corpus as the bundled one.
enum BenchLM {
    static let summary = "Language model: load time, size, ns/query, training time, held-out perplexity."
    static let help = """
        USAGE: vnfix bench lm [--model F] [--heldout F] [--no-variants]

          --model F      Model to measure (default: the bundled model).
          --heldout F    Held-out text for perplexity and sequential queries
                         (default: Corpora/eval/clean-000/gold.txt, seed 000, never trained on).
          --no-variants  Skip training order 2/3/4 and pruned models from Tools/models/lm-{general,domain,names}.txt.

        Run from the checkout (Corpora/ is looked up from the working directory upwards).

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") { print(help, terminator: ""); return ExitCode.ok }
        let args = try ArgumentScanner(arguments, valued: ["--model", "--heldout"], flags: ["--no-variants"])
        let root = try BenchSupport.root()
        let modelPath = args.value("--model")
        let heldoutPath = args.value("--heldout") ?? root + "/Corpora/eval/clean-000/gold.txt"
        let heldout = try BenchSupport.readText(heldoutPath)
        func load() throws -> LanguageModel {
            do {
                if let modelPath { return try LanguageModel.load(contentsOf: URL(fileURLWithPath: modelPath)) }
                return try LanguageModel.bundled()
            } catch {
                throw CLIError(message: error.localizedDescription, code: ExitCode.noInput)
            }
        }

        // Load time: map + header + checksum of the whole payload, median of 20.
        var loads: [Double] = []
        var model = try load()
        for _ in 0..<20 {
            var loaded: LanguageModel?
            loads.append(try BenchCommand.time { loaded = try load() })
            model = loaded!
        }
        let name = modelPath ?? "bundled default.vnlm"
        let counts = model.ngramCounts
        let total = counts.reduce(0, +)
        print("vnfix bench lm: \(name)")
        print("  held-out text: \(heldoutPath) (\(heldout.utf8.count) bytes)")
        print("")
        print("  load (mmap + checksum), median of 20: \(BenchSupport.format(BenchSupport.median(loads) * 1000, 3)) ms"
              + " (min \(BenchSupport.format(loads.min()! * 1000, 3)), max \(BenchSupport.format(loads.max()! * 1000, 3)))")
        print("  file size: \(model.fileSize) bytes (\(BenchSupport.megabytes(model.fileSize)))")
        print("  order \(model.order), vocabulary \(model.vocabularySize) words")
        for (i, count) in counts.enumerated() { print("    \(i + 1)-grams: \(count)") }
        print("  bytes per n-gram (file size / all n-grams): \(BenchSupport.format(Double(model.fileSize) / Double(max(total, 1)), 2))")

        // Queries.
        let sentences = model.sentenceWordIDs(of: heldout)
        let sequential = sequentialQueries(model, sentences)
        let random = randomQueries(model, sentences)
        print("")
        print("  ns per query, best of 5:")
        print("    sequential (held-out text in order, state carried, </s> included): \(BenchSupport.format(sequential.ns, 1)) ns"
              + " (\(sequential.queries) queries per pass)")
        print("    random (uniform word IDs, states drawn from a pool of 4096):        \(BenchSupport.format(random.ns, 1)) ns"
              + " (\(random.queries) queries per pass)")
        print("    ratio random / sequential: \(BenchSupport.format(random.ns / sequential.ns, 2))")

        // Training time on one file, in-process (read excluded), median of 3.
        let seedsPath = root + "/Corpora/train/seeds-001-002.txt"
        let seeds = try BenchSupport.readText(seedsPath)
        var trainTimes: [Double] = []
        var seedCounts: [Int] = []
        var seedBytes = 0
        for _ in 0..<3 {
            trainTimes.append(BenchCommand.time {
                var trainer = LanguageModelTrainer(options: .init(order: 3))
                trainer.add(text: seeds)
                let trained = trainer.build()
                seedBytes = trained.binary.count
                seedCounts = trained.ngramCounts
            })
        }
        print("")
        print("  training, order 3, \(seedsPath.dropFirst(root.count + 1)) (\(seeds.utf8.count) bytes), in-process, median of 3: "
              + "\(BenchSupport.format(BenchSupport.median(trainTimes) * 1000, 0)) ms → \(seedBytes) bytes, n-grams \(seedCounts.map(String.init).joined(separator: "/"))")

        // Perplexity on held-out text.
        let ppl = model.perplexity(of: heldout)
        print("")
        print("  held-out perplexity (SRILM convention: OOVs skipped, </s> counted): \(BenchSupport.format(ppl.perplexity, 1))"
              + " over \(ppl.tokens) words, \(ppl.oov) OOV (\(BenchSupport.format(100 * Double(ppl.oov) / Double(max(ppl.tokens, 1)), 2))%), \(sentences.count) sentences")

        if args.flag("--no-variants") { return ExitCode.ok }
        try variants(root: root, heldout: heldout, reference: modelPath == nil ? model : nil, referencePPL: ppl)
        return ExitCode.ok
    }

    /// Scores every word of every sentence in order (and `</s>`), carrying the state; best of 5.
    static func sequentialQueries(_ model: LanguageModel, _ sentences: [[WordID]]) -> (ns: Double, queries: Int) {
        let queries = sentences.reduce(0) { $0 + $1.count + 1 }
        let passes = max(1, 1_000_000 / max(queries, 1))
        var best = Double.infinity
        var sink: Float = 0
        for _ in 0..<5 {
            let seconds = BenchCommand.time {
                for _ in 0..<passes {
                    for sentence in sentences {
                        var state = model.startState
                        for word in sentence {
                            let (p, next) = model.score(state, word)
                            sink += p
                            state = next
                        }
                        sink += model.endScore(state)
                    }
                }
            }
            best = min(best, seconds / Double(passes * queries))
        }
        if sink == 1 { print("", terminator: "") }  // keeps the loop from being optimized away
        return (best * 1e9, queries)
    }

    /// Uniformly random word IDs scored in states drawn from a pool (half reached on the held-out
    /// text, half by random word pairs and triples from the start state); best of 5.
    static func randomQueries(_ model: LanguageModel, _ sentences: [[WordID]]) -> (ns: Double, queries: Int) {
        var random = BenchSupport.Random(seed: 20260101)
        let v = model.vocabularySize
        var reached: [LMState] = []
        for sentence in sentences {
            var state = model.startState
            for word in sentence { state = model.score(state, word).next; reached.append(state) }
        }
        var pool: [LMState] = []
        for i in 0..<4096 {
            if i % 2 == 0, !reached.isEmpty {
                pool.append(reached[random.below(reached.count)])
            } else {
                var state = model.startState
                for _ in 0..<(1 + random.below(3)) { state = model.score(state, WordID(random.below(v))).next }
                pool.append(state)
            }
        }
        let count = 1 << 20
        var stateIndex = [UInt16](repeating: 0, count: count)
        var words = [WordID](repeating: 0, count: count)
        for i in 0..<count {
            stateIndex[i] = UInt16(random.below(pool.count))
            words[i] = WordID(random.below(v))
        }
        var best = Double.infinity
        var sink: Float = 0
        for _ in 0..<5 {
            let seconds = BenchCommand.time {
                pool.withUnsafeBufferPointer { pool in
                    for i in 0..<count { sink += model.score(pool[Int(stateIndex[i])], words[i]).log10Probability }
                }
            }
            best = min(best, seconds / Double(count))
        }
        if sink == 1 { print("", terminator: "") }
        return (best * 1e9, count)
    }

    /// Trains models of other orders and a pruned one from the bundled model's corpus and compares
    /// their perplexity, size and speed on the same held-out text.
    static func variants(root: String, heldout: String, reference: LanguageModel?, referencePPL: (perplexity: Double, oov: Int, tokens: Int)) throws {
        // The bundled model's text (general and in-domain lists), here as one unmixed corpus.
        var files: [String] = []
        for list in ["lm-general.txt", "lm-domain.txt", "lm-names.txt"] {
            files += try BenchSupport.readText(root + "/Tools/models/" + list).split(whereSeparator: \.isWhitespace).map(String.init)
        }
        var corpus: [String] = []
        var corpusBytes = 0
        for file in files {
            let text = try BenchSupport.readText(root + "/" + file)
            corpusBytes += text.utf8.count
            corpus.append(text)
        }
        print("")
        print("  unmixed models trained in-process from Tools/models/lm-{general,domain,names}.txt (\(files.count) files, \(corpusBytes) bytes):")
        let configurations: [(label: String, order: Int, prune: [Int], smoothing: LanguageModelTrainer.Smoothing)] = [
            ("order 2", 2, [1, 1, 1], .modifiedKneserNey),
            ("order 3", 3, [1, 1, 1], .modifiedKneserNey),
            ("order 4", 4, [1, 1, 1], .modifiedKneserNey),
            ("order 3, --prune 1,2", 3, [1, 2, 1], .modifiedKneserNey),
            ("order 4, --prune 1,2,2", 4, [1, 2, 2], .modifiedKneserNey),
            ("order 3, --smoothing kn", 3, [1, 1, 1], .kneserNey),
            ("order 3, --smoothing ad", 3, [1, 1, 1], .absoluteDiscounting),
            ("order 4, --smoothing kn", 4, [1, 1, 1], .kneserNey),
        ]
        var rows: [[String]] = []
        if let reference {
            let sentences = reference.sentenceWordIDs(of: heldout)
            rows.append(["bundled default.vnlm", "\(reference.order)", reference.ngramCounts.map(String.init).joined(separator: "/"),
                         BenchSupport.format(Double(reference.fileSize) / 1_048_576, 2), "-",
                         BenchSupport.format(sequentialQueries(reference, sentences).ns, 1),
                         BenchSupport.format(referencePPL.perplexity, 1), "\(referencePPL.oov)"])
        }
        for configuration in configurations {
            var bytes: [UInt8] = []
            let seconds = BenchCommand.time {
                var trainer = LanguageModelTrainer(options: .init(order: configuration.order, pruneThresholds: configuration.prune,
                                                                   smoothing: configuration.smoothing))
                for text in corpus { trainer.add(text: text) }
                bytes = trainer.build().binary
            }
            let model: LanguageModel
            do { model = try LanguageModel.load(bytes: bytes, name: configuration.label) } catch {
                throw CLIError(message: error.localizedDescription, code: ExitCode.software)
            }
            let ppl = model.perplexity(of: heldout)
            let sentences = model.sentenceWordIDs(of: heldout)
            var label = configuration.label
            if let reference, configuration.order == 3, configuration.prune == [1, 1, 1],
               configuration.smoothing == .modifiedKneserNey, bytes.count == reference.fileSize {
                label += " (= bundled size)"
            }
            rows.append([label, "\(model.order)", model.ngramCounts.map(String.init).joined(separator: "/"),
                         BenchSupport.format(Double(bytes.count) / 1_048_576, 2), BenchSupport.format(seconds, 2),
                         BenchSupport.format(sequentialQueries(model, sentences).ns, 1),
                         BenchSupport.format(ppl.perplexity, 1), "\(ppl.oov)"])
        }
        print(BenchSupport.table(["model", "order", "n-grams (1/2/3/4)", "MiB", "train s", "seq ns/q", "PPL", "OOV"], rows)
              .split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        print("    (PPL on the held-out text with the same tokenization as training; OOVs skipped, </s> counted)")
    }
}
