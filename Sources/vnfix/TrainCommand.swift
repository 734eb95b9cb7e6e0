import Foundation
import VNFix

/// `vnfix train`: builds a syllable n-gram model from clean text.
enum TrainCommand: Command {
    static let name = "train"
    static let summary = "Train a syllable n-gram language model (.vnlm or ARPA) from clean text."
    static let help = """
        OVERVIEW: Train an interpolated modified Kneser–Ney syllable n-gram model from clean UTF-8
        Vietnamese text. Deterministic: the same corpus and options give the same bytes.

        USAGE: vnfix train [options] CORPUS… -o <file>

        ARGUMENTS:
          CORPUS…                 Training text files (UTF-8, one paragraph or line per line).

        OPTIONS:
          --order <n>             n-gram order, 2…4 (default 3).
          --prune <c2,c3,c4>      Minimum count of kept bigrams, trigrams, 4-grams (default 1,1,1 = keep all).
          --min-count <n>         Words seen fewer times become <unk> (default 1).
          --smoothing <s>         mkn (modified Kneser–Ney, default), kn (one discount per order) or
                                  ad (absolute discounting, no continuation counts).
          --domain <file>         In-domain training text (repeatable): a second model is trained on it
                                  and mixed with the model of CORPUS… (static linear interpolation).
          --domain-weight <w>     Weight of the in-domain model in the mixture, 0…1 (default 0.5).
          --names <file>          A list of names or words, one per line (a gazetteer, a dictionary;
                                  repeatable; needs --domain): a third model, mixed in with its own
                                  weight. An entry may start a sentence but ends none (no </s>).
          --names-weight <w>      Weight of the names model (default 0.03); the general model gets
                                  what the in-domain and names models leave.
          --arpa                  Write ARPA text instead of the binary .vnlm format.
          -o, --output <file>     Where to write the model (atomically).
          -q, --quiet             No progress on standard error.
          -h, --help              Show this help.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(arguments, valued: ["--order", "--prune", "--min-count", "--output", "--domain", "--domain-weight", "--names", "--names-weight", "--smoothing"],
                                       flags: ["--arpa", "--quiet"], aliases: ["-o": "--output", "-q": "--quiet"])
        guard let output = args.value("--output") else { throw CLIError.usage("missing -o <file>") }
        guard !args.positional.isEmpty else { throw CLIError.usage("give at least one corpus file") }
        if args.values("--domain").isEmpty, !args.values("--names").isEmpty {
            throw CLIError.usage("--names needs --domain (the names model is mixed with the in-domain and general models)")
        }
        func mixtureWeight(_ option: String, default value: Double) throws -> Double {
            guard let raw = args.value(option) else { return value }
            guard let value = Double(raw), value > 0, value < 1 else { throw CLIError.usage("invalid value '\(raw)' for \(option); expected a number between 0 and 1") }
            return value
        }
        let weight = try mixtureWeight("--domain-weight", default: 0.5)
        let namesWeight = try mixtureWeight("--names-weight", default: 0.03)
        if !args.values("--names").isEmpty, weight + namesWeight >= 1 {
            throw CLIError.usage("--domain-weight \(weight) and --names-weight \(namesWeight) leave nothing for the general model; their sum must be below 1")
        }
        let order = try args.integer("--order", in: 2...4) ?? 3
        let smoothing = try args.choice("--smoothing", Dictionary(uniqueKeysWithValues: LanguageModelTrainer.Smoothing.allCases.map { ($0.rawValue, $0) }))
            ?? .modifiedKneserNey
        var prune = [1, 1, 1]
        if let raw = args.value("--prune") {
            let parts = raw.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw CLIError.usage("invalid value '\(raw)' for --prune; expected up to three whole numbers ≥ 1, e.g. 1,2")
            }
            for (i, value) in parts.enumerated() { prune[i] = value! }
        }
        let minimumCount = try args.integer("--min-count", in: 1...1_000_000) ?? 1
        let quiet = args.flag("--quiet")
        func note(_ message: String) {
            if !quiet { FileHandle.standardError.write(Data("vnfix train: \(message)\n".utf8)) }
        }
        let start = Date()
        let options = LanguageModelTrainer.Options(order: order, pruneThresholds: prune, minimumWordCount: minimumCount, smoothing: smoothing)
        /// A trainer fed with the text of `paths` (`what` names them in the progress notes).
        func trainer(_ paths: [String], _ what: String, options: LanguageModelTrainer.Options = options) throws -> LanguageModelTrainer {
            var trainer = LanguageModelTrainer(options: options)
            for path in paths {
                let text = try RepairCommand.readText(InputSource(path: path), lossy: false, quiet: true)
                trainer.add(text: text)
                note("read \(what)\(path) (\(text.utf8.count) bytes)")
            }
            return trainer
        }
        var general = try trainer(args.positional, "")
        let model: TrainedModel
        let domainFiles = args.values("--domain"), namesFiles = args.values("--names")
        if domainFiles.isEmpty {
            model = general.build(progress: note)
        } else if namesFiles.isEmpty {
            var domain = try trainer(domainFiles, "in-domain ")
            model = LanguageModelTrainer.mixture(domain: &domain, general: &general, weight: weight, progress: note)
        } else {
            var listOptions = options
            listOptions.linesEndSentences = false  // a list's entries end no sentence
            var domain = try trainer(domainFiles, "in-domain "), names = try trainer(namesFiles, "names ", options: listOptions)
            model = LanguageModelTrainer.mixture(domain: &domain, names: &names, general: &general,
                                                 domainWeight: weight, namesWeight: namesWeight, progress: note)
        }
        let bytes: [UInt8] = args.flag("--arpa") ? Array(model.arpa.utf8) : model.binary
        try OutputTarget.writeAtomically(bytes, to: output)
        let counts = model.ngramCounts.enumerated().map { "\($0.offset + 1)-grams \($0.element)" }.joined(separator: ", ")
        note(String(format: "wrote %@: %d bytes, %@ (%.1f s)", output, bytes.count, counts, Date().timeIntervalSince(start)))
        return ExitCode.ok
    }
}

/// `vnfix convert-lm`: ARPA ↔ .vnlm.
enum ConvertModelCommand: Command {
    static let name = "convert-lm"
    static let summary = "Convert a language model between ARPA text and the binary .vnlm format."
    static let help = """
        OVERVIEW: Convert an ARPA model (KenLM lmplz, SRILM ngram-count; orders 2…4) to .vnlm, or a
        .vnlm model to ARPA. The direction follows the input: ARPA text in → .vnlm out, and back.

        USAGE: vnfix convert-lm <input> -o <output>

        OPTIONS:
          -o, --output <file>     Where to write the converted model (atomically).
          -h, --help              Show this help.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(arguments, valued: ["--output"], flags: [], aliases: ["-o": "--output"])
        guard args.positional.count == 1, let path = args.positional.first else { throw CLIError.usage("give exactly one input model") }
        guard let output = args.value("--output") else { throw CLIError.usage("missing -o <file>") }
        let bytes = try InputSource(path: path).read()
        let isBinary = bytes.starts(with: Array("VNFIXLM".utf8))
        do {
            if isBinary {
                let model = try LanguageModel.load(contentsOf: URL(fileURLWithPath: path))
                try OutputTarget.writeAtomically(Array(model.arpa().utf8), to: output)
            } else {
                guard bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalid(in: $0) }) == nil else {
                    throw CLIError(message: "\(path): neither a .vnlm model nor UTF-8 ARPA text", code: ExitCode.dataError)
                }
                let converted = try LanguageModel.convertARPA(String(decoding: bytes, as: UTF8.self), path: path)
                try OutputTarget.writeAtomically(converted, to: output)
            }
        } catch let error as VNFixError {
            throw CLIError(message: error.localizedDescription, code: ExitCode.dataError)
        }
        return ExitCode.ok
    }
}
