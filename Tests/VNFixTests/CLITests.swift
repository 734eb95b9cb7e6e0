import Foundation
import Testing

/// End-to-end runs of the built `vnfix` executable (`swift test` builds it next to the test bundle).
enum CLI {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The `vnfix` binary: `$VNFIX_BIN`, else the one in the products directory of this test bundle.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["VNFIX_BIN"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let proc = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: proc).deletingLastPathComponent())
        }
        for directory in candidates {
            // The test executable may sit inside `X.xctest/Contents/MacOS` on macOS.
            var dir = directory
            for _ in 0..<4 {
                let binary = dir.appendingPathComponent("vnfix")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                dir = dir.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: "vnfix")
    }()

    /// Runs `vnfix arguments…` with `stdin` as standard input (files avoid pipe deadlocks).
    static func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
        let scratch = try TempDirectory()
        let inURL = scratch.url.appendingPathComponent("stdin")
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        try Data(stdin).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let input = try FileHandle(forReadingFrom: inURL), output = try FileHandle(forWritingTo: outURL), error = try FileHandle(forWritingTo: errURL)
        defer { try? input.close(); try? output.close(); try? error.close() }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: [UInt8](try Data(contentsOf: outURL)),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs a shell pipeline with `$VNFIX` set to the binary.
    static func shell(_ script: String, directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["VNFIX": binary.path]) { $1 }
        process.currentDirectoryURL = directory
        let out = directory.appendingPathComponent(".shell-out"), err = directory.appendingPathComponent(".shell-err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let output = try FileHandle(forWritingTo: out), error = try FileHandle(forWritingTo: err)
        defer { try? output.close(); try? error.close() }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](try Data(contentsOf: out)), stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

/// A temporary directory removed when the value goes away.
final class TempDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
    func file(_ name: String, _ text: String) throws -> URL { try file(name, Array(text.utf8)) }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Files of the repository, found from this source file.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(path))) }
    static func text(_ path: String) throws -> String { String(decoding: try bytes(path), as: UTF8.self) }

    /// A golden file; `VNFIX_UPDATE_GOLDEN=1 swift test` rewrites it from `actual` (review the diff!).
    static func expectGolden(_ actual: [UInt8], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["VNFIX_UPDATE_GOLDEN"] == "1" {
            try Data(actual).write(to: url(path))
            return
        }
        let expected = try bytes(path)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "golden \(path) differs (VNFIX_UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
    }
}

/// The text of a sample document used by several tests: OCR-damaged Vietnamese.
enum Samples {
    static let goldenInput = "Tests/VNFixTests/Golden/sample.input.txt"
    static let goldenOutput = "Tests/VNFixTests/Golden/sample.output.txt"
    static var damaged: String { (try? Repo.text(goldenInput)) ?? "" }
}

@Suite("CLI")
struct CLITests {
    @Test("the binary exists")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "vnfix not found at \(CLI.binary.path); set VNFIX_BIN")
    }

    @Test("vnfix FILE matches the golden output")
    func golden() throws {
        let result = try CLI.run([Repo.url(Samples.goldenInput).path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try Repo.expectGolden(result.stdout, Samples.goldenOutput)
    }

    @Test("stdin: '-', no argument and `repair -` agree with the file run", arguments: [["-"], [], ["repair", "-"], ["repair"]])
    func standardInput(arguments: [String]) throws {
        let input = try Repo.bytes(Samples.goldenInput)
        let result = try CLI.run(arguments, stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        try Repo.expectGolden(result.stdout, Samples.goldenOutput)
    }

    @Test("several files are concatenated in order, and -o writes the same to a file")
    func severalFilesAndOutput() throws {
        let dir = try TempDirectory()
        let a = try dir.file("a.txt", "Vin phong Poan dai biéu Qubc hoi\n")
        let b = try dir.file("b.txt", "c6 08 bién ché lanh dao\nkhong dau cuoi")
        let separate = try CLI.run([a.path]).text + CLI.run([b.path]).text
        let together = try CLI.run([a.path, b.path])
        #expect(together.status == 0)
        #expect(together.text == separate)
        #expect(together.text.hasPrefix("Văn phòng Đoàn đại biểu Quốc hội\n"))
        #expect(!together.text.hasSuffix("\n"), "a missing final newline stays missing")

        let out = dir.url.appendingPathComponent("out.txt")
        let written = try CLI.run(["-o", out.path, a.path, b.path])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == separate)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test("--in-place replaces the files and keeps their permissions")
    func inPlace() throws {
        let dir = try TempDirectory()
        let a = try dir.file("a.txt", "Vin phong Poan dai biéu Qubc hoi\n")
        let b = try dir.file("b.txt", "cac Pho Chu tich HDND Tinh\r\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: a.path)
        let expectedB = try CLI.run([b.path]).text
        let result = try CLI.run(["--in-place", a.path, b.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOf: a, encoding: .utf8) == "Văn phòng Đoàn đại biểu Quốc hội\n")
        #expect(try String(contentsOf: b, encoding: .utf8) == expectedB)
        let permissions = try FileManager.default.attributesOfItem(atPath: a.path)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["a.txt", "b.txt"])
    }

    @Test("invalid UTF-8: exit 65 naming the file and byte offset; --in-place leaves the file untouched")
    func invalidUTF8() throws {
        let dir = try TempDirectory()
        let bytes: [UInt8] = Array("Vin phong\nPoan dai".utf8) + [0xC3, 0x28] + Array(" biéu\n".utf8)
        let bad = try dir.file("bad.txt", bytes)
        for arguments in [[bad.path], ["--in-place", bad.path], ["-o", dir.url.appendingPathComponent("o.txt").path, bad.path], ["-j", "2", bad.path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 65, "\(arguments)")
            #expect(result.stderr.contains("bad.txt"), "\(result.stderr)")
            #expect(result.stderr.contains("byte 18"), "\(result.stderr)")
            #expect(result.stderr.contains("line 2"), "\(result.stderr)")
            #expect(try [UInt8](Data(contentsOf: bad)) == bytes, "the input file must stay untouched")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("o.txt").path), "-o must not create a file on failure")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["bad.txt"], "no temporary files left")
        // stdin too, and --lossy gets through with a note.
        let piped = try CLI.run(["-"], stdin: bytes)
        #expect(piped.status == 65)
        #expect(piped.stderr.contains("<stdin>"))
        for jobs in ["1", "2"] {
            let lossy = try CLI.run(["--lossy", "-j", jobs, bad.path])
            #expect(lossy.status == 0)
            #expect(lines(lossy.text).count == 3)
            #expect(lossy.stderr.contains("replaced 1 invalid UTF-8"), "-j \(jobs): \(lossy.stderr)")
        }
    }

    @Test("-r repairs the files under a directory in sorted order, skipping hidden ones; -o may name the input")
    func recursiveAndSameOutput() throws {
        let dir = try TempDirectory()
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("tree/sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("tree/.git"), withIntermediateDirectories: true)
        _ = try dir.file("tree/b.txt", "Qubc hoi\n")
        _ = try dir.file("tree/sub/a.txt", "Vin phong\n")
        _ = try dir.file("tree/.hidden.txt", "x\n")
        _ = try dir.file("tree/.git/config", "y\n")
        let result = try CLI.run(["-r", dir.url.appendingPathComponent("tree").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text == "Quốc hội\nVăn phòng\n")
        let same = try dir.file("same.txt", "Poan dai biéu\n")
        let overwrite = try CLI.run(["-o", same.path, same.path])
        #expect(overwrite.status == 0)
        #expect(try String(contentsOf: same, encoding: .utf8) == "Đoàn đại biểu\n")
    }

    @Test("--in-place on several files: a failure in a later file keeps the earlier result and the failing file intact")
    func inPlacePartialFailure() throws {
        let dir = try TempDirectory()
        let good = try dir.file("1.txt", "Vin phong Poan\n")
        let badBytes: [UInt8] = [0x61, 0xFF, 0x0A]
        let bad = try dir.file("2.txt", badBytes)
        let result = try CLI.run(["--in-place", good.path, bad.path])
        #expect(result.status == 65)
        #expect(try String(contentsOf: good, encoding: .utf8) == "Văn phòng Đoàn\n")
        #expect(try [UInt8](Data(contentsOf: bad)) == badBytes)
    }

    @Test("exit codes and messages", arguments: [
        (["/nonexistent/file.txt"], Int32(66), "/nonexistent/file.txt"),
        (["--bogus"], Int32(64), "unknown option '--bogus'"),
        (["--jobs", "257", "-"], Int32(64), "--jobs"),
        (["--mode", "nope", "-"], Int32(64), "--mode"),
        (["--in-place", "-"], Int32(64), "--in-place"),
        (["--in-place", "-o", "x", "f"], Int32(64), "cannot be combined"),
        (["-o"], Int32(64), "missing value"),
        (["--model", "/nonexistent.vnlm", "-"], Int32(66), "/nonexistent.vnlm"),
        (["-o", "/nonexistent-dir/out.txt", "-"], Int32(73), "/nonexistent-dir/out.txt"),
        (["explain", "--line", "2", "-"], Int32(64), "standard input has 1 line, no line 2"),
        (["explain", "--line", "0", "-"], Int32(64), "--line"),
        (["explain", "--line", "1", "a.txt", "b.txt"], Int32(64), "--line needs exactly one FILE"),
        (["train", "--names", "places.txt", "text.txt", "-o", "m.vnlm"], Int32(64), "--names needs --domain"),
        (["train", "--domain", "a.txt", "--domain-weight", "0.98", "--names", "b.txt", "--names-weight", "0.05", "c.txt", "-o", "m.vnlm"],
         Int32(64), "leave nothing for the general model"),
    ])
    func exitCodes(arguments: [String], status: Int32, message: String) throws {
        let result = try CLI.run(arguments, stdin: Array("abc\n".utf8))
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        if status == 64 {
            #expect(result.stderr.contains("USAGE: vnfix"), "usage on stderr: \(result.stderr)")
        }
    }

    @Test("explain --line N FILE reports the line as the whole file's repair writes it (line 11 alone reads DBOH, not ĐBQH)", arguments: [1, 2, 11, 24])
    func explainLineInDocument(lineNumber: Int) throws {
        let path = Repo.url(Samples.goldenInput).path
        let result = try CLI.run(["explain", "--line", String(lineNumber), path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = result.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(report.first == "damage kind: eng (marks missing, English-model OCR)")
        let output = try #require(report.last(where: { $0.hasPrefix("LM output") }))
        let expected = try String(contentsOf: Repo.url(Samples.goldenOutput), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)[lineNumber - 1]
        #expect(output.split(separator: ": ", maxSplits: 1).last.map(String.init) == String(expected))
    }

    @Test("explain --line judges the damage kind by the document, a line alone by itself")
    func explainLineDamageKind() throws {
        let document = "Báo cáo tổng kết công tác thi đua năm 2023 của Hội đồng nhân dân tỉnh.\nTong ket\n"
        let inDocument = try CLI.run(["explain", "--line", "2", "-"], stdin: Array(document.utf8))
        #expect(inDocument.status == 0, "\(inDocument.stderr)")
        #expect(inDocument.text.hasPrefix("damage kind: vie (marks present)\n"), "\(inDocument.text)")
        let alone = try CLI.run(["explain", "Tong ket"])
        #expect(alone.text.hasPrefix("damage kind: eng (marks missing)\n"), "\(alone.text)")
    }

    @Test("a corrupt model file is bad data (exit 65) and the message names it")
    func corruptModel() throws {
        let dir = try TempDirectory()
        let model = try dir.file("broken.vnlm", "VNFIXLM\nnot really a model\n")
        let result = try CLI.run(["--model", model.path, "-"], stdin: Array("abc\n".utf8))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(model.path))
        #expect(result.stdout.isEmpty)
    }

    @Test("a bad channel file is bad data (exit 65): the message names the file and its line or version", arguments: [
        ("vnfix-channel\t2\nW\tvie\tbấy\tgiờ\tx\n", "malformed line 2"),
        ("vnfix-channel\t9\n", "channel file version 9 is not one this vnfix reads (1–2)"),
    ])
    func badChannelFile(text: String, reason: String) throws {
        let dir = try TempDirectory()
        let channel = try dir.file("broken.vnch", text)
        let result = try CLI.run(["--channel", channel.path, "-"], stdin: Array("abc\n".utf8))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr == "vnfix: error: cannot use model file \(channel.path): \(reason)\n", "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a directory or an unreadable file is exit 66")
    func unreadable() throws {
        let dir = try TempDirectory()
        let directoryResult = try CLI.run([dir.url.path])
        #expect(directoryResult.status == 66)
        #expect(directoryResult.stderr.contains("is a directory"))
        let locked = try dir.file("locked.txt", "abc\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked.path) }
        if FileManager.default.isReadableFile(atPath: locked.path) { return }  // root reads anything
        let result = try CLI.run([locked.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("locked.txt"))
    }

    @Test("--help, -h and help exit 0 with usage on stdout", arguments: [["--help"], ["-h"], ["help"], ["repair", "--help"], ["normalize", "--help"], ["--version"]])
    func help(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0)
        #expect(result.text.contains(arguments == ["--version"] ? "vnfix " : "USAGE:"))
        #expect(result.stderr.isEmpty)
    }

    @Test("CRLF, CR and mixed line endings and a missing final newline are preserved", arguments: [
        "Vin phong Poan dai biéu\r\nQubc hoi 1a\r\ncia\r\n",
        "Vin phong Poan dai biéu\rQubc hoi 1a\rcia\r",
        "Vin phong Poan\r\ndai biéu\nQubc hoi\r1a cia",
        "\r\n\r\n\n\r",
        "",
    ])
    func lineEndings(input: String) throws {
        let result = try CLI.run(["-"], stdin: Array(input.utf8))
        #expect(result.status == 0)
        func terminators(_ bytes: [UInt8]) -> [UInt8] { bytes.filter { $0 == 0x0D || $0 == 0x0A } }
        #expect(terminators(result.stdout) == terminators(Array(input.utf8)))
        #expect(result.stdout.last == Array(input.utf8).last || input.isEmpty)
        if input.hasPrefix("Vin") { #expect(result.text.hasPrefix("Văn phòng Đoàn")) }
    }

    @Test("--json: one valid JSON object per line; applying the corrections to the input gives the text")
    func json() throws {
        let input = Samples.damaged + "trailing line c6 1a\r\n\nno newline cia"
        let result = try CLI.run(["--json", "-"], stdin: Array(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let plain = try CLI.run(["-"], stdin: Array(input.utf8)).text
        let inputLines = lines(input)
        let outputLines = lines(plain)
        let jsonLines = result.text.utf8.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        try #require(jsonLines.count == inputLines.count)
        try #require(outputLines.count == inputLines.count)
        #expect(result.text.hasSuffix("\n"))
        var offset = 0, corrections = 0
        for (k, jsonLine) in jsonLines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(jsonLine.utf8)) as? [String: Any]
            let text = try #require(object?["text"] as? String)
            #expect(object?["line"] as? Int == k + 1)
            #expect(object?["offset"] as? Int == offset)
            offset += inputLines[k].utf8.count + 1
            #expect(text == outputLines[k])
            let list = try #require(object?["corrections"] as? [[String: Any]])
            corrections += list.count
            #expect(Self.apply(list, to: inputLines[k]) == text, "line \(k + 1): \(jsonLine)")
        }
        #expect(corrections > 20)
    }

    /// Replaces each correction's input byte range by its replacement (checking `original` and the output range).
    static func apply(_ corrections: [[String: Any]], to line: String) -> String? {
        let bytes = Array(line.utf8)
        var output: [UInt8] = []
        var cursor = 0
        for c in corrections {
            guard let start = c["start"] as? Int, let end = c["end"] as? Int, let replacement = c["replacement"] as? String,
                  let original = c["original"] as? String, let outStart = c["output_start"] as? Int, let outEnd = c["output_end"] as? Int,
                  start >= cursor, end <= bytes.count, start <= end else { return nil }
            guard Array(original.utf8) == Array(bytes[start..<end]) else { return nil }
            output += bytes[cursor..<start]
            guard output.count == outStart else { return nil }
            output += Array(replacement.utf8)
            guard output.count == outEnd else { return nil }
            cursor = end
        }
        output += bytes[cursor...]
        return String(decoding: output, as: UTF8.self)
    }

    /// A few hundred lines of mixed damage, with blank lines, CRLF and long paragraphs.
    static func mixedInput() throws -> [UInt8] {
        var text = ""
        for name in ["Corpora/eval/ocr-vie-000-liberation-serif-scan/input.txt", "Corpora/eval/stripped-000/input.txt", Samples.goldenInput] {
            // Paragraphs of 4 lines (the eval files have no blank lines; the golden sample has its own).
            // Small: the debug build of the decoder repairs only a few KB a second.
            for (k, line) in lines(try Repo.text(name)).prefix(12).enumerated() {
                text += line + "\n"
                if k % 4 == 3, !name.contains("Golden") { text += k % 8 == 3 ? "\n" : " \r\n" }
            }
        }
        text += "Vin phong Poan dai biéu\r\nQubc hoi\r\n"
        return Array(text.utf8)
    }

    @Test("-j 2, 3 and 0 (one per core) give byte-identical output to -j 1 (text and --json), with many small blocks")
    func jobs() throws {
        let input = try Self.mixedInput()
        // Small blocks so the input is cut into many (the default block is 256 KiB).
        let small = ["VNFIX_BLOCK_BYTES": "200"]
        for format in [[], ["--json"]] {
            let one = try CLI.run(format + ["-j", "1", "-"], stdin: input)
            #expect(one.status == 0)
            for jobs in format.isEmpty ? ["2", "3", "0"] : ["2"] {
                let many = try CLI.run(format + ["-j", jobs, "-"], stdin: input, environment: small)
                #expect(many.status == 0, "\(many.stderr)")
                #expect(many.stdout.count == one.stdout.count)
                if many.stdout != one.stdout {
                    let a = lines(one.text), b = lines(many.text)
                    let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
                    Issue.record("-j \(jobs) \(format) differs from -j 1 at line \((first?.offset ?? -1) + 1):\n  \(first?.element.0 ?? "")\n  \(first?.element.1 ?? "")")
                }
            }
        }
    }

    @Test("-j 2 and 0 give -j 1's output, and the library's, on a document read with the general model")
    func jobsWithGeneralModel() throws {
        var text = ""
        for (k, line) in lines(ModelChoiceTests.stripped(ModelChoiceTests.generalText)).enumerated() {
            text += line + "\n"
            if k % 3 == 2 { text += "\n" }
        }
        let input = Array(text.utf8)
        let one = try CLI.run(["-j", "1", "-"], stdin: input)
        #expect(one.status == 0)
        #expect(one.text == ModelChoiceTests.repairer.repair(text))
        for jobs in ["2", "0"] {
            let many = try CLI.run(["-j", jobs, "-"], stdin: input, environment: ["VNFIX_BLOCK_BYTES": "200"])
            #expect(many.stdout == one.stdout, "-j \(jobs):\n\(many.text)\n-j 1:\n\(one.text)")
        }
    }

    @Test("-j 2 on text without blank lines (forced cuts): line numbers and offsets still count from the input start")
    func jobsWithoutBlankLines() throws {
        let text = lines(try Repo.text("Corpora/eval/stripped-000/input.txt")).prefix(30).joined(separator: "\n") + "\n"
        let input = Array(text.utf8)
        let result = try CLI.run(["--json", "-j", "2", "-"], stdin: input, environment: ["VNFIX_BLOCK_BYTES": "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.text.utf8.split(separator: 0x0A).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
        }
        #expect(objects.count == 30)
        var offset = 0
        for (k, object) in objects.enumerated() {
            #expect(object["line"] as? Int == k + 1)
            #expect(object["offset"] as? Int == offset)
            offset += lines(text)[k].utf8.count + 1
        }
    }

    @Test("scale-out: split input through `xargs -P 2 vnfix --json` gives the single run's texts and corrections")
    func scaleOut() throws {
        let dir = try TempDirectory()
        // One kind of damage (text stripped of its marks): each process estimates the damage from its
        // own first ~200 words, so pieces of a mixed input could legitimately be repaired differently.
        var text = ""
        for (k, line) in lines(try Repo.text("Corpora/eval/stripped-000/input.txt")).prefix(30).enumerated() {
            text += line + (k % 3 == 1 ? "\r\n" : "\n")
            if k % 5 == 4 { text += "\n" }
        }
        let input = Array(text.utf8)
        _ = try dir.file("input.txt", input)
        let single = try CLI.run(["--json", "-"], stdin: input)
        #expect(single.status == 0)
        // Paragraph-aligned pieces: split after blank lines, as `parallel --pipe --recend '\n\n'` does.
        let script = """
            set -e
            awk 'BEGIN { n = 0; out = sprintf("part-%03d", n) } { print > out } /^\\r?$/ && ++count % 2 == 0 { close(out); n++; out = sprintf("part-%03d", n) }' input.txt
            ls part-* | xargs -P 2 -I{} sh -c '"$VNFIX" --json {} > {}.json'
            cat part-*.json
            """
        let parallel = try CLI.shell(script, directory: dir.url)
        #expect(parallel.status == 0, "\(parallel.stderr)")
        let parts = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".json") }
        #expect(parts.count > 2)
        // Each process numbers lines from 1: compare what does not depend on the position.
        func strip(_ text: String) throws -> [String] {
            try text.split(separator: "\n").map { line in
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                object["line"] = nil
                object["offset"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        let a = try strip(single.text), b = try strip(parallel.text)
        #expect(a.count == b.count)
        #expect(a == b)
    }

    @Test("normalize subcommand keeps bytes of clean text and fixes decomposed text")
    func normalize() throws {
        let result = try CLI.run(["normalize", "-"], stdin: Array("Vie\u{0323}\u{0302}t Nam\r\nđã xong\n".utf8))
        #expect(result.status == 0)
        #expect(result.text == "Việt Nam\r\nđã xong\n")
    }

    @Test("--mode normalize gives what normalize gives, lines and errors alike")
    func modeNormalize() throws {
        let input = Array("Vie\u{0323}\u{0302}t Nam\r\nhoà bình, thuỷ\nkhong dau\nlast".utf8)
        for style in ["preserve", "old", "new"] {
            let viaMode = try CLI.run(["--mode", "normalize", "--tone-style", style, "-"], stdin: input)
            let viaCommand = try CLI.run(["normalize", "--from", "utf-8", "--tone-style", style, "-"], stdin: input)
            #expect(viaMode.status == 0)
            #expect(viaMode.stdout == viaCommand.stdout)
        }
        let bad = try CLI.run(["--mode", "normalize", "-"], stdin: Array("abc".utf8) + [0xFF] + Array(" def\n".utf8))
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("byte 3"))
        // Normalizing loads no models, but a model file the user names is still checked.
        let missingModel = try CLI.run(["--mode", "normalize", "--model", "/nonexistent/x.vnlm", "-"], stdin: input)
        #expect(missingModel.status == 66)
        #expect(missingModel.stdout.isEmpty)
    }
}
