import Foundation
import Testing
@testable import VNFix

@Suite("Orthography")
struct OrthographyTests {
    @Test("every Vietnamese letter round-trips scalar → parts → scalar")
    func letterInventory() {
        var count = 0
        for entry in VietnameseLetter.generatedTable {
            let letter = VietnameseLetter(Unicode.Scalar(entry.scalar)!)!
            #expect(letter.scalar?.value == entry.scalar)
            count += 1
        }
        // 12 vowels × 6 tones × 2 cases, minus the 12 plain ASCII vowels, plus Đ/đ.
        #expect(count == 12 * 6 * 2 - 12 + 2)
    }

    @Test("NFD in any mark order composes to NFC", arguments: [
        ("Vie\u{0323}\u{0302}t", "Việt"),  // canonical order: dot below before circumflex
        ("Vie\u{0302}\u{0323}t", "Việt"),
        ("mo\u{0323}\u{0302}t", "một"),
        ("na\u{0306}\u{0323}ng", "nặng"),
        ("na\u{0323}\u{0306}ng", "nặng"),
        ("a\u{0301}\u{0302}", "ấ"),  // same combining class: plain NFC leaves this decomposed
        ("\u{00E2}\u{0301}", "ấ"),  // precomposed â + acute
        ("\u{1EA1}\u{0306}", "ặ"),  // precomposed ạ + breve
        ("o\u{031B}\u{0300}", "ờ"),
        ("u\u{0340}", "ù"),  // deprecated combining grave
        ("ngu\u{031B}o\u{031B}\u{0300}i", "người"),
        ("\u{00D0}a\u{0323}i", "Đại"),  // eth folded in Vietnamese context
        ("ve\u{0302}\u{0300} ", "về "),
    ])
    func composition(input: String, expected: String) {
        #expect(TextNormalizer().normalize(input) == expected)
    }

    @Test("non-Vietnamese text is NFC-normalized and otherwise untouched", arguments: [
        "Straße café naïve", "Ðorđe Þór", "e\u{0301}lan", "ñandú", "한국어", "\u{1100}\u{1161}", "Å", "x\u{0308}y",
        "` ´ ~ no marks here", "1/2/2023 số 12/2023/NQ-HĐND", "emoji 👍🏽 ok",
    ])
    func foreignText(input: String) {
        #expect(TextNormalizer().normalize(input) == input.precomposedStringWithCanonicalMapping)
    }

    @Test("misplaced tones move; nothing else on the line changes", arguments: [
        ("nứơc", "nước"), ("tóan học", "toán học"), ("tâỷ", "tẩy"), ("Đaị hội", "Đại hội"),
        ("qùa", "quà"), ("gỉa", "giả"), ("NGƯƠÌ", "NGƯỜI"), ("  hòa  ,thủy. ", "  hòa  ,thủy. "),
    ])
    func tonePlacement(input: String, expected: String) {
        #expect(TextNormalizer().normalize(input) == expected)
    }

    @Test("tone styles", arguments: [
        ("hòa thủy hoè", ToneStyle.old, "hòa thủy hòe"),
        ("hoà thuỷ hòe", ToneStyle.old, "hòa thủy hòe"),
        ("hòa thủy hoè", ToneStyle.new, "hoà thuỷ hoè"),
        ("hòa hoà", ToneStyle.preserve, "hòa hoà"),
        ("hoàng thuyền khuỷu", ToneStyle.new, "hoàng thuyền khuỷu"),
        ("Hóa học HÒA", ToneStyle.new, "Hoá học HOÀ"),
    ])
    func toneStyles(input: String, style: ToneStyle, expected: String) {
        #expect(TextNormalizer(options: .init(toneStyle: style)).normalize(input) == expected)
    }

    @Test("valid syllables", arguments: [
        "nghiêng", "người", "quốc", "giếng", "gì", "gìn", "giữ", "khuỷu", "thuở", "oái", "yêu", "kỹ",
        "hoạch", "xoong", "quyết", "của", "được", "Đoàn", "BÁO", "ạ", "uy", "quý", "ngoẹo", "huých",
    ])
    func validSyllables(word: String) {
        #expect(Syllable.parse(word).isValid, "\(word): \(String(describing: Syllable.parse(word).problem))")
    }

    @Test("invalid syllables are reported", arguments: [
        ("cua2", SyllableProblem.notVietnameseLetters), ("bcd", .noVowel), ("fan", .invalidOnset),
        ("àá", .moreThanOneTone), ("tàc", .toneNotAllowedWithStopFinal), ("ke", nil), ("ce", .spellingRule),
        ("ghá", .spellingRule), ("ngé", .spellingRule), ("anhh", .invalidFinal), ("oong", nil), ("uâ", nil),
        ("eai", .invalidRhyme), ("nghiênghiêng", .tooLong),
        // Every branch of the c/k, g/gh, ng/ngh rules: before e ê i y and before other vowels.
        ("ka", .spellingRule), ("kê", nil), ("ky", nil), ("ci", .spellingRule), ("ca", nil), ("cư", nil),
        ("ghi", nil), ("ghe", nil), ("gha", .spellingRule), ("ghy", .spellingRule),
        ("nghĩ", nil), ("nghe", nil), ("ngho", .spellingRule), ("nghy", .spellingRule),
        ("ga", nil), ("ge", .spellingRule), ("gi", nil), ("ngi", .spellingRule), ("nga", nil), ("ngư", nil), ("kư", .spellingRule),
    ])
    func invalidSyllables(word: String, problem: SyllableProblem?) {
        #expect(Syllable.parse(word).problem == problem)
    }

    @Test("strip removes tones and modifiers and keeps case", arguments: [
        ("Việt Nam", "Viet Nam"), ("ĐƯỜNG đời", "DUONG doi"), ("Vie\u{0323}\u{0302}t", "Viet"), ("café 12", "cafe 12"),
    ])
    func strip(input: String, expected: String) {
        #expect(Diacritics.strip(input) == expected)
    }

    @Test("every toned vowel, in NFD with marks in either order, composes back", arguments: VietnameseLetter.generatedTable.map(\.scalar))
    func everyLetterFromNFD(scalar: UInt32) {
        let letter = String(Unicode.Scalar(scalar)!)
        let nfd = letter.decomposedStringWithCanonicalMapping
        #expect(TextNormalizer().normalize(nfd) == letter)
        let scalars = Array(nfd.unicodeScalars)
        if scalars.count == 3 {
            let swapped = String(String.UnicodeScalarView([scalars[0], scalars[2], scalars[1]]))
            #expect(TextNormalizer().normalize(swapped) == letter)
        }
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("invalid sequences are found with line and column", arguments: [
        ([0x61, 0x0A, 0x62, 0xFF], 3, 2, 1),
        ([0xC0, 0x80], 0, 1, 0),  // overlong
        ([0x61, 0xED, 0xA0, 0x80], 1, 1, 1),  // surrogate
        ([0x0A, 0x0A, 0xE1, 0xBB], 2, 3, 0),  // truncated
        // After ASCII and letters that take the short ways (C3 A0 à, E1 BB 87 ệ), in and out of 8-byte words.
        ([0x61, 0x62, 0x63, 0xC3, 0xA0, 0xE1, 0xBB, 0x87, 0x64, 0xC3, 0x28], 9, 1, 9),  // lead without continuation
        ([0x61, 0xE1, 0xBB, 0x87, 0xE1, 0xBB], 4, 1, 4),  // three-byte lead, one continuation, at the end
        ([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xC3], 7, 1, 7),  // two-byte lead at the end
        ([0xE0, 0x80, 0x80], 0, 1, 0),  // overlong three-byte (E0 takes the careful way)
        ([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x0A, 0xC3, 0xA0, 0xBF], 12, 2, 2),  // stray continuation
    ] as [([UInt8], Int, Int, Int)])
    func invalid(bytes: [UInt8], offset: Int, line: Int, column: Int) {
        let failure = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid(in: $0) }
        #expect(failure == UTF8Validation.Failure(offset: offset, line: line, column: column))
    }

    /// The fast paths find what the standard library's validation finds, on random mixes of
    /// ASCII, Vietnamese letters and bytes of every kind.
    @Test func agreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("a".utf8), Array("ệ".utf8), Array("à".utf8), Array(" ".utf8), Array("👍".utf8), Array("\u{0301}".utf8)]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                if Int.random(in: 0..<8, using: &generator) == 0 { bytes.append(UInt8.random(in: 0x80...0xFF, using: &generator)) }
                else { bytes += pieces.randomElement(using: &generator)! }
            }
            let ours = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
            #expect((ours == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            if let ours {
                // Valid up to the offset, and no valid sequence starts there.
                #expect(String(validating: bytes[..<ours], as: UTF8.self) != nil, "\(bytes)")
            }
        }
    }

    @Test("same bytes, not canonical equivalence", arguments: [
        ("việt", "việt", true), ("việt", "viet", false), ("cá", "cà", false), ("", "", true),
        ("e\u{0301}", "é", false),  // canonically equivalent, other bytes
        ("a\u{0323}\u{0302}", "a\u{0302}\u{0323}", false),  // equivalent, same length, marks in another order
        (String(repeating: "đường ", count: 8), String(repeating: "đường ", count: 8), true),  // not small strings
    ])
    func sameBytes(a: String, b: String, expected: Bool) {
        #expect(a.hasSameBytes(as: b) == expected)
        #expect(Array(a.utf8).withUnsafeBufferPointer { x in Array(b.utf8).withUnsafeBufferPointer { x.hasSameBytes(as: $0) } } == expected)
    }

    @Test func validTextPasses() {
        let text = Array("Việt Nam 👍 — số 12/2023, long ASCII run to cross the 8-byte fast path.".utf8)
        #expect(text.withUnsafeBufferPointer { UTF8Validation.firstInvalid(in: $0) } == nil)
    }

    @Test func lossyReplacementCounts() {
        var output: [UInt8] = []
        let count = [0x61, 0xFF, 0x62, 0xE1, 0xBB].withUnsafeBufferPointer { UTF8Validation.repairLossy($0, into: &output) }
        #expect(count == 2)
        #expect(String(decoding: output, as: UTF8.self) == "a\u{FFFD}b\u{FFFD}")
    }
}
