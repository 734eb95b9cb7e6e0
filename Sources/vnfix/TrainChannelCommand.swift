import Foundation
import VNFix

/// `vnfix train-channel`: learns OCR confusions from line-aligned (OCR, gold) file pairs.
enum TrainChannelCommand: Command {
    static let name = "train-channel"
    static let summary = "Learn the OCR channel model from aligned (OCR, gold) pairs."
    static let help = """
        OVERVIEW: Learn character and token confusions from line-aligned OCR output and gold text.

        USAGE: vnfix train-channel (--unmarked OCR GOLD | --marked OCR GOLD)… [--case-text FILE]… [--names FILE]… [--dictionary FILE]… -o FILE

        OPTIONS:
          --unmarked <ocr>:<gold>   A pair of files where the input has (mostly) no Vietnamese marks
                                    (English-model OCR, stripped text).
          --marked <ocr>:<gold>     A pair where the input carries Vietnamese marks (Vietnamese-model OCR).
          --case-text <file>        Clean running text: learn how often each word is capitalised where
                                    no sentence starts (evidence for capitalised tokens: Dang → Đảng).
          --names <file>            Personal names, one per line (Nguyễn Văn, Anh Dũng): each pair of
                                    neighbouring syllables counts as a pair capitalised together
                                    (Nguyen Van → Nguyễn Văn where no sentence starts).
          --dictionary <file>       A word list, one word per line: its two-syllable words guard text
                                    with marks (lúc bấy giờ stays, although the model prefers bây giờ).
          -o, --output <file>       Where to write the channel model (atomically).
          -h, --help                Show this help.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        var pairs: [(ocr: String, gold: String, marked: Bool)] = []
        var caseFiles: [String] = [], nameFiles: [String] = [], dictionaryFiles: [String] = []
        var output: String?
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            guard i + 1 < arguments.count else { throw CLIError.usage("missing value for '\(argument)'") }
            let value = arguments[i + 1]
            i += 2
            switch argument {
            case "--unmarked", "--marked":
                let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CLIError.usage("\(argument) takes OCR:GOLD, got '\(value)'") }
                pairs.append((parts[0], parts[1], argument == "--marked"))
            case "--case-text": caseFiles.append(value)
            case "--names": nameFiles.append(value)
            case "--dictionary": dictionaryFiles.append(value)
            case "-o", "--output": output = value
            default: throw CLIError.usage("unknown option '\(argument)'")
            }
        }
        guard let output else { throw CLIError.usage("missing -o FILE") }
        guard !pairs.isEmpty else { throw CLIError.usage("give at least one --unmarked or --marked pair") }
        var lines: [(ocr: String, gold: String, marked: Bool)] = []
        for pair in pairs {
            let ocr = try RepairCommand.readText(InputSource(path: pair.ocr), lossy: false, quiet: true)
            let gold = try RepairCommand.readText(InputSource(path: pair.gold), lossy: false, quiet: true)
            let o = ocr.split(separator: "\n", omittingEmptySubsequences: false), g = gold.split(separator: "\n", omittingEmptySubsequences: false)
            guard o.count == g.count else {
                throw CLIError(message: "\(pair.ocr) has \(o.count) lines but \(pair.gold) has \(g.count); pairs must be line-aligned", code: ExitCode.dataError)
            }
            for (a, b) in zip(o, g) { lines.append((String(a), String(b), pair.marked)) }
        }
        /// The lines of `files`, one after another.
        func textLines(of files: [String]) throws -> [String] {
            try files.flatMap { file in
                try RepairCommand.readText(InputSource(path: file), lossy: false, quiet: true).split(separator: "\n").map(String.init)
            }
        }
        let text = ChannelTraining.train(lines, caseText: try textLines(of: caseFiles), names: try textLines(of: nameFiles),
                                        dictionary: try textLines(of: dictionaryFiles))
        try OutputTarget.writeAtomically(Array(text.utf8), to: output)
        FileHandle.standardError.write(Data("vnfix: channel model from \(lines.count) line pairs written to \(output)\n".utf8))
        return ExitCode.ok
    }
}
