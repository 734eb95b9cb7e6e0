import Foundation
import Testing
@testable import VNFix

/// The fast path (chunk cache over 64-byte masks) must agree byte for byte with the careful
/// scan it stands in for, and must find invalid UTF-8 where validation does.
@Suite("Normalizer fast path")
struct NormalizerFastPathTests {
    /// Pieces that exercise chunk boundaries, the cache, marks after boundaries, lookalikes,
    /// long chunks and block edges.
    static let pieces: [[UInt8]] = [
        " ", "  ", "\n", ",", ".", "1", "2023", "/", "<", "=", "-", "(", ")", "\t", "@", "[", "`", "{", "~",
        "a", "o", "u", "y", "q", "g", "i", "n", "ng", "th", "Tr", "QU", "Gi",
        "Việt", "Nam", "người", "nứơc", "tóan", "hòa", "hoà", "thủy", "thuỷ", "của", "Đại", "Đaị", "quả", "qủa",
        "giá", "gìa", "nghiêng", "khuỷu", "HỘI", "Vie\u{0323}\u{0302}t", "Vie\u{0302}\u{0323}t", "a\u{0301}",
        "\u{0301}", "\u{0338}", "\u{0323}\u{0302}", "Ðà", "ðại", "ð", "Ð", "a\u{00B4}", "\u{00B4}", "o\u{02C6}",
        "“", "”", "–", "\u{00A0}", "é", "ñ", "Straße", "Ελληνικά", "日本", "🙂", "\u{0958}", "\u{1161}",
        "nghiênggggggggggggggggg", "Việtttttttttttttttttttttt", "ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ",
        // Chunks longer than a 64-byte block, one that changes and one that does not.
        String(repeating: "nứơc", count: 20), String(repeating: "Việt", count: 20),
    ].map { Array($0.utf8) }

    /// Deterministic pseudo-random texts (xorshift), long enough to cross many 64-byte blocks.
    static func texts(count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(truncatingIfNeeded: state >> 1)
        }
        return (0..<count).map { _ in
            var text: [UInt8] = []
            let pieceCount = next() % 120
            for _ in 0..<pieceCount { text += pieces[next() % pieces.count] }
            return text
        }
    }

    static func careful(_ bytes: [UInt8], _ options: TextNormalizer.Options) -> [UInt8] {
        bytes.withUnsafeBufferPointer { input in
            var scanner = TextNormalizer.Scanner(input: input, options: options)
            var output: [UInt8] = []
            return scanner.runCareful(into: &output) ? output : bytes
        }
    }

    static func fast(_ bytes: [UInt8], _ options: TextNormalizer.Options) -> (TextNormalizer.Outcome, [UInt8]) {
        bytes.withUnsafeBufferPointer { input in
            var output: [UInt8] = []
            let outcome = TextNormalizer(options: options).normalize(validatingUTF8: input, into: &output)
            return (outcome, outcome == .changed ? output : bytes)
        }
    }

    @Test("agrees with the careful scan", arguments: [ToneStyle.preserve, .old, .new])
    func agreesWithCarefulScan(style: ToneStyle) {
        let options = TextNormalizer.Options(toneStyle: style)
        for text in Self.texts(count: 3000, seed: 0x9E37_79B9 ^ UInt64(style.hashValue & 0xFF)) {
            let (outcome, output) = Self.fast(text, options)
            #expect(outcome != .invalidUTF8(offset: 0))
            let expected = Self.careful(text, options)
            if output != expected {
                Issue.record("\(String(decoding: text, as: UTF8.self).debugDescription): fast \(String(decoding: output, as: UTF8.self).debugDescription) careful \(String(decoding: expected, as: UTF8.self).debugDescription)")
                return
            }
            #expect((outcome == .unchanged) == (expected == text))
        }
    }

    @Test("the same text twice in one input gives the same answer both times (cache hits)")
    func cacheHitsAgree() {
        for text in Self.texts(count: 300, seed: 42) {
            let doubled = text + [0x0A] + text
            let (_, output) = Self.fast(doubled, .init())
            let single = Self.fast(text, .init()).1
            #expect(output == single + [0x0A] + single)
        }
    }

    @Test("line by line with one memory, as each line alone (verdicts carried from line to line)",
          arguments: [ToneStyle.preserve, .old, .new])
    func memoryAgrees(style: ToneStyle) {
        let normalizer = TextNormalizer(options: .init(toneStyle: style))
        let memory = TextNormalizer.Memory(options: normalizer.options)
        // Lines that repeat one another's chunks, so that later lines are answered from the memory.
        let lines = Self.texts(count: 600, seed: 0xC0FFEE ^ UInt64(style.hashValue & 0xFF)).map { String(decoding: $0, as: UTF8.self) }
        for line in lines + lines {
            let alone = normalizer.normalize(line)
            let withMemory = normalizer.normalize(line, remembering: memory)
            #expect(Array(withMemory.utf8) == Array(alone.utf8), "\(line.debugDescription)")
        }
        #expect(memory.chunks != nil)
    }

    @Test("invalid UTF-8 is found at the offset validation names")
    func invalidUTF8() {
        let broken: [[UInt8]] = [[0xFF], [0xC3], [0xE1, 0xBB], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF5, 0x80, 0x80, 0x80]]
        for text in Self.texts(count: 400, seed: 7) {
            for bad in broken {
                for position in Set([0, text.count / 2, text.count]) {
                    // Insert at a boundary between pieces' bytes only when that keeps the rest valid.
                    var damaged = text
                    var at = position
                    while at < damaged.count, damaged[at] & 0xC0 == 0x80 { at += 1 }
                    damaged.insert(contentsOf: bad, at: at)
                    let expected = damaged.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
                    let (outcome, _) = Self.fast(damaged, .init())
                    #expect(outcome == .invalidUTF8(offset: expected ?? -1), "\(damaged)")
                }
            }
        }
    }

    @Test("already-normal Vietnamese comes back unchanged, without output")
    func unchangedCorpus() throws {
        let text = Array("Văn phòng Đoàn đại biểu Quốc hội tỉnh báo cáo kết quả thực hiện nhiệm vụ năm 2023.\n".utf8)
        var output: [UInt8] = []
        let outcome = text.withUnsafeBufferPointer { TextNormalizer().normalize(validatingUTF8: $0, into: &output) }
        #expect(outcome == .unchanged)
        #expect(output.isEmpty)
    }
}
