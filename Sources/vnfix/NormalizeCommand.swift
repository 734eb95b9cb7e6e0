import Foundation
import VNFix

/// `vnfix normalize`: Unicode and legacy-encoding normalization without any repair.
enum NormalizeCommand: Command {
    static let name = "normalize"
    static let summary = "Normalize Unicode (NFC, mark order, lookalikes, tone placement) and encodings."
    static let help = """
        OVERVIEW: Normalize Vietnamese text: compose marks in any order into NFC, fold lookalike
        characters (Ð→Đ, spacing accents), move misplaced tone marks, and convert legacy encodings.
        Text that is already normal comes out byte for byte.

        USAGE: vnfix normalize [options] [FILE…|-]

        ARGUMENTS:
          FILE…                   Input files; '-' or none reads standard input.

        OPTIONS:
          --from <charset>        Input charset: utf8 (default).
          --to <charset>          Output charset: utf8 (NFC, default) or utf8-nfd.
          --tone-style <style>    preserve (default), old (hòa, thủy) or new (hoà, thuỷ).
          --no-lookalikes         Do not fold lookalike characters.
          --lossy                 Replace invalid UTF-8 with U+FFFD (and say how many) instead of failing.
          -o, --output <file>     Write to this file (atomically) instead of standard output.
          --in-place              Replace each input file (atomically: temp file + rename).
          -q, --quiet             Print no notes on standard error.
          -h, --help              Show this help.

        EXIT STATUS: 0 ok, 64 usage, 65 invalid input data, 66 unreadable input, 73/74 cannot write.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(
            arguments, valued: ["--from", "--to", "--tone-style", "--output"],
            flags: ["--no-lookalikes", "--lossy", "--in-place", "--quiet"],
            aliases: ["-o": "--output", "-q": "--quiet"])
        let style = try args.choice("--tone-style", ["preserve": ToneStyle.preserve, "old": .old, "new": .new]) ?? .preserve
        let from = try args.choice("--from", ["utf8": "utf8", "utf-8": "utf8"]) ?? "utf8"
        let to = try args.choice("--to", ["utf8": "utf8", "utf-8": "utf8", "utf8-nfd": "utf8-nfd"]) ?? "utf8"
        _ = from
        let inputs = InputSource.list(args.positional)
        let target = try outputTarget(args, inputs: inputs)
        let normalizer = TextNormalizer(options: .init(toneStyle: style, foldLookalikes: !args.flag("--no-lookalikes")))
        var collected: [UInt8] = []
        for input in inputs {
            var bytes = try input.read()
            if args.flag("--lossy") {
                var repaired: [UInt8] = []
                let count = bytes.withUnsafeBufferPointer { UTF8Validation.repairLossy($0, into: &repaired) }
                if count > 0 {
                    bytes = repaired
                    if !args.flag("--quiet") {
                        FileHandle.standardError.write(Data("vnfix: note: \(input.displayName): replaced \(count) invalid UTF-8 sequence(s) with U+FFFD\n".utf8))
                    }
                }
            } else if let bad = bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalid(in: $0) }) {
                throw CLIError(message: "\(input.displayName): " + VNFixError.invalidUTF8(offset: bad.offset, line: bad.line, column: bad.column).localizedDescription + " (use --lossy to substitute U+FFFD)", code: ExitCode.dataError)
            }
            var output: [UInt8] = []
            let changed = bytes.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &output) }
            if !changed { output = bytes }
            if to == "utf8-nfd" {
                output = Array(String(decoding: output, as: UTF8.self).decomposedStringWithCanonicalMapping.utf8)
            }
            if case .file = target {
                collected.append(contentsOf: output)
            } else {
                try target.write(output, for: input)
            }
        }
        if case .file = target { try target.write(collected, for: inputs[0]) }
        return ExitCode.ok
    }

    static func outputTarget(_ args: ArgumentScanner, inputs: [InputSource]) throws -> OutputTarget {
        if args.flag("--in-place") {
            guard args.value("--output") == nil else { throw CLIError.usage("--in-place and --output cannot be combined") }
            guard !inputs.contains(where: \.isStandardInput) else { throw CLIError.usage("--in-place needs file arguments, not standard input") }
            return .inPlace
        }
        if let path = args.value("--output") { return .file(path) }
        return .standardOutput
    }
}
