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

        USAGE: vnfix explain [--model <file>] [--channel <file>] [TEXT…]

        ARGUMENTS:
          TEXT…                   Lines to explain; none reads standard input.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(arguments, valued: ["--model", "--channel", "--mode", "--tone-style", "--margin"], flags: [])
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
