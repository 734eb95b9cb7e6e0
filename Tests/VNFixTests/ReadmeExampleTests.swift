import Foundation
import Testing
import VNFix  // not @testable: the README shows the public API only

/// The "Library API" example of README.md, verbatim (keep them in sync).
@Suite("README")
struct ReadmeExampleTests {
    @Test("the Library API example compiles and does what the README says")
    func libraryAPI() async throws {
        let repairer = try Repairer()

        // One-shot.
        let fixed = repairer.repair("Vin phong Poan dai biéu Qubc hoi")
        // fixed == "Văn phòng Đoàn đại biểu Quốc hội"

        // Streaming: chunks of bytes in, repaired text out.
        var stream = RepairStream(repairer: repairer, output: "")
        try stream.write(Array("Vin phong Poan dai bi".utf8))
        try stream.write(Array("éu Qubc hoi\r\nc6 08 bién ché\n".utf8))
        let text = try stream.finish()
        // text == "Văn phòng Đoàn đại biểu Quốc hội\r\ncó 08 biên chế\n"

        // JSON lines with corrections (UTF-8 byte offsets into the input and output line),
        // invalid UTF-8 replaced by U+FFFD instead of throwing `VNFixError.invalidUTF8`.
        var json = RepairStream(repairer: repairer, output: "", lossy: true, format: .jsonLines)
        try json.write(Array("Qubc hoi\n".utf8))
        let objects = try json.finish()
        // {"line":1,"offset":0,"text":"Quốc hội","corrections":[{"start":0,"end":4,"output_start":0,…

        // Async: repaired lines of any byte sequence (FileHandle.bytes on Apple platforms, a socket, …).
        let bytes = AsyncStream<UInt8> { continuation in
            for byte in "Vin phong\nPoan dai biéu\n".utf8 { continuation.yield(byte) }
            continuation.finish()
        }
        var lines: [String] = []
        for try await line in repairer.repairedLines(bytes) { lines.append(line) }
        // lines == ["Văn phòng", "Đoàn đại biểu"]

        #expect(fixed == "Văn phòng Đoàn đại biểu Quốc hội")
        #expect(text == "Văn phòng Đoàn đại biểu Quốc hội\r\ncó 08 biên chế\n")
        #expect(objects.hasPrefix(#"{"line":1,"offset":0,"text":"Quốc hội","corrections":[{"start":0,"end":4,"output_start":0,"#))
        #expect(lines == ["Văn phòng", "Đoàn đại biểu"])
    }

    @Test("the README's Library API code block is the code of this test")
    func inSync() throws {
        let readme = try String(contentsOf: Repo.url("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## Library API"))
        let block = try #require(readme[start.upperBound...].range(of: "```swift\n"))
        let end = try #require(readme[block.upperBound...].range(of: "```"))
        let code = readme[block.upperBound..<end.lowerBound].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "import VNFix" }
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let sourceLines = Set(source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = code.filter { !sourceLines.contains($0) }
        #expect(missing.isEmpty, "README lines not in ReadmeExampleTests.swift: \(missing)")
    }
}
