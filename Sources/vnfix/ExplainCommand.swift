import Foundation
import VNFix

/// `vnfix explain`: shows candidates and model scores for each line (tuning, bug reports).
enum ExplainCommand: Command {
    static let name = "explain"
    static let summary = "Show each token's candidates and the model scores for a line."
    static let help = """
        OVERVIEW: For each input line, list every token's candidates with their channel scores
        (log10 P(observed | candidate); * marks the token itself) and the language-model score
        of the input and of the repaired output.

        A line alone is judged by itself: with no marks it reads as text typed without marks, even
        when its document has them. `--line N FILE` explains line N of FILE as repairing the whole
        file sees it (the damage kind of the file's first lines, the context of the lines before).

        USAGE: vnfix explain [--model <file>] [--general-model <file>] [--channel <file>] [TEXT…]
               vnfix explain [--model <file>] [--general-model <file>] [--channel <file>] --line <n> FILE

        ARGUMENTS:
          TEXT…                   Lines to explain; none reads standard input.
          FILE                    With --line: the document (UTF-8; - for standard input).

        OPTIONS:
          --line <n>              Explain line n (1-based) of FILE in its document.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(arguments, valued: ["--model", "--general-model", "--channel", "--mode", "--tone-style", "--margin", "--line"], flags: [])
        if let lineNumber = try args.integer("--line", in: 1...Int(Int32.max)) {
            guard args.positional.count == 1 else { throw CLIError.usage("--line needs exactly one FILE (or - for standard input)") }
            let path = args.positional[0]
            let document = try RepairCommand.readText(InputSource(path: path), lossy: false, quiet: true)
            let repairer = try RepairCommand.makeRepairer(args)
            guard let report = repairer.explain(lineNumber: lineNumber, of: document) else {
                let lines = Repairer.lineCount(of: document)
                throw CLIError.usage("\(path == "-" ? "standard input" : path) has \(lines) line\(lines == 1 ? "" : "s"), no line \(lineNumber)")
            }
            print(report)
            return ExitCode.ok
        }
        let repairer = try RepairCommand.makeRepairer(args)
        var lines = args.positional
        if lines.isEmpty {
            let text = try RepairCommand.readText(InputSource(path: "-"), lossy: false, quiet: true)
            lines = text.split(separator: "\n").map(String.init)
        }
        for line in lines { print(repairer.explain(line)) }
        return ExitCode.ok
    }
}
