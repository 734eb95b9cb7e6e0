/// Splits a line into whitespace-separated tokens and each token into leading punctuation,
/// a core that may be repaired, and trailing punctuation. Works on UTF-8 bytes; ASCII bytes never
/// occur inside multi-byte letters, so splitting on ASCII is safe.
struct LineToken {
    /// Byte range of the whole token (no whitespace) and of its core, in the line.
    var token: Range<Int>
    var core: Range<Int>
    /// The core ends a sentence (followed by `. ! ? ; :`).
    var endsSentence: Bool
    /// End of the core with the mark that English-model OCR leaves of a horn or hook after an
    /// ASCII letter (`ct?` cử, `sy’` sự, `thu'` thư), which edge trimming cut off; `core.upperBound`
    /// when there is none. Whether the mark is a letter's or real punctuation is the decoder's call.
    var markEnd: Int
    /// Whether what follows the mark ends a sentence (when the mark is read as part of the word).
    var endsSentenceAfterMark: Bool

    init(token: Range<Int>, core: Range<Int>, endsSentence: Bool, markEnd: Int? = nil, endsSentenceAfterMark: Bool? = nil) {
        self.token = token
        self.core = core
        self.endsSentence = endsSentence
        self.markEnd = markEnd ?? core.upperBound
        self.endsSentenceAfterMark = endsSentenceAfterMark ?? endsSentence
    }

    /// The core with its trailing OCR mark, if any.
    var coreWithMark: Range<Int> { core.lowerBound..<markEnd }
}

enum TokenScanner {
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0B || b == 0x0C }

    /// Byte length of a separator at `i`: ASCII whitespace (1), or a Unicode space or invisible
    /// format character that text from word processors and web pages puts between words (no-break
    /// and typographic spaces, zero-width space and joiners, direction marks and embeddings, line
    /// and paragraph separators, the byte-order mark); 0 for anything else. Without it, `Tong`
    /// after a byte-order mark or `ket` after a no-break space was no syllable and stayed as it was.
    /// (ASCII and bytes that start no such separator, letters' among them, are told inline; the
    /// rest asks `unicodeSeparatorLength`.)
    @inline(__always)
    static func separatorLength(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = line[i]
        if b < 0x80 { return isSpace(b) ? 1 : 0 }
        guard b == 0xC2 || b >= 0xE1 && b <= 0xE3 || b == 0xEF else { return 0 }
        return unicodeSeparatorLength(line, i)
    }

    /// `separatorLength` for a lead byte C2, E1–E3 or EF.
    @inline(never)
    static func unicodeSeparatorLength(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        switch line[i] {
        case 0xC2:  // U+00A0 no-break space
            return i + 1 < line.count && line[i + 1] == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680 ogham space, U+180E Mongolian vowel separator
            guard i + 2 < line.count else { return 0 }
            return line[i + 1] == 0x9A && line[i + 2] == 0x80 || line[i + 1] == 0xA0 && line[i + 2] == 0x8E ? 3 : 0
        case 0xE2:
            guard i + 2 < line.count else { return 0 }
            let c = line[i + 2]
            switch line[i + 1] {
            case 0x80:  // U+2000–200F spaces, zero-width space and joiners, marks; U+2028–202F separators, embeddings, narrow no-break space
                return c <= 0x8F || (0xA8...0xAF).contains(c) ? 3 : 0
            case 0x81:  // U+205F medium space, U+2060 word joiner, U+2061–2064 invisible operators, U+2066–206F isolates
                return (0x9F...0xA4).contains(c) || (0xA6...0xAF).contains(c) ? 3 : 0
            default:
                return 0
            }
        case 0xE3:  // U+3000 ideographic space
            return i + 2 < line.count && line[i + 1] == 0x80 && line[i + 2] == 0x80 ? 3 : 0
        case 0xEF:  // U+FEFF byte-order mark / zero-width no-break space
            return i + 2 < line.count && line[i + 1] == 0xBB && line[i + 2] == 0xBF ? 3 : 0
        default:
            return 0
        }
    }

    /// ASCII punctuation trimmed from token edges. `&` and `@` stay: OCR writes `s&` for `sở`.
    @inline(__always)
    static func isEdgePunctuation(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"),
             UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "-"),
             UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "_"),
             UInt8(ascii: "|"), UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "="), UInt8(ascii: "+"),
             UInt8(ascii: "%"), UInt8(ascii: "#"):
            true
        default:
            false
        }
    }

    /// Length of a multi-byte punctuation scalar at `i` (curly quotes, dashes, ellipsis, «»), or 0.
    @inline(__always)
    static func unicodePunctuationLength(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = line[i]
        if b == 0xE2, i + 2 < line.count, line[i + 1] == 0x80 {
            let c = line[i + 2]
            if (0x93...0x9F).contains(c) || c == 0xA6 { return 3 }  // – — ‘ ’ ‚ “ ” „ …
        }
        if b == 0xC2, i + 1 < line.count, line[i + 1] == 0xAB || line[i + 1] == 0xBB { return 2 }  // « »
        return 0
    }

    /// `limit`: stop once that many tokens are found (the decoder's lookahead needs only the first).
    static func tokens(in line: UnsafeBufferPointer<UInt8>, into tokens: inout [LineToken], limit: Int = .max) {
        tokens.removeAll(keepingCapacity: true)
        var i = 0
        let n = line.count
        while i < n, tokens.count < limit {
            while i < n {
                let separator = separatorLength(line, i)
                if separator == 0 { break }
                i += separator
            }
            guard i < n else { break }
            let start = i
            while i < n, separatorLength(line, i) == 0 { i += 1 }
            let end = i
            var coreStart = start, coreEnd = end
            while coreStart < coreEnd {
                if isEdgePunctuation(line[coreStart]) { coreStart += 1; continue }
                let u = unicodePunctuationLength(line, coreStart)
                if u > 0 { coreStart += u; continue }
                break
            }
            var endsSentence = false
            while coreEnd > coreStart {
                let b = line[coreEnd - 1]
                if isEdgePunctuation(b) {
                    if isSentenceEnd(b) { endsSentence = true }
                    coreEnd -= 1
                    continue
                }
                // Multi-byte punctuation at the end: step back over a 2- or 3-byte scalar.
                if coreEnd - coreStart >= 3, unicodePunctuationLength(line, coreEnd - 3) == 3 { coreEnd -= 3; continue }
                if coreEnd - coreStart >= 2, unicodePunctuationLength(line, coreEnd - 2) == 2 { coreEnd -= 2; continue }
                break
            }
            var markEnd = coreEnd, endsAfterMark = endsSentence
            // (Not when the token opens with a quote: `'thu'` is a quoted word.)
            if coreEnd < end, coreEnd > coreStart, isASCIILetter(line[coreEnd - 1]), !opensWithQuote(line, start..<coreStart) {
                let b = line[coreEnd]
                if b == UInt8(ascii: "?") || b == UInt8(ascii: "'") {
                    markEnd = coreEnd + 1
                } else if b == 0xE2, coreEnd + 2 < end, line[coreEnd + 1] == 0x80, line[coreEnd + 2] == 0x99 {  // ’
                    markEnd = coreEnd + 3
                }
                if markEnd > coreEnd { endsAfterMark = line[markEnd..<end].contains(where: isSentenceEnd) }
            }
            appendSplittingCompounds(line, token: start..<end, core: coreStart..<coreEnd, endsSentence: endsSentence, into: &tokens)
            if markEnd > coreEnd, let last = tokens.indices.last, tokens[last].core.upperBound == coreEnd {
                tokens[last].markEnd = markEnd
                tokens[last].endsSentenceAfterMark = endsAfterMark
            }
        }
    }

    /// A capitalised part of a code with digits (`TU` in `31-CT/TU`, `HU` in `05-NQ/HU`) that
    /// spells a syllable: it is an abbreviation (Tỉnh ủy, Huyện ủy), not the word `tu`, so the
    /// language model reads it as the number it stands beside (in training and in decoding alike).
    static func isCodeSyllable(_ line: UnsafeBufferPointer<UInt8>, _ token: LineToken) -> Bool {
        guard isCodePart(line, token), line[token.token].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let core = token.core
        let part = UnsafeBufferPointer(rebasing: line[core])
        guard CasePattern.of(part) == .upper, part.contains(where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) else { return false }
        return Syllable.isValid(VietnameseCase.lowercase(String(decoding: part, as: UTF8.self)))
    }

    /// Whether the core is joined to another part of its token by `-` or `/` (`CT` and `TU` in `04-CT/TU`).
    @inline(__always)
    static func isCodePart(_ line: UnsafeBufferPointer<UInt8>, _ token: LineToken) -> Bool {
        let core = token.core
        return core.lowerBound > token.token.lowerBound && isCodeSeparator(line[core.lowerBound - 1])
            || core.upperBound < token.token.upperBound && isCodeSeparator(line[core.upperBound])
    }

    /// Whether token `index` follows the previous token with only spaces between their words (no
    /// punctuation that ends one phrase and starts another: `Hà Nội, Hải Phòng`).
    static func joinsPreviousWord(_ tokens: [LineToken], _ index: Int) -> Bool {
        guard index > 0 else { return false }
        let previous = tokens[index - 1], current = tokens[index]
        return previous.token != current.token && previous.core.upperBound == previous.token.upperBound
            && current.core.lowerBound == current.token.lowerBound
    }

    @inline(__always)
    static func isCodeSeparator(_ b: UInt8) -> Bool { b == UInt8(ascii: "-") || b == UInt8(ascii: "/") }

    /// A `.` with two letters on each side (ASCII or not: bytes ≥ 0x80 are parts of letters here).
    static func isWordDot(_ line: UnsafeBufferPointer<UInt8>, _ i: Int, _ core: Range<Int>) -> Bool {
        @inline(__always) func isLetterByte(_ b: UInt8) -> Bool { b >= 0x80 || isASCIILetter(b) }
        guard i - 2 >= core.lowerBound, i + 2 < core.upperBound else { return false }
        return isLetterByte(line[i - 1]) && isLetterByte(line[i - 2]) && isLetterByte(line[i + 1]) && isLetterByte(line[i + 2])
    }

    /// Endings after a `.` that make a token a web address or a file name.
    static let domainsAndFileTypes: Set<String> = [
        "com", "net", "org", "vn", "gov", "edu", "info", "io", "int", "biz",
        "html", "htm", "php", "asp", "aspx", "txt", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods",
        "jpg", "jpeg", "png", "gif", "svg", "zip", "rar", "exe", "xml", "json", "csv", "md", "swift", "py", "js", "css", "sh",
    ]

    static func isDomainOrFileType(_ ending: UnsafeBufferPointer<UInt8>) -> Bool {
        guard ending.count <= 5, ending.allSatisfy(isASCIILetter) else { return false }
        return domainsAndFileTypes.contains(String(decoding: ending, as: UTF8.self).lowercased())
    }

    /// Whether the token at `index` stands where a capital is the rule, not a sign of the word: at
    /// the start of a sentence (the line's first token when the line starts one, or after a token
    /// that ends one), after a token without letters (`-`, `•`), or after an opening dash or bracket
    /// of its own (`-Viện`, `(Sở`). Training (`ChannelModel.capitalisation`) and decoding share it.
    static func startsSentence(_ tokens: [LineToken], _ index: Int, in line: UnsafeBufferPointer<UInt8>, lineStartsSentence: Bool) -> Bool {
        if index == 0 { if lineStartsSentence { return true } } else {
            let previous = tokens[index - 1]
            if previous.endsSentence || previous.core.isEmpty { return true }
        }
        let token = tokens[index]
        return line[token.token.lowerBound..<token.core.lowerBound].contains { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") }
    }

    /// Whether the leading punctuation of a token holds a single quote (`'` or `‘`).
    static func opensWithQuote(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where line[i] == UInt8(ascii: "'") || (line[i] == 0xE2 && i + 2 < range.upperBound && line[i + 1] == 0x80 && line[i + 2] == 0x98) {
            return true
        }
        return false
    }

    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    @inline(__always)
    static func isSentenceEnd(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: ";") || b == UInt8(ascii: ":")
    }

    /// `QD-UBND`, `KT/VP`: each part is its own core. URLs and e-mail addresses stay whole.
    /// A `.` between two words of letters (`dan.chu`, `Luat.Thi`: OCR's reading of a space) splits
    /// too, unless what follows the last `.` is a web domain or a file type (`vnexpress.net`, `index.html`).
    static func appendSplittingCompounds(_ line: UnsafeBufferPointer<UInt8>, token: Range<Int>, core: Range<Int>, endsSentence: Bool, into tokens: inout [LineToken]) {
        var hasSeparator = false, isAddress = false, hasInnerDot = false
        var lastDot = -1
        for i in core {
            let b = line[i]
            if isCodeSeparator(b) || b == 0xE2 && dashLength(line, i, before: core.upperBound) > 0 { hasSeparator = true }
            if b == UInt8(ascii: "@") || (b == UInt8(ascii: ":") && i + 2 < core.upperBound && line[i + 1] == UInt8(ascii: "/")) { isAddress = true }
            if b == UInt8(ascii: ".") {
                lastDot = i
                if isWordDot(line, i, core) { hasInnerDot = true }
            }
        }
        if hasInnerDot, lastDot >= 0, isDomainOrFileType(UnsafeBufferPointer(rebasing: line[(lastDot + 1)..<core.upperBound])) {
            hasInnerDot = false
            isAddress = true
        }
        guard hasSeparator || hasInnerDot, !isAddress else {
            tokens.append(LineToken(token: token, core: core, endsSentence: endsSentence))
            return
        }
        var partStart = core.lowerBound
        var i = core.lowerBound
        while i <= core.upperBound {
            let dash = i < core.upperBound ? dashLength(line, i, before: core.upperBound) : 0
            if i == core.upperBound || dash > 0 || isCodeSeparator(line[i]) || (hasInnerDot && line[i] == UInt8(ascii: ".") && isWordDot(line, i, core)) {
                if i > partStart {
                    tokens.append(LineToken(token: token, core: partStart..<i, endsSentence: i == core.upperBound && endsSentence))
                }
                partStart = i + max(dash, 1)
            }
            i += max(dash, 1)
        }
    }

    /// Length of a Unicode hyphen or dash at `i` (U+2010–2015: `‐ ‑ ‒ – — ―`) that ends before
    /// `end`, or 0. Between words without spaces (`kết—thực`) it separates them as `-` does.
    @inline(__always)
    static func dashLength(_ line: UnsafeBufferPointer<UInt8>, _ i: Int, before end: Int) -> Int {
        line[i] == 0xE2 && i + 2 < end && line[i + 1] == 0x80 && (0x90...0x95).contains(line[i + 2]) ? 3 : 0
    }
}

/// The capitalization of a token, re-applied to the repaired lowercase form.
enum CasePattern: Equatable {
    case lower, title, upper

    /// True when a capital consonant follows a small letter (`CoV`, `iPhone`, `McKinsey`):
    /// Vietnamese words are written small, Title or CAPITAL, so such a token is a name or a code.
    /// Capital vowels and `G` inside a small word are OCR's readings of marked vowels (`cOng` công,
    /// `vGi` với), not names.
    static func hasInnerCapital(_ core: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawLower = false
        for b in core where b < 0x80 {  // ASCII letters are enough: OCR'd names keep them
            if b >= 0x61, b <= 0x7A {
                sawLower = true
            } else if b >= 0x41, b <= 0x5A, sawLower, !isVowelLike(b) {
                return true
            }
        }
        return false
    }

    /// A E G I O U Y: capitals that English-model OCR writes for Vietnamese vowels.
    @inline(__always)
    static func isVowelLike(_ b: UInt8) -> Bool { (0x0110_4151 as UInt32) >> UInt32(b &- 0x41) & 1 != 0 }

    /// Reads the pattern of a core: all capitals (at least two letters, or most of them) → upper.
    static func of(_ core: UnsafeBufferPointer<UInt8>) -> CasePattern {
        var upper = 0, letters = 0
        var firstIsUpper = false
        var i = 0
        while i < core.count {
            let b0 = UInt32(core[i])
            var scalar = b0
            var length = 1
            if b0 >= 0xF0 { length = 4 } else if b0 >= 0xE0 { length = 3 } else if b0 >= 0xC0 { length = 2 }
            if length == 2, i + 1 < core.count { scalar = (b0 & 0x1F) << 6 | UInt32(core[i + 1] & 0x3F) }
            if length == 3, i + 2 < core.count { scalar = (b0 & 0x0F) << 12 | UInt32(core[i + 1] & 0x3F) << 6 | UInt32(core[i + 2] & 0x3F) }
            let packed = LetterTables.shared.packed(scalar)
            if packed != 0 {
                let isUpper = packed & 0x2000 != 0
                if letters == 0 { firstIsUpper = isUpper }
                letters += 1
                if isUpper { upper += 1 }
            } else if letters == 0, scalar == UInt32(UInt8(ascii: "P")) || scalar == UInt32(UInt8(ascii: "B")) {
                firstIsUpper = true
            }
            i += length
        }
        if letters >= 2, upper * 4 >= letters * 3 { return .upper }
        if letters == 1, upper == 1, core.count > 1 { return firstIsUpper ? .title : .lower }
        return firstIsUpper ? .title : .lower
    }

    /// Applies the pattern to lowercase NFC letters.
    func apply(_ lowercase: String) -> String {
        switch self {
        case .lower: return lowercase
        case .upper: return VietnameseCase.uppercase(lowercase)
        case .title:
            guard let first = lowercase.unicodeScalars.first else { return lowercase }
            return VietnameseCase.uppercase(String(first)) + String(lowercase.unicodeScalars.dropFirst())
        }
    }
}

/// Case mapping through the letter tables (no locale rules: `i` never becomes `İ`).
enum VietnameseCase {
    static func uppercase(_ text: String) -> String { map(text, toUppercase: true) }

    static func lowercase(_ text: String) -> String { map(text, toUppercase: false) }

    /// Vietnamese letters through the tables; other scalars are kept when uppercasing (OCR symbols
    /// such as `¥` must survive) and lowercased by Unicode when lowercasing.
    private static func map(_ text: String, toUppercase: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if var letter = VietnameseLetter(scalar) {
                letter.isUppercase = toUppercase
                scalars.append(letter.scalar ?? scalar)
            } else if toUppercase {
                scalars.append(scalar)
            } else {
                scalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(scalars)
    }
}
