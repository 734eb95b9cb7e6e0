import Foundation
import VNFix

/// `vnfix normalize`: Unicode and legacy-encoding normalization without any repair.
enum NormalizeCommand: Command {
    static let name = "normalize"
    static let summary = "Normalize Unicode (NFC, mark order, lookalikes, tone placement) and encodings."
    static var help: String { """
        OVERVIEW: Normalize Vietnamese text: compose marks in any order into NFC, fold lookalike
        characters (Ð→Đ, spacing accents), move misplaced tone marks, and convert legacy encodings.
        Text that is already normal comes out byte for byte.

        USAGE: vnfix normalize [options] [FILE…|-]

        ARGUMENTS:
          FILE…                   Input files; '-' or none reads standard input.

        OPTIONS:
          --from <charset|auto>   Input charset (default auto: UTF-8 unless the bytes say otherwise).
          --to <charset>          Output charset (default utf-8, in NFC).
          --tone-style <style>    preserve (default), old (hòa, thủy) or new (hoà, thuỷ).
          --no-lookalikes         Do not fold lookalike characters.
          --lossy                 Replace undecodable bytes with U+FFFD and unencodable characters with a
                                  fallback (say how many) instead of failing.
          -o, --output <file>     Write to this file (atomically) instead of standard output.
          --in-place              Replace each input file (atomically: temp file + rename).
          -q, --quiet             Print no notes on standard error.
          -h, --help              Show this help.

        CHARSETS (names are case-insensitive; aliases in parentheses):
        \(charsetList)
        EXIT STATUS: 0 ok, 64 usage, 65 invalid input data, 66 unreadable input, 73/74 cannot write.

        """
    }

    static var charsetList: String {
        var text = ""
        for charset in Charset.allCases {
            let aliases = charset.aliases.isEmpty ? "" : " (also " + charset.aliases.joined(separator: ", ") + ")"
            text += "  " + charset.name.padding(toLength: 14, withPad: " ", startingAt: 0) + charset.summary + aliases + "\n"
        }
        text += "  " + "auto".padding(toLength: 14, withPad: " ", startingAt: 0) + "--from only: guess from the bytes (the default)\n"
        return text
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(
            arguments, valued: ["--from", "--to", "--tone-style", "--output"],
            flags: ["--no-lookalikes", "--lossy", "--in-place", "--quiet"],
            aliases: ["-o": "--output", "-q": "--quiet"])
        let style = try args.choice("--tone-style", ["preserve": ToneStyle.preserve, "old": .old, "new": .new]) ?? .preserve
        let from = try charset(args.value("--from") ?? "auto", option: "--from", allowAuto: true)
        let to = try charset(args.value("--to") ?? "utf-8", option: "--to", allowAuto: false) ?? .utf8
        let lossy = args.flag("--lossy"), quiet = args.flag("--quiet")
        let inputs = InputSource.list(args.positional)
        let target = try outputTarget(args, inputs: inputs)
        let normalizer = TextNormalizer(options: .init(toneStyle: style, foldLookalikes: !args.flag("--no-lookalikes")))
        try normalizeAll(inputs, from: from, to: to, lossy: lossy, quiet: quiet, normalizer: normalizer, target: target)
        return ExitCode.ok
    }

    /// Normalizes every input into `target` (also `vnfix --mode normalize`'s path: whole buffers,
    /// not lines through the repair stream).
    static func normalizeAll(_ inputs: [InputSource], from: Charset?, to: Charset, lossy: Bool, quiet: Bool,
                             normalizer: TextNormalizer, target: OutputTarget) throws {
        var collected: [UInt8] = []
        for input in inputs {
            try input.withContents { source in
                try normalize(source, input: input, from: from, to: to, lossy: lossy, quiet: quiet,
                              normalizer: normalizer, target: target, collected: &collected)
            }
        }
        if case .file = target { try target.write(collected, for: inputs[0]) }
    }

    /// Normalizes one input and writes it (or, for `-o FILE`, adds it to `collected`). Input that
    /// is already normal is written straight from `source`, with no copy.
    static func normalize(_ source: UnsafeBufferPointer<UInt8>, input: InputSource, from: Charset?, to: Charset,
                          lossy: Bool, quiet: Bool, normalizer: TextNormalizer, target: OutputTarget,
                          collected: inout [UInt8]) throws {
        var charset = from ?? .utf8
        if from == nil {
            let detected = CharsetDetector.detect(source)
            charset = detected.charset
            if charset != .utf8, detected.confidence < minimumConfidence {
                // Binary data or a charset we do not know: converting would only make mojibake.
                throw CLIError(message: "\(input.displayName): not UTF-8 and no known Vietnamese charset fits (best guess \(charset.name), confidence \(Int(detected.confidence * 100))%); use --from to choose", code: ExitCode.dataError)
            }
            if charset != .utf8, !quiet {
                note("\(input.displayName): detected \(charset.name) (confidence \(Int(detected.confidence * 100))%); use --from to choose")
            }
        }
        var output: [UInt8] = []
        var sameAsSource = false
        if charset == .utf8 || charset == .utf8NFD {
            var repaired: [UInt8]? = nil
            if lossy {
                var bytes: [UInt8] = []
                let count = UTF8Validation.repairLossy(source, into: &bytes)
                if count > 0 {
                    repaired = bytes
                    if !quiet { note("\(input.displayName): replaced \(count) invalid UTF-8 sequence(s) with U+FFFD") }
                }
            }
            // Validation and normalization share one scan.
            let outcome = repaired.map { bytes in bytes.withUnsafeBufferPointer { normalizer.normalize(validatingUTF8: $0, into: &output) } }
                ?? normalizer.normalize(validatingUTF8: source, into: &output)
            switch outcome {
            case .unchanged:
                if let repaired { output = repaired } else { sameAsSource = true }
            case .changed:
                break
            case .invalidUTF8(let offset):
                let bad = UTF8Validation.failure(at: offset, in: source)
                throw CLIError(message: "\(input.displayName): " + VNFixError.invalidUTF8(offset: bad.offset, line: bad.line, column: bad.column).localizedDescription + " (use --lossy to substitute U+FFFD, or --from to name a legacy charset)", code: ExitCode.dataError)
            }
        } else {
            var replacements = 0
            do {
                output = try charset.decodeToUTF8(Array(source), lossy: lossy, replacements: &replacements, normalizer: normalizer)
            } catch {
                throw CLIError(message: "\(input.displayName): " + error.localizedDescription + " (use --lossy to substitute U+FFFD)", code: ExitCode.dataError)
            }
            if replacements > 0, !quiet {
                note("\(input.displayName): replaced \(replacements) byte(s) with no meaning in \(charset.name) with U+FFFD")
            }
        }
        if to != .utf8 {
            var replacements = 0
            let text = sameAsSource ? String(decoding: source, as: UTF8.self) : String(decoding: output, as: UTF8.self)
            do {
                output = try to.encode(text, lossy: lossy, replacements: &replacements)
            } catch {
                throw CLIError(message: "\(input.displayName): " + error.localizedDescription + " (use --lossy for a fallback)", code: ExitCode.dataError)
            }
            sameAsSource = false
            if replacements > 0, !quiet {
                note("\(input.displayName): \(replacements) character(s) cannot be written in \(to.name); wrote a fallback")
            }
        }
        func deliver(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            if case .file = target { collected.append(contentsOf: bytes) } else { try target.write(bytes, for: input) }
        }
        if sameAsSource { try deliver(source) } else { try output.withUnsafeBufferPointer(deliver) }
    }

    /// Below this, `--from auto` refuses to guess a legacy charset.
    static let minimumConfidence = 0.25

    /// A charset named on the command line; nil for `auto` where allowed. Unknown names are usage errors.
    static func charset(_ name: String, option: String, allowAuto: Bool) throws -> Charset? {
        if allowAuto, name.lowercased() == "auto" { return nil }
        do {
            return try Charset(name: name)
        } catch {
            let names = (allowAuto ? ["auto"] : []) + Charset.allCases.map(\.name)
            throw CLIError.usage("unknown charset '\(name)' for \(option); expected one of: \(names.joined(separator: ", "))")
        }
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("vnfix: note: \(message)\n".utf8))
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
