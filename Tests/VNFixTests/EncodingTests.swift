import Foundation
import Testing
@testable import VNFix

/// A sample line and its bytes as an independent encoder wrote them.
struct EncodingFixture: CustomTestStringConvertible, Sendable {
    var charset: Charset
    var text: String
    var bytes: [UInt8]
    var testDescription: String { "\(charset.name): \(text.prefix(24))" }

    init(_ entry: (Charset, String, [UInt8])) {
        (charset, text, bytes) = entry
    }
}

enum Fixtures {
    /// Generated with glibc `iconv -f UTF-8 -t CP1258|TCVN|VISCII` and Python's `cp1258` codec;
    /// VNI from the README of the npm package vietnamese-conversion and xvnkb's vni.h; VIQR by hand
    /// after RFC 1456. (TCVN lines hold no uppercase toned vowel: glibc writes VN1 capitals there.)
    static let legacy: [EncodingFixture] = [
        // iconv -t CP1258: Việt Nam
        (.cp1258, "Việt Nam", [0x56, 0x69, 0xEA, 0xF2, 0x74, 0x20, 0x4E, 0x61, 0x6D]),
        // iconv -t CP1258: Bạn gặp một người
        (.cp1258, "Bạn gặp một người", [0x42, 0x61, 0xF2, 0x6E, 0x20, 0x67, 0xE3, 0xF2, 0x70, 0x20, 0x6D, 0xF4, 0xF2, 0x74, 0x20, 0x6E, 0x67, 0xFD, 0xF5, 0xCC, 0x69]),
        // iconv -t CP1258: Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:
        (.cp1258, "Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:", [0x54, 0x68, 0xFD, 0xF2, 0x63, 0x20, 0x68, 0x69, 0xEA, 0xF2, 0x6E, 0x20, 0x67, 0x69, 0x61, 0x6F, 0x20, 0xFD, 0xF5, 0xEC, 0x63, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x6E, 0xE3, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x2C, 0x20, 0x56, 0xE3, 0x6E, 0x20, 0x70, 0x68, 0x6F, 0xCC, 0x6E, 0x67, 0x20, 0xD0, 0x6F, 0xE0, 0x6E, 0x20, 0xD0, 0x42, 0x51, 0x48, 0x20, 0x76, 0xE0, 0x20, 0x48, 0xD0, 0x4E, 0x44, 0x20, 0x54, 0x69, 0xD2, 0x6E, 0x68, 0x20, 0x62, 0xE1, 0x6F, 0x20, 0x63, 0xE1, 0x6F, 0x20, 0x68, 0x6F, 0x61, 0xF2, 0x74, 0x20, 0xF0, 0xF4, 0xF2, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x63, 0xF5, 0x20, 0x71, 0x75, 0x61, 0x6E, 0x20, 0x6E, 0xE3, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x20, 0x76, 0xE0, 0x20, 0x70, 0x68, 0xFD, 0xF5, 0x6E, 0x67, 0x20, 0x68, 0xFD, 0xF5, 0xEC, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x6E, 0xE3, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x31, 0x20, 0x6E, 0x68, 0xFD, 0x20, 0x73, 0x61, 0x75, 0x3A]),
        // iconv -t CP1258: I. HOẠT ĐỘNG THI ĐUA CƠ QUAN NĂM 2020
        (.cp1258, "I. HOẠT ĐỘNG THI ĐUA CƠ QUAN NĂM 2020", [0x49, 0x2E, 0x20, 0x48, 0x4F, 0x41, 0xF2, 0x54, 0x20, 0xD0, 0xD4, 0xF2, 0x4E, 0x47, 0x20, 0x54, 0x48, 0x49, 0x20, 0xD0, 0x55, 0x41, 0x20, 0x43, 0xD5, 0x20, 0x51, 0x55, 0x41, 0x4E, 0x20, 0x4E, 0xC3, 0x4D, 0x20, 0x32, 0x30, 0x32, 0x30]),
        // iconv -t TCVN: Việt Nam
        (.tcvn3, "Việt Nam", [0x56, 0x69, 0xD6, 0x74, 0x20, 0x4E, 0x61, 0x6D]),
        // iconv -t TCVN: Bạn gặp một người
        (.tcvn3, "Bạn gặp một người", [0x42, 0xB9, 0x6E, 0x20, 0x67, 0xC6, 0x70, 0x20, 0x6D, 0xE9, 0x74, 0x20, 0x6E, 0x67, 0xAD, 0xEA, 0x69]),
        // iconv -t TCVN: Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:
        (.tcvn3, "Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:", [0x54, 0x68, 0xF9, 0x63, 0x20, 0x68, 0x69, 0xD6, 0x6E, 0x20, 0x67, 0x69, 0x61, 0x6F, 0x20, 0xAD, 0xED, 0x63, 0x20, 0x74, 0x68, 0x69, 0x20, 0xAE, 0x75, 0x61, 0x20, 0x6E, 0xA8, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x2C, 0x20, 0x56, 0xA8, 0x6E, 0x20, 0x70, 0x68, 0xDF, 0x6E, 0x67, 0x20, 0xA7, 0x6F, 0xB5, 0x6E, 0x20, 0xA7, 0x42, 0x51, 0x48, 0x20, 0x76, 0xB5, 0x20, 0x48, 0xA7, 0x4E, 0x44, 0x20, 0x54, 0xD8, 0x6E, 0x68, 0x20, 0x62, 0xB8, 0x6F, 0x20, 0x63, 0xB8, 0x6F, 0x20, 0x68, 0x6F, 0xB9, 0x74, 0x20, 0xAE, 0xE9, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xAE, 0x75, 0x61, 0x20, 0x63, 0xAC, 0x20, 0x71, 0x75, 0x61, 0x6E, 0x20, 0x6E, 0xA8, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x20, 0x76, 0xB5, 0x20, 0x70, 0x68, 0xAD, 0xAC, 0x6E, 0x67, 0x20, 0x68, 0xAD, 0xED, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xAE, 0x75, 0x61, 0x20, 0x6E, 0xA8, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x31, 0x20, 0x6E, 0x68, 0xAD, 0x20, 0x73, 0x61, 0x75, 0x3A]),
        // iconv -t VISCII: Việt Nam
        (.viscii, "Việt Nam", [0x56, 0x69, 0xAE, 0x74, 0x20, 0x4E, 0x61, 0x6D]),
        // iconv -t VISCII: Bạn gặp một người
        (.viscii, "Bạn gặp một người", [0x42, 0xD5, 0x6E, 0x20, 0x67, 0xA3, 0x70, 0x20, 0x6D, 0xB5, 0x74, 0x20, 0x6E, 0x67, 0xDF, 0xB6, 0x69]),
        // iconv -t VISCII: Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:
        (.viscii, "Thực hiện giao ước thi đua năm 2020, Văn phòng Đoàn ĐBQH và HĐND Tỉnh báo cáo hoạt động thi đua cơ quan năm 2020 và phương hướng thi đua năm 2021 như sau:", [0x54, 0x68, 0xF1, 0x63, 0x20, 0x68, 0x69, 0xAE, 0x6E, 0x20, 0x67, 0x69, 0x61, 0x6F, 0x20, 0xDF, 0xBE, 0x63, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x6E, 0xE5, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x2C, 0x20, 0x56, 0xE5, 0x6E, 0x20, 0x70, 0x68, 0xF2, 0x6E, 0x67, 0x20, 0xD0, 0x6F, 0xE0, 0x6E, 0x20, 0xD0, 0x42, 0x51, 0x48, 0x20, 0x76, 0xE0, 0x20, 0x48, 0xD0, 0x4E, 0x44, 0x20, 0x54, 0xEF, 0x6E, 0x68, 0x20, 0x62, 0xE1, 0x6F, 0x20, 0x63, 0xE1, 0x6F, 0x20, 0x68, 0x6F, 0xD5, 0x74, 0x20, 0xF0, 0xB5, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x63, 0xBD, 0x20, 0x71, 0x75, 0x61, 0x6E, 0x20, 0x6E, 0xE5, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x30, 0x20, 0x76, 0xE0, 0x20, 0x70, 0x68, 0xDF, 0xBD, 0x6E, 0x67, 0x20, 0x68, 0xDF, 0xBE, 0x6E, 0x67, 0x20, 0x74, 0x68, 0x69, 0x20, 0xF0, 0x75, 0x61, 0x20, 0x6E, 0xE5, 0x6D, 0x20, 0x32, 0x30, 0x32, 0x31, 0x20, 0x6E, 0x68, 0xDF, 0x20, 0x73, 0x61, 0x75, 0x3A]),
        // iconv -t VISCII: I. HOẠT ĐỘNG THI ĐUA CƠ QUAN NĂM 2020
        (.viscii, "I. HOẠT ĐỘNG THI ĐUA CƠ QUAN NĂM 2020", [0x49, 0x2E, 0x20, 0x48, 0x4F, 0x80, 0x54, 0x20, 0xD0, 0x93, 0x4E, 0x47, 0x20, 0x54, 0x48, 0x49, 0x20, 0xD0, 0x55, 0x41, 0x20, 0x43, 0xB4, 0x20, 0x51, 0x55, 0x41, 0x4E, 0x20, 0x4E, 0xC5, 0x4D, 0x20, 0x32, 0x30, 0x32, 0x30]),
        (.cp1258, "BÁO CÁO", [0x42, 0xC1, 0x4F, 0x20, 0x43, 0xC1, 0x4F]),  // Python cp1258 codec
        (.cp1258, "Cà Mau, Sóc Trăng", [0x43, 0xE0, 0x20, 0x4D, 0x61, 0x75, 0x2C, 0x20, 0x53, 0xF3, 0x63, 0x20, 0x54, 0x72, 0xE3, 0x6E, 0x67]),  // Python cp1258 codec
        // vietnamese-conversion README: "Xin chào các bạn" → "Xin chaøo caùc baïn" in VNI.
        (.vni, "Xin chào các bạn", [0x58, 0x69, 0x6E, 0x20, 0x63, 0x68, 0x61, 0xF8, 0x6F, 0x20, 0x63, 0x61, 0xF9, 0x63, 0x20, 0x62, 0x61, 0xEF, 0x6E]),
        // xvnkb vni.h: Ơ row "Ô","ÔÙ","ÔØ","ÔÛ","ÔÕ","ÔÏ" and its lowercase: 0xF4 is ơ and the base of ớ…ợ.
        (.vni, "Ớ Ờ Ở Ỡ Ợ Ơ ớ ờ ở ỡ ợ ơ", [0xD4, 0xD9, 0x20, 0xD4, 0xD8, 0x20, 0xD4, 0xDB, 0x20, 0xD4, 0xD5, 0x20, 0xD4, 0xCF, 0x20, 0xD4, 0x20, 0xF4, 0xF9, 0x20, 0xF4, 0xF8, 0x20, 0xF4, 0xFB, 0x20, 0xF4, 0xF5, 0x20, 0xF4, 0xEF, 0x20, 0xF4]),
    ].map(EncodingFixture.init)

    /// VIQR by hand, after RFC 1456 (marks after the letter, modifier before tone, DD for Đ).
    static let viqr: [(String, String)] = [
        ("Vie^.t Nam", "Việt Nam"),
        ("Ba.n ga(.p mo^.t ngu+o+`i", "Bạn gặp một người"),
        ("DDa`i Loan, ddi.a chi?", "Đài Loan, địa chỉ"),
        ("Thu+.c hie^.n giao u+o+'c thi ddua na(m 2020", "Thực hiện giao ước thi đua năm 2020"),
        ("xong.", "xong."),  // g takes no tone: the full stop stays
        ("Vie^.t.", "Việt."),  // ệ already has a tone
        ("Anh ddi chu+a\\?", "Anh đi chưa?"),  // escaped: a literal question mark
        ("chu+a?", "chưả"),  // the RFC's ambiguity: unescaped, it is a tone
        ("a\\^b 1+1=2 (x) 'q'", "a^b 1+1=2 (x) 'q'"),
        ("TIE^'NG VIE^.T", "TIẾNG VIỆT"),
        ("o+\\dd", "ơdd"),
    ]
}

@Suite("Encodings")
struct EncodingTests {
    /// Every Vietnamese letter outside ASCII (toned and modified vowels in both cases, Đ đ), plus the ASCII vowels.
    static let letters: [Unicode.Scalar] = VietnameseLetter.generatedTable.map { Unicode.Scalar($0.scalar)! }
        + "aeiouyAEIOUY".unicodeScalars

    static let legacy: [Charset] = [.cp1258, .viqr, .vni, .tcvn3, .viscii, .vps, .ncr]

    @Test("the letter list is complete")
    func letterCount() {
        #expect(Self.letters.count == 134 + 12)
    }

    @Test("every letter round-trips alone and inside a word", arguments: Charset.allCases)
    func letterRoundTrip(charset: Charset) throws {
        let unencodable = Set(charset.unencodableLetters)
        for letter in Self.letters where !unencodable.contains(letter) {
            for text in [String(letter), "x\(letter)n", "\(letter)\(letter)."] {
                let bytes = try charset.encode(text)
                #expect(try charset.decode(bytes) == text, "\(charset.name): \(text) → \(bytes)")
            }
        }
        let all = Self.letters.filter { !unencodable.contains($0) }.map { String($0) }.joined(separator: " ")
        #expect(try charset.decode(charset.encode(all)) == all)
    }

    @Test("lossy sets are exactly the documented ones")
    func lossySets() throws {
        let uppercaseToned = VietnameseLetter.generatedTable.filter { $0.uppercase && $0.tone != 0 }.map { Unicode.Scalar($0.scalar)! }
        #expect(uppercaseToned.count == 60)
        #expect(Charset.tcvn3.unencodableLetters == uppercaseToned)
        #expect(Charset.vps.unencodableLetters.map { String($0) }.joined() == "ẠẶẪẬẸỆỊỌỘỢỤỮỰỴ")
        for charset in Charset.allCases where charset != .tcvn3 && charset != .vps {
            #expect(charset.unencodableLetters.isEmpty, "\(charset.name)")
        }
    }

    @Test("TCVN3 and VPS: uppercase toned vowels throw, or with lossy fall back to lowercase",
          arguments: [Charset.tcvn3, .vps])
    func uppercaseFallback(charset: Charset) throws {
        for letter in charset.unencodableLetters {
            #expect(throws: VNFixError.unencodableCharacter(charset: charset.name, scalar: letter.value, offset: 1, line: 1)) {
                try charset.encode("x\(letter)")
            }
            var replacements = 0
            let bytes = try charset.encode("\(letter)", lossy: true, replacements: &replacements)
            #expect(replacements == 1)
            #expect(try charset.decode(bytes) == String(letter).lowercased())
        }
    }

    @Test("decoding matches independent encoders", arguments: Fixtures.legacy)
    func fixtureDecodes(fixture: EncodingFixture) throws {
        #expect(try fixture.charset.decode(fixture.bytes) == fixture.text)
    }

    @Test("encoding matches independent encoders", arguments: Fixtures.legacy)
    func fixtureEncodes(fixture: EncodingFixture) throws {
        #expect(try fixture.charset.encode(fixture.text) == fixture.bytes)
    }

    @Test("VIQR reads RFC 1456 text and writes it back", arguments: Fixtures.viqr)
    func viqr(source: String, expected: String) throws {
        #expect(try Charset.viqr.decode(Array(source.utf8)) == expected)
        #expect(try Charset.viqr.decode(Charset.viqr.encode(expected)) == expected)
    }

    @Test("VIQR escapes literal marks that would attach", arguments: [
        ("chưa?", "chu+a\\?"), ("xong.", "xong."), ("C:\\dir", "C:\\\\dir"), ("add", "a\\dd"), ("Việt.", "Vie^.t."),
    ])
    func viqrEscapes(text: String, expected: String) throws {
        #expect(try Charset.viqr.encode(text) == Array(expected.utf8))
    }

    @Test("NCR", arguments: [
        ("Vi&#7879;t &#x1EBF; &#X1ebf;", "Việt ế ế"),
        ("&amp; &#; &#xZZ; &#55296; AT&T", "&amp; &#; &#xZZ; &#55296; AT&T"),
    ])
    func ncrDecodes(source: String, expected: String) throws {
        #expect(try Charset.ncr.decode(Array(source.utf8)) == expected)
    }

    @Test("NCR writes decimal references and protects a literal &#")
    func ncrEncodes() throws {
        #expect(try Charset.ncr.encode("Việt &#1;") == Array("Vi&#7879;t &#38;#1;".utf8))
        #expect(try Charset.ncr.decode(Charset.ncr.encode("Việt &#1;")) == "Việt &#1;")
    }

    @Test("CP1258 composes tone bytes in any position; NFD input encodes like NFC")
    func cp1258Composition() throws {
        // ê + dot below byte: canonical NFD would put the dot first; the normalizer handles both.
        #expect(try Charset.cp1258.decode([0x56, 0x69, 0xEA, 0xF2, 0x74]) == "Việt")
        #expect(try Charset.cp1258.encode("Vie\u{0323}\u{0302}t") == [0x56, 0x69, 0xEA, 0xF2, 0x74])
        #expect(try Charset.utf8NFD.encode("Việt") == Array("Vie\u{0323}\u{0302}t".utf8))
    }

    @Test("VNI reads longest match first and accepts marks of the other height")
    func vniGreedy() throws {
        #expect(try Charset.vni.decode([0xF4, 0xF9]) == "ớ")
        #expect(try Charset.vni.decode([0xF4]) == "ơ")
        #expect(try Charset.vni.decode([0x41, 0xF9, 0x61, 0xD9]) == "Áá")
        #expect(try Charset.vni.decode([0x93, 0x56, 0x69, 0x65, 0xE4, 0x74, 0x94]) == "\u{201C}Việt\u{201D}")
    }

    @Test("unmapped bytes are reported with offset and line", arguments: [
        (Charset.cp1258, [0x41, 0x0A, 0x42, 0x81] as [UInt8], 0x81 as UInt8, 3, 2),
        (.tcvn3, [0x61, 0x0A, 0x0A, 0x62, 0x8D], 0x8D, 4, 3),
        (.vni, [0x61, 0x20, 0xF9], 0xF9, 2, 1),
        (.vni, [0x61, 0xF0], 0xF0, 1, 1),
        (.viqr, [0x61, 0xE1], 0xE1, 1, 1),
        (.cp1258, [0x61, 0x62, 0x90], 0x90, 2, 1),
    ])
    func unmappable(charset: Charset, bytes: [UInt8], byte: UInt8, offset: Int, line: Int) {
        #expect(throws: VNFixError.unmappableByte(charset: charset.name, byte: byte, offset: offset, line: line)) {
            try charset.decode(bytes)
        }
        var replacements = 0
        let text = try? charset.decode(bytes, lossy: true, replacements: &replacements)
        #expect(replacements == 1)
        #expect(text?.contains("\u{FFFD}") == true)
    }

    @Test("TCVN3 reads VN1 capitals (as glibc writes them) but never writes them")
    func tcvnVN1() throws {
        // glibc `iconv -t TCVN` writes Ằ as 0xAF and Ố as 0xFF; ABC-font text has no such bytes.
        #expect(try Charset.tcvn3.decode([0xAF, 0x20, 0xFF]) == "Ằ Ố")
        #expect(throws: VNFixError.self) { try Charset.tcvn3.encode("Ằ") }
        // 0x80-0x9F are the fonts' Windows-1252 curly quotes, not VN1 capitals.
        #expect(try Charset.tcvn3.decode([0x93, 0x56, 0x69, 0xD6, 0x74, 0x94]) == "\u{201C}Việt\u{201D}")
    }

    @Test("UTF-8 NFD output keeps line structure", arguments: ["", "\n", "Việt\nNam\n", "a\n\nb"])
    func nfdLines(text: String) throws {
        #expect(try Charset.utf8NFD.encode(text) == Array(text.decomposedStringWithCanonicalMapping.utf8))
    }

    @Test("VISCII and VPS give every byte a meaning")
    func totalCharsets() throws {
        for charset in [Charset.viscii, .vps] {
            #expect(try charset.decode(Array(0...255)).unicodeScalars.count >= 250)
        }
    }

    @Test("invalid UTF-8 keeps its own error")
    func invalidUTF8() {
        #expect(throws: VNFixError.invalidUTF8(offset: 1, line: 1, column: 1)) { try Charset.utf8.decode([0x61, 0xFF]) }
    }

    @Test("characters a charset lacks throw with their offset")
    func unencodable() {
        #expect(throws: VNFixError.unencodableCharacter(charset: "viscii", scalar: 0x4E2D, offset: 7, line: 2)) {
            try Charset.viscii.encode("Việt\n中")
        }
        #expect(throws: VNFixError.unencodableCharacter(charset: "viqr", scalar: 0xFF, offset: 3, line: 1)) {
            try Charset.viqr.encode("\u{E9}t\u{FF}")
        }
    }

    @Test("names and aliases", arguments: [
        ("UTF-8", Charset.utf8), ("utf8", .utf8), ("Windows-1258", .cp1258), ("cp1258", .cp1258), ("VNI-Win", .vni),
        ("vni", .vni), ("TCVN3", .tcvn3), ("ABC", .tcvn3), ("VISCII", .viscii), ("vps", .vps), ("VIQR", .viqr),
        ("ncr", .ncr), ("utf-8-nfd", .utf8NFD),
    ])
    func names(name: String, charset: Charset) throws {
        #expect(try Charset(name: name) == charset)
    }

    @Test("unknown names throw unknownCharset")
    func unknownName() {
        #expect(throws: VNFixError.unknownCharset("latin-9")) { try Charset(name: "latin-9") }
    }

    /// Lines too short to decide: "Cà Mau, Sóc Trăng" in cp1258 is "Cà Mau, Sóc Trãng" in VISCII,
    /// equally well-formed syllables (only a lexicon could tell), so it is left out below.
    static let ambiguous: Set<String> = ["Cà Mau, Sóc Trăng"]

    @Test("auto-detection picks the charset of each fixture",
          arguments: Fixtures.legacy.filter { $0.text.count > 12 && !ambiguous.contains($0.text) })
    func detection(fixture: EncodingFixture) {
        #expect(CharsetDetector.detect(fixture.bytes).charset == fixture.charset)
    }

    @Test("a short line can be ambiguous between charsets")
    func detectionAmbiguity() throws {
        let bytes = try Charset.cp1258.encode("Cà Mau, Sóc Trăng")
        #expect(CharsetDetector.plausibility(of: bytes, as: .cp1258) == CharsetDetector.plausibility(of: bytes, as: .viscii))
        #expect(try Charset.viscii.decode(bytes) == "Cà Mau, Sóc Trãng")
    }

    @Test("auto-detection on a longer text in every charset", arguments: [Charset.cp1258, .vni, .tcvn3, .viscii, .vps, .viqr, .ncr, .utf8])
    func detectionLong(charset: Charset) throws {
        let text = Fixtures.legacy.filter { $0.charset == .cp1258 }.map(\.text).joined(separator: "\n").lowercased()
        let bytes = try charset.encode(text)
        let detected = CharsetDetector.detect(bytes)
        #expect(detected.charset == charset)
        #expect(detected.confidence > 0.5)
    }

    @Test("damaged UTF-8 stays UTF-8")
    func damagedUTF8() {
        var bytes = Array(String(repeating: "Việt Nam ", count: 20).utf8)
        bytes[5] = 0xFF
        #expect(CharsetDetector.detect(bytes).charset == .utf8)
    }

    @Test("a long ASCII header does not hide the legacy text after it")
    func asciiHeader() throws {
        let header = Array(String(repeating: "Header line, plain ASCII.\n", count: 4000).utf8)
        let body = try Charset.vni.encode(Fixtures.legacy.filter { $0.charset == .cp1258 }.map(\.text).joined(separator: "\n").lowercased())
        #expect(CharsetDetector.detect(header + body).charset == .vni)
    }

    @Test("pure ASCII English is UTF-8")
    func asciiIsUTF8() {
        #expect(CharsetDetector.detect(Array("Hello, world. This is a test (of ASCII) text; isn't it?".utf8)).charset == .utf8)
    }
}

/// End to end: the built `vnfix` binary (SwiftPM builds it next to the test bundle).
@Suite("CLI encodings")
struct CLIEncodingTests {
    static let binary: URL? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("vnfix")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    struct Run {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    func run(_ arguments: [String], input bytes: [UInt8]) throws -> Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-enc-\(UUID().uuidString).txt")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["normalize"] + arguments + [file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: [UInt8](stdout), stderr: String(decoding: stderr, as: UTF8.self).replacingOccurrences(of: file.path, with: "FILE"))
    }

    @Test("normalize --from tcvn3, auto, --to", .enabled(if: binary != nil))
    func conversions() throws {
        let fixture = Fixtures.legacy.first { $0.charset == .tcvn3 && $0.text.hasPrefix("Thực") }!
        let explicit = try run(["--from", "tcvn3"], input: fixture.bytes)
        #expect(explicit.status == 0)
        #expect(explicit.stdout == Array(fixture.text.utf8))
        let auto = try run([], input: fixture.bytes)
        #expect(auto.stdout == Array(fixture.text.utf8))
        #expect(auto.stderr.contains("detected tcvn3"))
        let back = try run(["--to", "tcvn3"], input: Array(fixture.text.utf8))
        #expect(back.stdout == fixture.bytes)
    }

    @Test("NFC UTF-8 comes out byte for byte", .enabled(if: binary != nil))
    func identity() throws {
        let text = Array("Việt Nam — “Bạn gặp một người”\n".utf8)
        #expect(try run([], input: text).stdout == text)
    }

    @Test("errors: unknown charset is 64, an unmapped byte 65 with file and offset", .enabled(if: binary != nil))
    func errors() throws {
        let unknown = try run(["--from", "ebcdic"], input: [0x41])
        #expect(unknown.status == 64)
        let bad = try run(["--from", "cp1258"], input: [0x41, 0x0A, 0x42, 0x90])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("FILE: byte 0x90 at offset 3 (line 2)"))
        let unencodable = try run(["--to", "tcvn3"], input: Array("Á".utf8))
        #expect(unencodable.status == 65)
        let binary = try run([], input: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        #expect(binary.status == 65)
        #expect(binary.stderr.contains("no known Vietnamese charset fits"))
    }
}
