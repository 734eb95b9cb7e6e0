import Foundation
import VNFix

/// `vnfix [repair] [options] [FILE…|-]`: the product — repaired text on stdout.
enum RepairCommand: Command {
    static let name = "repair"
    static let summary = "Restore diacritics and undo OCR damage (the default subcommand)."
    static let help = """
        OVERVIEW: Repair Vietnamese text: restore missing diacritics, undo OCR damage (c6→có,
        1a→là, cia→của, Poan→Đoàn, biéu→biểu), fix misplaced marks and normalize Unicode.
        Text that is already right comes out unchanged; each output line matches an input line.

        USAGE: vnfix [repair] [options] [FILE…|-]

        ARGUMENTS:
          FILE…                   Input files (UTF-8); '-' or none reads standard input.

        OPTIONS:
          --mode <mode>           repair (default), restore (marks only; leave digits/symbols) or normalize.
          --tone-style <style>    preserve (default), old (hòa, thủy) or new (hoà, thuỷ).
          --from <charset>        Input charset: utf-8 (default), tcvn3, vni-windows, viscii, vps,
                                  windows-1258, viqr, ncr (see 'vnfix normalize --help'). Output is
                                  UTF-8; with --json, offsets are into the UTF-8 text of each line.
          --margin <x>            Extra confidence (log10) a change needs; higher = fewer, surer edits.
          --model <file>          Language model (.vnlm); default: the bundled model.
          --general-model <file>  A second language model, trained on the same texts leaning to
                                  general text, for documents without marks that read likelier
                                  under it; default: the bundled one unless --model is given.
          --channel <file>        Channel model (.vnch); default: the bundled model.
          --json                  One JSON object per input line: text and corrections.
          -r, --recursive         Repair every file under directory arguments.
          -j, --jobs <n>          Repair with n threads (output order is kept); 0 = one per core.
          --lossy                 Replace invalid UTF-8 with U+FFFD instead of failing.
          -o, --output <file>     Write to this file (atomically) instead of standard output.
          --in-place              Replace each input file (atomically: temp file + rename).
          -q, --quiet             Print no notes or progress on standard error (progress is shown
                                  only for inputs over 4 MB when standard error is a terminal).
          -h, --help              Show this help.

        EXIT STATUS: 0 ok, 64 usage, 65 invalid input data, 66 unreadable input, 73/74 cannot write.

        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(
            arguments, valued: ["--mode", "--tone-style", "--margin", "--model", "--general-model", "--channel", "--output", "--jobs", "--from"],
            flags: ["--json", "--lossy", "--in-place", "--quiet", "--recursive"],
            aliases: ["-o": "--output", "-q": "--quiet", "-r": "--recursive", "-j": "--jobs"])
        let repairOptions = try self.repairOptions(args)
        // Normalizing alone (no JSON corrections to list) decodes nothing: the models are loaded
        // only to check files the user named.
        let normalizesOnly = repairOptions.mode == .normalizeOnly && !args.flag("--json")
        let repairer = normalizesOnly && modelPaths(args).isEmpty ? nil : try makeRepairer(args, options: repairOptions)
        let inputs = try expandInputs(args.positional, recursive: args.flag("--recursive"))
        let target = try NormalizeCommand.outputTarget(args, inputs: inputs)
        // 0 asks for one thread per core, as `xz -T0` and `zstd -T0` do.
        let requestedJobs = try args.integer("--jobs", in: 0...256) ?? 1
        let jobs = requestedJobs == 0 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : requestedJobs
        let options = StreamOptions(lossy: args.flag("--lossy"), json: args.flag("--json"), quiet: args.flag("--quiet"), jobs: jobs)
        guard !normalizesOnly, let repairer else {
            // Nothing to decode: normalize whole buffers as `vnfix normalize` does (~20× the line stream's speed).
            let normalizer = TextNormalizer(options: .init(toneStyle: repairOptions.toneStyle))
            try NormalizeCommand.normalizeAll(inputs, from: repairOptions.inputCharset, to: .utf8, lossy: options.lossy,
                                              quiet: options.quiet, normalizer: normalizer, target: target)
            return ExitCode.ok
        }
        // The repairer lives until the process ends, which frees its memory at once: taking its
        // caches apart first (every cached candidate list) cost ~3 ms on one 54 KB document.
        _ = Unmanaged.passRetained(repairer)
        switch target {
        case .standardOutput:
            let sink = DescriptorSink(descriptor: 1, name: "<stdout>")
            for input in inputs { try repair(input, repairer, into: sink, options) }
            try sink.flush()
        case .file(let path):
            let file = try AtomicFile(destination: path)
            do {
                for input in inputs { try repair(input, repairer, into: file.sink, options) }
                try file.commit()
            } catch {
                file.abandon()
                throw error
            }
        case .inPlace:
            for input in inputs {
                let file = try AtomicFile(destination: input.path)
                do {
                    try repair(input, repairer, into: file.sink, options)
                    try file.commit()
                } catch {
                    file.abandon()
                    throw error
                }
            }
        }
        return ExitCode.ok
    }

    struct StreamOptions {
        var lossy: Bool
        var json: Bool
        var quiet: Bool
        var jobs: Int
    }

    /// Files named on the command line; with `-r`, directories expand to the regular files in them
    /// (sorted, hidden files skipped).
    static func expandInputs(_ paths: [String], recursive: Bool) throws -> [InputSource] {
        var result: [InputSource] = []
        for path in paths.isEmpty ? ["-"] : paths {
            var isDirectory: ObjCBool = false
            if recursive, path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                    throw CLIError(message: "\(path): cannot list directory", code: ExitCode.noInput)
                }
                var files: [String] = []
                for case let relative as String in enumerator {
                    if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                    let full = (path as NSString).appendingPathComponent(relative)
                    var isDir: ObjCBool = false
                    if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { files.append(full) }
                }
                result += files.sorted().map { InputSource(path: $0) }
            } else {
                result.append(InputSource(path: path))
            }
        }
        return result
    }

    /// Streams one input through the repairer into `sink`: in chunks with one thread, or in
    /// blocks of whole lines repaired in parallel (and written in order) with `--jobs`.
    static func repair(_ input: InputSource, _ repairer: Repairer, into sink: DescriptorSink, _ options: StreamOptions) throws {
        var reader = try ChunkReader(input)
        reader.progress = ProgressLine.make(for: input, quiet: options.quiet)
        if options.jobs > 1 {
            try BlockPipeline.run(reader: reader, repairer: repairer, sink: sink, options: options)
            return
        }
        var stream = RepairStream(repairer: repairer, output: SinkStream(sink: sink), lossy: options.lossy, format: options.json ? .jsonLines : .text)
        do {
            while let chunk = try reader.next() {
                try stream.write(chunk)
                if let failure = sink.failure { throw CLIError(message: failure, code: ExitCode.ioError) }
            }
            _ = try stream.finish()
        } catch let error as VNFixError {
            throw CLIError(message: "\(input.displayName): \(error.localizedDescription)" + (options.lossy ? "" : " (use --lossy to substitute U+FFFD)"), code: ExitCode.dataError)
        }
        if stream.replacements > 0, !options.quiet {
            FileHandle.standardError.write(Data("vnfix: note: \(input.displayName): replaced \(stream.replacements) invalid UTF-8 sequence(s) with U+FFFD\n".utf8))
        }
    }

    /// The options `--mode`, `--tone-style`, `--from` and `--margin` ask for.
    static func repairOptions(_ args: ArgumentScanner) throws -> Repairer.Options {
        let mode = try args.choice("--mode", ["repair": Repairer.Mode.repair, "restore": .restoreOnly, "normalize": .normalizeOnly]) ?? .repair
        let style = try args.choice("--tone-style", ["preserve": ToneStyle.preserve, "old": .old, "new": .new]) ?? .preserve
        var charset = Charset.utf8
        if let name = args.value("--from") {
            do { charset = try Charset(name: name) } catch { throw CLIError.usage("\(error.localizedDescription) for --from") }
        }
        var margin: Float = 0
        if let raw = args.value("--margin") {
            guard let value = Float(raw), value.isFinite else { throw CLIError.usage("invalid value '\(raw)' for --margin; expected a number") }
            margin = value
        }
        return .init(mode: mode, toneStyle: style, extraMargin: margin, inputCharset: charset)
    }

    /// The model files the user named (`--model`, `--general-model`, `--channel`).
    static func modelPaths(_ args: ArgumentScanner) -> [String] {
        [args.value("--model"), args.value("--general-model"), args.value("--channel")].compactMap { $0 }
    }

    static func makeRepairer(_ args: ArgumentScanner) throws -> Repairer { try makeRepairer(args, options: repairOptions(args)) }

    static func makeRepairer(_ args: ArgumentScanner, options: Repairer.Options) throws -> Repairer {
        do {
            return try Repairer(
                options: options,
                modelURL: args.value("--model").map { URL(fileURLWithPath: $0) },
                channelURL: args.value("--channel").map { URL(fileURLWithPath: $0) },
                generalModelURL: args.value("--general-model").map { URL(fileURLWithPath: $0) })
        } catch {
            // A model that is not there is missing input (66); one that is there but unusable is bad data (65).
            let paths = modelPaths(args)
            let missing = paths.contains { !FileManager.default.isReadableFile(atPath: $0) }
            throw CLIError(message: error.localizedDescription, code: missing || paths.isEmpty ? ExitCode.noInput : ExitCode.dataError)
        }
    }

    /// Reads and validates an input as UTF-8 (exit 65 with file, line and byte offset otherwise).
    static func readText(_ input: InputSource, lossy: Bool, quiet: Bool) throws -> String {
        let bytes = try input.read()
        if lossy {
            var repaired: [UInt8] = []
            let count = bytes.withUnsafeBufferPointer { UTF8Validation.repairLossy($0, into: &repaired) }
            if count > 0, !quiet {
                FileHandle.standardError.write(Data("vnfix: note: \(input.displayName): replaced \(count) invalid UTF-8 sequence(s) with U+FFFD\n".utf8))
            }
            return String(decoding: repaired, as: UTF8.self)
        }
        if let bad = bytes.withUnsafeBufferPointer({ UTF8Validation.firstInvalid(in: $0) }) {
            throw CLIError(message: "\(input.displayName): " + VNFixError.invalidUTF8(offset: bad.offset, line: bad.line, column: bad.column).localizedDescription + " (use --lossy to substitute U+FFFD)", code: ExitCode.dataError)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

}
