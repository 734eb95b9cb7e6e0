import Foundation
import Testing
@testable import VNFix

/// SplitMix64: a tiny, seeded, deterministic generator, so every fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One repairer for the whole suite: loading is cheap (mmap) but there is no need to repeat it.
enum Shared {
    static let repairer: Repairer = try! Repairer()
}

/// Random text built from pieces that have broken text tools before.
enum Fuzz {
    static let pieces: [String] = [
        // Vietnamese, damaged and clean
        "Vin", "phong", "Poan", "dai", "biéu", "Qubc", "hoi", "c6", "1a", "cia", "dugc", "Tinh", "HDND", "người", "Việt", "ĐOÀN", "đ", "ư", "ơ",
        // ASCII odds and ends
        " ", " ", " ", "  ", "\t", ",", ".", "(", ")", "\"", "'", "-", "/", "12/2023", "0", "&", "@", "s&", "\\", "{", "}",
        // combining marks, alone or stacked, and decomposed letters
        "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}", "\u{0302}\u{0323}", "e\u{0302}\u{0301}", "u\u{031B}\u{0300}", "\u{0301}\u{0301}\u{0301}", "a\u{20DD}",
        // RTL, bidi controls and other scripts
        "שלום", "مرحبا", "\u{200F}", "\u{202E}", "\u{2066}", "한국어", "中文", "ไทย", "Ωμέγα", "Ðorđe",
        // emoji, ZWJ sequences, flags, variation selectors
        "👍🏽", "👨‍👩‍👧‍👦", "🇻🇳", "❤️", "\u{FE0F}", "\u{200D}",
        // NUL, controls, BOM, specials, noncharacters, private use, astral
        "\u{0000}", "\u{0001}", "\u{001B}[0m", "\u{007F}", "\u{0085}", "\u{00A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{E000}", "\u{10FFFF}", "\u{1D400}",
        // character references that decode to nothing valid
        "&#xD800;", "&#55296;", "&#x110000;", "&#0;", "&amp;", "&#x1EC7;", "&#", "&#x;",
        // line structure
        "\n", "\r\n", "\r",
    ]

    static func text(_ rng: inout SplitMix64, pieces count: Int) -> String {
        var text = ""
        for _ in 0..<count { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return text
    }

    /// Random bytes: mostly ASCII letters and spaces, some UTF-8 lead/continuation bytes, newlines.
    static func bytes(_ rng: inout SplitMix64, count: Int) -> [UInt8] {
        (0..<count).map { _ in
            let r = rng.next()
            switch r % 10 {
            case 0: return 0x0A
            case 1, 2, 3: return UInt8(truncatingIfNeeded: r >> 8)  // anything
            case 4: return 0x80 | UInt8(truncatingIfNeeded: r >> 8) & 0x3F  // continuation
            case 5: return [0xC3, 0xC4, 0xE1, 0xE2, 0xF0, 0xED, 0xF4, 0xC0, 0xFF, 0x0D][Int((r >> 8) % 10)]
            case 6: return 0x20
            default: return 0x61 + UInt8((r >> 8) % 26)
            }
        }
    }
}

func newlineCount(_ bytes: some Sequence<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

/// Lines split on the byte 0x0A (Swift's `split(separator: "\n")` would keep "\r\n" together: one Character).
func lines(_ text: String) -> [String] {
    text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
}

@Suite("Robustness")
struct RobustnessTests {
    let repairer = Shared.repairer

    @Test("random bytes in lossy mode: no crash, valid UTF-8 out, same lines", arguments: 0..<8)
    func randomBytes(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let input = Fuzz.bytes(&rng, count: 2000)
        var stream = RepairStream(repairer: repairer, output: "", lossy: true)
        // Random chunking as well.
        var start = 0
        while start < input.count {
            let end = min(input.count, start + 1 + Int(rng.next() % 97))
            try stream.write(input[start..<end])
            start = end
        }
        let output = try stream.finish()
        #expect(newlineCount(output.utf8) == newlineCount(input))
        #expect(String(validating: Array(output.utf8), as: UTF8.self) != nil)
        #expect(stream.replacements > 0)
        // Without --lossy the same bytes are an error with the right offset.
        let firstBad = input.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
        if let firstBad {
            #expect(throws: VNFixError.self) { try repairer.repair(utf8: input) }
            do {
                _ = try repairer.repair(utf8: input)
            } catch let error {
                if case let .invalidUTF8(offset, line, _) = error {
                    #expect(offset == firstBad)
                    #expect(line == newlineCount(input[..<firstBad]) + 1)
                } else {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }

    @Test("random Unicode (marks, RTL, emoji, NUL, bad NCRs): no crash, lines kept, APIs agree", arguments: 0..<12)
    func randomScalars(seed: UInt64) throws {
        var rng = SplitMix64(seed: 1000 + seed)
        let input = Fuzz.text(&rng, pieces: 250)
        let oneShot = try repairer.repair(utf8: Array(input.utf8))
        #expect(newlineCount(oneShot.utf8) == newlineCount(input.utf8))
        // `\r` and `\r\n` stay where they were.
        #expect(oneShot.utf8.filter { $0 == 0x0D }.count == input.utf8.filter { $0 == 0x0D }.count)
        // The String API splits lines like the byte API (`\r\n` is one Character in Swift). It
        // estimates damage from the whole text, streams from the first ~200 words: the same below that.
        let viaString = repairer.repair(input)
        if Repairer.Session.markedShare(input).words < 200, viaString != oneShot {
            let a = lines(viaString), b = lines(oneShot)
            let k = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("repair(String) and repair(utf8:) differ at line \(k + 1) of \(a.count)/\(b.count):\n  input \(k < lines(input).count ? lines(input)[k].debugDescription : "-")\n  string \(k < a.count ? a[k].debugDescription : "-")\n  utf8   \(k < b.count ? b[k].debugDescription : "-")")
        }
        // Repaired text is NFC.
        #expect(oneShot == oneShot.precomposedStringWithCanonicalMapping || oneShot.unicodeScalars.contains { $0.properties.isNoncharacterCodePoint })
    }

    @Test("characters the repairer does not understand are kept, not dropped", arguments: [
        "a\u{0000}b c", "x\u{FFFD} y", "e\u{0301}\u{0301} x", "tôi \u{0301} ok", "\u{0000}", "\u{FEFF}Việt Nam",
    ])
    func keepsUnknownCharacters(input: String) throws {
        let output = repairer.repair(input)
        let lost = input.precomposedStringWithCanonicalMapping.unicodeScalars.filter {
            !$0.properties.isAlphabetic && $0 != " " && !output.unicodeScalars.contains($0)
        }
        #expect(output.utf8.count > 0 || input.isEmpty)
        #expect(lost.isEmpty, "lost \(lost.map { "U+" + String($0.value, radix: 16, uppercase: true) }): \(input.debugDescription) → \(output.debugDescription)")
    }

    @Test("empty and whitespace-only inputs", arguments: ["", "\n", "\n\n\n", " ", "\r\n", "\r", "\t \n", " \u{00A0}\u{3000} "])
    func emptyInputs(input: String) throws {
        #expect(repairer.repair(input) == input)
        #expect(try repairer.repair(utf8: Array(input.utf8)) == input)
        var stream = RepairStream(repairer: repairer, output: "")
        #expect(try stream.finish() == "")
    }

    @Test("a multi-megabyte line without a newline streams through (cut and rejoined invisibly)")
    func veryLongLine() throws {
        // Cheap to decode: numbers and punctuation; one part has no space at all (cut at a UTF-8 boundary).
        // (The debug build decodes ~0.1 MB/s, so keep it about 1 MB: past the 64 KiB cut many times.)
        var line = String(repeating: "–", count: 360_000)  // 1.08 MB of a 3-byte character, no space
        line += String(repeating: " 12/2023, 4.5 -", count: 8_000)  // then 120 KB with spaces
        line += " hết"  // a word no damage estimate can read as broken (the English "end" can be)
        let bytes = Array(line.utf8)
        let clock = ContinuousClock.now
        var stream = RepairStream(repairer: repairer, output: "")
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 65_536 + 7)
            try stream.write(bytes[start..<end])
            start = end
        }
        let output = try stream.finish()
        #expect(output.utf8.count == bytes.count)
        #expect(output == line)
        #expect(newlineCount(output.utf8) == 0)
        #expect(ContinuousClock.now - clock < .seconds(30))
    }

    @Test("LineAssembler: pieces rejoin to the input, never split a UTF-8 sequence", arguments: [1, 2, 3, 5, 8, 16])
    func lineAssembler(maximum: Int) throws {
        var rng = SplitMix64(seed: UInt64(maximum))
        let input = Array(Fuzz.text(&rng, pieces: 400).utf8)
        var assembler = LineAssembler(maximumLineBytes: max(maximum, 4))
        var rebuilt: [UInt8] = []
        var offsets: [Int] = []
        var lines: [Int] = []
        func take(_ piece: LineAssembler.Piece) {
            offsets.append(piece.offset)
            #expect(piece.offset == rebuilt.count)
            lines.append(piece.line)
            #expect(String(validating: Array(piece.content), as: UTF8.self) != nil, "piece splits a UTF-8 sequence")
            rebuilt += piece.content
            if piece.endsLine { rebuilt.append(0x0A) }
        }
        var start = 0
        while start < input.count {
            let end = min(input.count, start + 1 + Int(rng.next() % 13))
            input[start..<end].withUnsafeBufferPointer { assembler.push($0, take) }
            start = end
        }
        assembler.finish(take)
        #expect(rebuilt == input)
        #expect(lines == lines.sorted())
    }

    static let multiLine = "Vin phong Poan\r\nc6 bién ché, ĐBQH\n\nNgười 👍🏽 e\u{0301}\rcia 1a\n tail"

    @Test("RepairStream: a split at every byte position gives the one-shot output")
    func everySplit() throws {
        let bytes = Array(Self.multiLine.utf8)
        let expected = try repairer.repair(utf8: bytes)
        #expect(expected == repairer.repair(Self.multiLine))
        for split in 0...bytes.count {
            var stream = RepairStream(repairer: repairer, output: "")
            try stream.write(bytes[..<split])
            try stream.write(bytes[split...])
            #expect(try stream.finish() == expected, "split at \(split)")
        }
        // One byte at a time.
        var stream = RepairStream(repairer: repairer, output: "")
        for byte in bytes { try stream.write(CollectionOfOne(byte)) }
        #expect(try stream.finish() == expected)
        // JSON lines do not depend on the chunking either.
        var json1 = RepairStream(repairer: repairer, output: "", format: .jsonLines)
        try json1.write(bytes)
        var json2 = RepairStream(repairer: repairer, output: "", format: .jsonLines)
        for k in stride(from: 0, to: bytes.count, by: 3) { try json2.write(bytes[k..<min(bytes.count, k + 3)]) }
        #expect(try json1.finish() == json2.finish())
    }

    @Test("repairedLines (AsyncSequence) gives the lines of the one-shot output")
    func asyncLines() async throws {
        let bytes = Array(Self.multiLine.utf8)
        let expected = try repairer.repair(utf8: bytes)
        var lines: [String] = []
        for try await line in repairer.repairedLines(AsyncBytes(bytes: bytes)) { lines.append(line) }
        #expect(lines == VNFixTests.lines(expected))
        // Errors come through the sequence.
        await #expect(throws: VNFixError.self) {
            for try await _ in repairer.repairedLines(AsyncBytes(bytes: [0x61, 0x0A, 0xFF, 0x0A])) {}
        }
    }

    @Test("idempotence: repairing the output again changes nothing (sample of Corpora/eval)")
    func idempotence() throws {
        let sets = try FileManager.default.contentsOfDirectory(atPath: Repo.url("Corpora/eval").path).sorted()
        var failures: [String] = []
        var checked = 0
        for name in sets {
            guard let text = try? Repo.text("Corpora/eval/\(name)/input.txt") else { continue }
            let sample = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(15).joined(separator: "\n")
            let once = repairer.repair(sample)
            let twice = repairer.repair(once)
            let a = lines(once), b = lines(twice)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) where x != y { failures.append("\(name): \(x)\n    → \(y)") }
            checked += a.count
        }
        #expect(checked > 200)
        #expect(failures.isEmpty, "\(failures.count) lines change on a second pass:\n\(failures.joined(separator: "\n"))")
    }

    /// Decomposed (NFD) text is the same text: every set's input repairs as its NFC form does, in
    /// the one-shot API and in the stream alike, and correct NFD text comes out as its NFC form.
    /// (The damage estimate once read NFD marks as word breaks, took correct NFD text for text
    /// without marks, and changed 0.8 % of clean-000's syllables.)
    @Test("NFD input repairs as its NFC form does")
    func decomposedInput() throws {
        let sets = try FileManager.default.contentsOfDirectory(atPath: Repo.url("Corpora/eval").path).sorted()
        var checked = 0
        for name in sets {
            guard let text = try? Repo.text("Corpora/eval/\(name)/input.txt") else { continue }
            let sample = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(12).joined(separator: "\n")
            let decomposed = sample.decomposedStringWithCanonicalMapping
            #expect(repairer.repair(decomposed) == repairer.repair(sample), "\(name)")
            checked += 1
        }
        #expect(checked > 10)
        let clean = try Repo.text("Corpora/eval/clean-000/gold.txt").split(separator: "\n").prefix(40).joined(separator: "\n")
        #expect(repairer.repair(clean.decomposedStringWithCanonicalMapping) == clean)
        var output = ""
        var stream = RepairStream(repairer: repairer, output: output)
        try stream.write(Array(clean.decomposedStringWithCanonicalMapping.utf8))
        output = try stream.finish()
        #expect(output == clean)
    }

    /// Lines that an earlier decoder changed again on a second pass (it made a fix only once a
    /// neighbouring word had been fixed); the decoder now settles each changed line, so repairing
    /// its output changes nothing.
    @Test("repairing the output again changes nothing", arguments: [
        "kiến nghị, đơn thư khiếu nại, tố cáo của công dân; theo đối, đôn đốc việc giải quyết",
        "dân và giải quyết khiếu nại, tổ cao trợ ngày 01/7/2016 đến ngày 01/7/2021; khảo sát",
        "những nhân tổ, điển hình tiên tiến mới, động viên công chức, nhân viên hăng hái, tự",
        "Công tác tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo Tĩnh vực nội vụ được",
        "vị, địa phương và một số cán bộ, công chức, viên chức, có húc có nơi chưa đầy đủ; đối",
        "T6 chirc budi gip mit dai biéu tré cia HDND 03 cép trong",
    ])
    func idempotentLine(line: String) {
        let once = repairer.repair(line)
        #expect(repairer.repair(once) == once)
    }

    @Test("a line-initial OCR token keeps its reading (c6 → có, never a bare c)")
    func digitNotDropped() {
        // With a sign of English-model OCR (a Latin-1 accent: `dén`), `1a` is là.
        #expect(repairer.repair("c6 1a cia dén") == "có là của đến")
        // Without one, a token that starts with a digit may also be a number with a letter
        // (`Điều 5a`), and here the context does not tell it from là: it stays.
        #expect(repairer.repair("c6 1a cia") == "có 1a của")
        #expect(repairer.repair("c6 cia") == "có của")
    }

    @Test("one shared Repairer from 8 threads gives the single-thread output")
    func concurrency() throws {
        let lines = Samples.damaged.split(separator: "\n").map(String.init)
        let documents = (0..<16).map { k in { var rng = rngFor(k); return lines.shuffled(using: &rng) }().joined(separator: "\n") }
        let expected = documents.map { repairer.repair($0) }
        let results = Results(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for k in stride(from: thread, to: documents.count * 2, by: 8) {
                let doc = k % documents.count
                results.set(doc, repairer.repair(documents[doc]))
            }
        }
        #expect(results.values == expected)
        #expect(results.mismatches == 0)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [String?]
        private(set) var mismatches = 0
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: String) {
            lock.lock(); defer { lock.unlock() }
            if let old = values[index], old != value { mismatches += 1 }
            values[index] = value
        }
    }

    @Test("corrupt, truncated or wrong-version model files throw invalidModel", arguments: [
        "empty", "header only", "truncated by 8", "half", "flipped payload byte", "flipped last byte", "bad magic", "version 99", "extra bytes", "missing",
    ])
    func corruptModel(damage: String) throws {
        let original = try Data(contentsOf: try #require(Bundle.module.url(forResource: "default", withExtension: "vnlm")))
        var bytes = [UInt8](original)
        switch damage {
        case "empty": bytes = []
        case "header only": bytes = Array(bytes.prefix(72))
        case "truncated by 8": bytes.removeLast(8)
        case "half": bytes = Array(bytes.prefix(bytes.count / 2))
        case "flipped payload byte": bytes[bytes.count / 3] ^= 0x10
        case "flipped last byte": bytes[bytes.count - 1] ^= 0x01
        case "bad magic": bytes[0] ^= 0xFF
        case "version 99": bytes[8] = 99; bytes[9] = 0; bytes[10] = 0; bytes[11] = 0
        case "extra bytes": bytes += [0, 0, 0, 0, 0, 0, 0, 0]
        default: break
        }
        let dir = try TempDirectory()
        let url = damage == "missing" ? dir.url.appendingPathComponent("none.vnlm") : try dir.file("model.vnlm", bytes)
        #expect {
            _ = try LanguageModel.load(contentsOf: url)
        } throws: { error in
            guard case let VNFixError.invalidModel(path, reason)? = error as? VNFixError else { return false }
            return path == url.path && !reason.isEmpty
        }
        #expect(throws: VNFixError.self) { _ = try Repairer(modelURL: url) }
        // The intact copy loads.
        let good = try dir.file("good.vnlm", [UInt8](original))
        _ = try LanguageModel.load(contentsOf: good)
    }
}

func rngFor(_ k: Int) -> SplitMix64 { SplitMix64(seed: UInt64(k) &* 7919) }

/// Bytes as an AsyncSequence (like `FileHandle.bytes`).
struct AsyncBytes: AsyncSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]
    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: IndexingIterator<[UInt8]>
        mutating func next() async -> UInt8? { iterator.next() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: bytes.makeIterator()) }
}

@Suite("Legacy input")
struct LegacyInputTests {
    @Test("byte input in a legacy charset repairs as its UTF-8 text does", arguments: [Charset.tcvn3, .vni, .viscii, .cp1258])
    func legacyCharset(charset: Charset) throws {
        let text = "Văn phòng Đoàn đại biểu Quốc hội tỉnh\nc6 08 bién ché va 1a co quan tham muu\n"
        var replaced = 0
        let bytes = try charset.encode(text, lossy: true, replacements: &replaced)
        #expect(replaced == 0)
        let utf8 = try Repairer().repair(utf8: Array(text.utf8))
        let legacy = try Repairer(options: .init(inputCharset: charset)).repair(utf8: bytes)
        #expect(legacy == utf8)
    }
}
