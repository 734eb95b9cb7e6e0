import Foundation
import VNFix

/// `vnfix eval`: runs the repairer over the bundled evaluation sets and prints accuracy, CER and harm.
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "Measure accuracy on the bundled evaluation sets (Corpora/eval)."
    static let help = """
        OVERVIEW: Repair each evaluation set's input.txt and compare with its gold.txt. Figures follow
        shared/tools/score.py: syllable accuracy (case-insensitive, tone-placement-insensitive), CER, and
        harm = gold syllables that were right in the input and are wrong in the output.

        USAGE: vnfix eval [options] [SET…]

        ARGUMENTS:
          SET…                    Set names (folders of --sets); default: every set listed in sets.tsv.

        OPTIONS:
          --sets <dir>            Folder of sets (default: Corpora/eval).
          --errors <n>            List the n most frequent remaining errors per set.
          --output-dir <dir>      Also write each set's repaired text to <dir>/<set>.txt (to check with score.py).
          --mode, --tone-style, --margin, --model, --general-model, --channel   As for repair.
          -h, --help              Show this help.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(
            arguments, valued: ["--sets", "--errors", "--output-dir", "--mode", "--tone-style", "--margin", "--model", "--general-model", "--channel"],
            flags: ["--quiet"], aliases: ["-q": "--quiet"])
        let root = args.value("--sets") ?? "Corpora/eval"
        let errorCount = try args.integer("--errors", in: 0...1000) ?? 0
        let repairer = try RepairCommand.makeRepairer(args)
        var names = args.positional
        if names.isEmpty {
            let listing = try RepairCommand.readText(InputSource(path: root + "/sets.tsv"), lossy: false, quiet: true)
            names = listing.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) }
        }
        var report = "set                                     in-acc   out-acc      CER    harm  harm%  tokens  heldout\n"
        let heldout = heldoutSets(root)
        FileHandle.standardOutput.write(Data(report.utf8))
        for name in names {
            let folder = root + "/" + name
            let input = try RepairCommand.readText(InputSource(path: folder + "/input.txt"), lossy: false, quiet: true)
            let gold = try RepairCommand.readText(InputSource(path: folder + "/gold.txt"), lossy: false, quiet: true)
            let inputLines = input.split(separator: "\n", omittingEmptySubsequences: false)
            let goldLines = gold.split(separator: "\n", omittingEmptySubsequences: false)
            guard inputLines.count == goldLines.count else {
                throw CLIError(message: "\(folder): input.txt has \(inputLines.count) lines, gold.txt \(goldLines.count)", code: ExitCode.dataError)
            }
            let output = repairer.repair(input)
            if let directory = args.value("--output-dir") {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try OutputTarget.writeAtomically(Array(output.utf8), to: directory + "/" + name + ".txt")
            }
            var score = EvaluationScore()
            var baseline = EvaluationScore()
            for (k, (i, g)) in zip(inputLines, goldLines).enumerated() {
                _ = k
                baseline.add(input: String(i), output: String(i), gold: String(g))
            }
            let outputLines = output.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, (o, g)) in zip(inputLines, zip(outputLines, goldLines)) {
                score.add(input: String(i), output: String(o), gold: String(g))
            }
            let line = name.padding(toLength: 38, withPad: " ", startingAt: 0)
                + String(format: " %7.3f%% %7.3f%% %7.3f%% %6d %5.2f%% %7d  %@\n",
                         baseline.accuracy * 100, score.accuracy * 100, score.characterErrorRate * 100,
                         score.harmed, score.harmRate * 100, score.goldTokens, heldout.contains(name) ? "yes" : "no")
            report += line
            FileHandle.standardOutput.write(Data(line.utf8))
            if errorCount > 0 {
                for (error, count) in score.errors.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(errorCount) {
                    FileHandle.standardOutput.write(Data("      \(count)  \(error)\n".utf8))
                }
            }
        }
        return ExitCode.ok
    }

    static func heldoutSets(_ root: String) -> Set<String> {
        guard let listing = try? String(contentsOfFile: root + "/sets.tsv", encoding: .utf8) else { return [] }
        var result = Set<String>()
        for line in listing.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            if fields.count >= 4, fields[3] == "yes" { result.insert(String(fields[0])) }
        }
        return result
    }
}
