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
    ] as [([UInt8], Int, Int, Int)])
    func invalid(bytes: [UInt8], offset: Int, line: Int, column: Int) {
        let failure = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid(in: $0) }
        #expect(failure == UTF8Validation.Failure(offset: offset, line: line, column: column))
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
