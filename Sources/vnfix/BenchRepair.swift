import Foundation
import VNFix

/// `vnfix bench repair`: throughput of full repair through `RepairStream` on a sample document
/// repeated to a given size, against normalize-only through the same stream (the reference),
/// start-up time of the binary on a one-line input, and peak memory.
enum BenchRepair {
    static let summary = "Repair: MB/s and syllables/s through RepairStream, start-up time, peak RSS."
    static let help = """
        USAGE: vnfix bench repair [--size MB] [--budget S] [--runs N] [--input F]

          --size MB      Input size to build by repeating the sample (default 20).
          --budget S     Seconds one full-repair pass may take; a larger size is scaled down
                         to fit (from a calibration pass) and the size used is printed (default 15).
          --runs N       Passes per mode; the best is reported (default 3).
          --input F      Sample to repeat (default: Corpora/samples/003_*.txt).

        """

    /// Counts what the stream writes, so the output costs no memory.
    struct CountingOutput: TextOutputStream {
        var bytes = 0
        mutating func write(_ string: String) { bytes += string.utf8.count }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") { print(help, terminator: ""); return ExitCode.ok }
        let args = try ArgumentScanner(arguments, valued: ["--size", "--budget", "--runs", "--input"], flags: [])
        let root = try BenchSupport.root()
        let requestedMB = try args.integer("--size", in: 1...4096) ?? 20
        let budget = Double(try args.integer("--budget", in: 1...3600) ?? 15)
        let runs = try args.integer("--runs", in: 1...20) ?? 3
        let samplePath: String
        if let input = args.value("--input") {
            samplePath = input
        } else {
            let directory = root + "/Corpora/samples"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard let name = names.filter({ $0.hasPrefix("003_") && $0.hasSuffix(".txt") }).sorted().first else {
                throw CLIError(message: "\(directory): no 003_*.txt sample", code: ExitCode.noInput)
            }
            samplePath = directory + "/" + name
        }
        var sample = Array(try BenchSupport.readText(samplePath).utf8)
        if sample.last != 0x0A { sample.append(0x0A) }

        func makeRepairer(_ mode: Repairer.Mode = .repair) throws -> Repairer {
            do { return try Repairer(options: .init(mode: mode)) } catch { throw CLIError(message: error.localizedDescription, code: ExitCode.noInput) }
        }
        // Syllables: word tokens with a letter, as the language model tokenizes them (no numbers).
        let model: LanguageModel
        do { model = try LanguageModel.bundled() } catch { throw CLIError(message: error.localizedDescription, code: ExitCode.noInput) }
        func syllableCount(_ text: [UInt8]) -> Int {
            model.sentenceWordIDs(of: String(decoding: text, as: UTF8.self)).reduce(0) { $0 + $1.filter { $0 != LanguageModel.numberID }.count }
        }
        let sampleSyllables = syllableCount(sample)

        print("vnfix bench repair")
        print("  sample: \(samplePath.hasPrefix(root) ? String(samplePath.dropFirst(root.count + 1)) : samplePath)"
              + " (\(sample.count) bytes, \(sampleSyllables) syllables)")
        var initTimes: [Double] = []
        for _ in 0..<5 { initTimes.append(try BenchCommand.time { _ = try makeRepairer() }) }
        print("  Repairer() (bundled models + candidate index), median of 5: \(BenchSupport.format(BenchSupport.median(initTimes) * 1000, 1)) ms")
        print("  note: the Repairer caches candidates per token form (up to 200k forms), so repeated copies of one sample")
        print("        are repaired from a warm cache after the first; cold (one copy, fresh Repairer) is shown separately.")

        // Calibration: a fresh Repairer on one copy (cold) and on two copies (cold + warm).
        let one = sample, two = build(sample, copies: 2)
        let coldSeconds = try pass(makeRepairer(), one)
        let warmCopySeconds = max(1e-4, try pass(makeRepairer(), two) - coldSeconds)
        var copies = max(1, (requestedMB * 1_000_000 + sample.count - 1) / sample.count)
        let fitting = max(2, Int((budget - coldSeconds) / warmCopySeconds) + 1)
        if copies > fitting {
            let estimate = coldSeconds + Double(copies - 1) * warmCopySeconds
            print("  requested \(requestedMB) MB; a pass would take ~\(BenchSupport.format(estimate, 0)) s"
                  + " (cold copy \(BenchSupport.format(coldSeconds, 2)) s + \(BenchSupport.format(warmCopySeconds, 3)) s per warm copy):"
                  + " scaled down to fit --budget \(Int(budget)) s")
            copies = fitting
        }
        let input = build(sample, copies: copies)
        let syllables = sampleSyllables * copies
        print("  input: \(copies) copies = \(input.count) bytes (\(BenchSupport.format(Double(input.count) / 1e6, 2)) MB),"
              + " \(syllables) syllables, \(copies * sample.filter { $0 == 0x0A }.count) lines;"
              + " written to RepairStream in 64 KiB chunks, best of \(runs); Repairer() not timed")
        print("")

        var rows: [[String]] = []
        var normalizeRate = 0.0
        var cases: [(label: String, mode: Repairer.Mode, input: [UInt8], syllables: Int, fresh: Bool)] = [
            ("normalize (reference), \(copies) copies", .normalizeOnly, input, syllables, true),
            ("repair, 1 copy, cold cache", .repair, one, sampleSyllables, true),
            ("repair, \(copies) copies, fresh Repairer", .repair, input, syllables, true),
            ("repair, \(copies) copies, warm cache", .repair, input, syllables, false),
            ("restore, \(copies) copies, fresh Repairer", .restoreOnly, input, syllables, true),
        ]
        // Text that is already right (held-out clean-000 gold), repeated to about the same size: what
        // ingestion of mostly correct documents costs (marked text has few readings per token).
        let rightPath = root + "/Corpora/eval/clean-000/gold.txt"
        if FileManager.default.fileExists(atPath: rightPath) {
            var right = Array(try BenchSupport.readText(rightPath).utf8)
            if right.last != 0x0A { right.append(0x0A) }
            let rightCopies = max(1, input.count / right.count)
            cases.append(("repair, right text (clean-000 × \(rightCopies)), fresh", .repair, build(right, copies: rightCopies), syllableCount(right) * rightCopies, true))
        }
        for item in cases {
            var best = Double.infinity
            let shared = try makeRepairer(item.mode)
            if !item.fresh { _ = try pass(shared, item.input) }  // primes the cache
            for _ in 0..<runs { best = min(best, try pass(item.fresh ? makeRepairer(item.mode) : shared, item.input)) }
            let mbps = Double(item.input.count) / best / 1e6
            if item.mode == .normalizeOnly { normalizeRate = mbps }
            rows.append([item.label, "\(item.input.count)", BenchSupport.format(best, 3), BenchSupport.format(mbps, 3),
                         BenchSupport.format(Double(item.syllables) / best / 1000, 1),
                         BenchSupport.format(normalizeRate / mbps, 1) + "×"])
        }
        // Distinct documents, as a batch run meets them: every evaluation input once (OCR'd with
        // either model, stripped, right), each its own stream, through one Repairer that starts
        // cold. Copies of one sample are repaired from a warm cache; these mostly are not.
        let evalRoot = root + "/Corpora/eval"
        let documents = ((try? FileManager.default.contentsOfDirectory(atPath: evalRoot)) ?? []).sorted().compactMap { set -> [UInt8]? in
            let path = evalRoot + "/" + set + "/input.txt"
            return FileManager.default.fileExists(atPath: path) ? (try? BenchSupport.readText(path)).map { Array($0.utf8) } : nil
        }
        if !documents.isEmpty {
            var best = Double.infinity
            for _ in 0..<runs {
                let repairer = try makeRepairer()
                var seconds = 0.0
                for document in documents { seconds += try pass(repairer, document) }
                best = min(best, seconds)
            }
            let bytes = documents.reduce(0) { $0 + $1.count }, syllables = documents.reduce(0) { $0 + syllableCount($1) }
            let mbps = Double(bytes) / best / 1e6
            rows.append(["repair, \(documents.count) eval inputs, one Repairer", "\(bytes)", BenchSupport.format(best, 3), BenchSupport.format(mbps, 3),
                         BenchSupport.format(Double(syllables) / best / 1000, 1), BenchSupport.format(normalizeRate / mbps, 1) + "×"])
        }
        print(BenchSupport.table(["mode", "bytes", "best s", "MB/s", "k syll/s", "normalize/this"], rows)
              .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

        // Start-up: the built binary on one line of standard input, median of 10.
        let line = "Van phong Doan dai bieu Quoc hoi tinh Hung Yen\n"
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        print("")
        print("  start-up: \(executable) as a subprocess, median of 10 (after one warm-up run):")
        var startRows: [[String]] = []
        var output = ""
        for (label, arguments) in [("--version (no models)", ["--version"]), ("repair, one-line stdin", ["--quiet"]),
                                   ("--mode normalize, one-line stdin", ["--mode", "normalize", "--quiet"])] {
            var times: [Double] = []
            for i in 0..<11 {
                let (seconds, out) = try spawn(executable, arguments, stdin: line)
                if i > 0 { times.append(seconds) }
                if arguments == ["--quiet"] { output = out }
            }
            startRows.append([label, BenchSupport.format(BenchSupport.median(times) * 1000, 1), BenchSupport.format(times.min()! * 1000, 1)])
        }
        print(BenchSupport.table(["run", "median ms", "min ms"], startRows).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        print("    one-line output: \(output.trimmingCharacters(in: .newlines))")
        print("")
        print("  peak RSS: this process \(BenchSupport.megabytes(BenchCommand.peakResidentBytes()))"
              + " (holds the \(BenchSupport.format(Double(input.count) / 1_048_576, 2)) MiB input and candidate caches)")
        // A child's ru_maxrss on Linux starts from the spawning process's high-water mark, so the
        // CLI's own peak is read by GNU time (which forks from its own small image) where present.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
            let oneLine = try spawn("/usr/bin/time", ["-f", "%M", executable, "--quiet"], stdin: line, stderr: true)
            let path = NSTemporaryDirectory() + "vnfix-bench-\(getpid()).txt"
            _ = FileManager.default.createFile(atPath: path, contents: Data(input))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = try spawn("/usr/bin/time", ["-f", "%M", executable, "--quiet", path], stdin: "", stderr: true)
            func kilobytes(_ text: String) -> Int { Int(text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") ?? 0 }
            print("  peak RSS of the vnfix CLI (GNU time): one-line stdin \(BenchSupport.megabytes(kilobytes(oneLine.1) * 1024)),"
                  + " the \(BenchSupport.format(Double(input.count) / 1e6, 2)) MB input as a file \(BenchSupport.megabytes(kilobytes(whole.1) * 1024))"
                  + " (\(BenchSupport.format(whole.0, 1)) s wall, \(BenchSupport.format(Double(input.count) / whole.0 / 1e6, 3)) MB/s incl. start-up)")
            // The same file on every core (`-j 0`): what a user with this machine gets; the targets above are per core.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            if cores > 1 {
                let parallel = try spawn("/usr/bin/time", ["-f", "%M", executable, "--quiet", "-j", "0", path], stdin: "", stderr: true)
                print("  the same file with -j 0 (\(cores) threads on \(cores) cores): \(BenchSupport.format(parallel.0, 1)) s wall,"
                      + " \(BenchSupport.format(Double(input.count) / parallel.0 / 1e6, 3)) MB/s incl. start-up"
                      + " (\(BenchSupport.format(whole.0 / parallel.0, 2))× one thread), peak RSS \(BenchSupport.megabytes(kilobytes(parallel.1) * 1024))")
            }
        }
        return ExitCode.ok
    }

    static func build(_ sample: [UInt8], copies: Int) -> [UInt8] {
        var input: [UInt8] = []
        input.reserveCapacity(sample.count * copies)
        for _ in 0..<copies { input += sample }
        return input
    }

    /// Seconds to stream `input` through a fresh `RepairStream` in 64 KiB chunks.
    static func pass(_ repairer: Repairer, _ input: [UInt8]) throws -> Double {
        var written = 0
        let seconds = try BenchCommand.time {
            var stream = RepairStream(repairer: repairer, output: CountingOutput())
            var start = 0
            while start < input.count {
                let end = min(start + 65536, input.count)
                try stream.write(input[start..<end])
                start = end
            }
            written = try stream.finish().bytes
        }
        if written == 0 { throw CLIError(message: "repair wrote nothing", code: ExitCode.software) }
        return seconds
    }

    /// Runs the binary with `stdin` as standard input; wall seconds and standard output.
    /// With `stderr`, standard error is returned instead of standard output. posix_spawn and
    /// waitpid, not Foundation's `Process`: its exit wait added tens of milliseconds at random.
    static func spawn(_ executable: String, _ arguments: [String], stdin: String, stderr: Bool = false) throws -> (Double, String) {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw CLIError(message: "cannot make a pipe: \(String(cString: strerror(errno)))", code: ExitCode.software)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], stderr ? 2 : 1)
        posix_spawn_file_actions_addopen(&actions, stderr ? 1 : 2, "/dev/null", O_WRONLY, 0)
        for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var text = ""
        var status: Int32 = 0
        let seconds = try BenchCommand.time {
            var pid = pid_t()
            let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            close(toChild[0])
            close(fromChild[1])
            guard spawned == 0 else {
                close(toChild[1])
                close(fromChild[0])
                throw CLIError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))", code: ExitCode.software)
            }
            let bytes = Array(stdin.utf8)
            _ = bytes.withUnsafeBytes { write(toChild[1], $0.baseAddress, $0.count) }  // one short line: fits the pipe
            close(toChild[1])
            var collected: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(fromChild[0], $0.baseAddress, $0.count) }
                if got < 0, errno == EINTR { continue }
                if got <= 0 { break }
                collected.append(contentsOf: buffer[0..<got])
            }
            close(fromChild[0])
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            text = String(decoding: collected, as: UTF8.self)
        }
        // Exited normally (low 7 bits 0) with status 0.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw CLIError(message: "\(executable) \(arguments.joined(separator: " ")) exited with status \((status >> 8) & 0xFF)", code: ExitCode.software)
        }
        return (seconds, text)
    }
}
