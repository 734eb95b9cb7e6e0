/// VIQR, Vietnamese Quoted-Readable (RFC 1456): 7-bit ASCII where marks follow the letter.
///
/// Modifiers: `^` circumflex (â ê ô), `(` breve (ă), `+` horn (ơ ư); tones: `'` sắc, `` ` `` huyền,
/// `?` hỏi, `~` ngã, `.` nặng; `dd`/`DD`/`Dd` is đ/Đ. `Vie^.t Nam` is `Việt Nam`.
///
/// Reading follows the RFC: a mark counts only when it makes a legal letter with the letter just
/// before it (a tone needs a vowel without a tone, a modifier a base that takes it), so the `.` of
/// `xong.` or `Việt.` stays a full stop, and a mark after a non-letter is plain punctuation. `\`
/// before a mark character, `d`/`D` or `\` writes that character literally (`chu+a\?`).
///
/// The ambiguity the RFC leaves: `?` or `.` after an untoned final vowel (`chu+a?`, `ba.`) does
/// make a letter (`chưả`, `bạ`), so an unescaped question mark or full stop there is read as a
/// tone, as the RFC and UniKey read it. Writers must escape; our encoder always does, so every
/// string round-trips. We do not guess from context: `ba.` really is `bạ` in well-formed VIQR.
enum VIQR {
    @inline(__always)
    static func modifier(_ byte: UInt8) -> LetterModifier? {
        switch byte {
        case UInt8(ascii: "^"): .circumflex
        case UInt8(ascii: "("): .breve
        case UInt8(ascii: "+"): .horn
        default: nil
        }
    }

    @inline(__always)
    static func tone(_ byte: UInt8) -> Tone? {
        switch byte {
        case UInt8(ascii: "'"): .acute
        case UInt8(ascii: "`"): .grave
        case UInt8(ascii: "?"): .hook
        case UInt8(ascii: "~"): .tilde
        case UInt8(ascii: "."): .dot
        default: nil
        }
    }

    static func modifierByte(_ modifier: LetterModifier) -> UInt8? {
        switch modifier {
        case .circumflex: UInt8(ascii: "^")
        case .breve: UInt8(ascii: "(")
        case .horn: UInt8(ascii: "+")
        case .none, .stroke: nil
        }
    }

    static func toneByte(_ tone: Tone) -> UInt8? {
        switch tone {
        case .acute: UInt8(ascii: "'")
        case .grave: UInt8(ascii: "`")
        case .hook: UInt8(ascii: "?")
        case .tilde: UInt8(ascii: "~")
        case .dot: UInt8(ascii: ".")
        case .none: nil
        }
    }

    /// Characters a backslash makes literal.
    @inline(__always)
    static func isEscapable(_ byte: UInt8) -> Bool {
        modifier(byte) != nil || tone(byte) != nil || byte == UInt8(ascii: "\\") || byte | 0x20 == UInt8(ascii: "d")
    }

    /// The letter with `mark` applied, when the mark makes a legal letter of it.
    @inline(__always)
    static func applying(_ mark: UInt8, to letter: VietnameseLetter) -> VietnameseLetter? {
        if let modifier = modifier(mark), letter.modifier == .none {
            var candidate = letter
            candidate.modifier = modifier
            return candidate.scalar != nil ? candidate : nil
        }
        if let tone = tone(mark), letter.tone == .none, letter.isVowel {
            var candidate = letter
            candidate.tone = tone
            return candidate
        }
        return nil
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>, lossy: Bool, into output: inout [UInt8]) throws(VNFixError) -> Int {
        output.reserveCapacity(output.count + input.count)
        var replaced = 0
        let n = input.count
        var i = 0
        while i < n {
            let b = input[i]
            if b >= 0x80 {
                guard lossy else {
                    throw .unmappableByte(charset: Charset.viqr.name, byte: b, offset: i, line: ErrorPosition.line(in: input, at: i))
                }
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced += 1
                i += 1
                continue
            }
            if b == UInt8(ascii: "\\"), i + 1 < n, isEscapable(input[i + 1]) {
                output.append(input[i + 1])
                i += 2
                continue
            }
            let lower = b | 0x20
            guard lower &- 0x61 < 26 else {
                output.append(b)
                i += 1
                continue
            }
            let uppercase = b < 0x61
            if lower == UInt8(ascii: "d"), i + 1 < n, input[i + 1] | 0x20 == UInt8(ascii: "d"),
               !(b == UInt8(ascii: "d") && input[i + 1] == UInt8(ascii: "D")) {
                output.appendUTF8(uppercase ? 0x0110 : 0x0111)
                i += 2
                continue
            }
            var letter = VietnameseLetter(base: lower, isUppercase: uppercase)
            i += 1
            while i < n, let marked = applying(input[i], to: letter) {
                letter = marked
                i += 1
            }
            output.appendUTF8(letter.scalar!.value)
        }
        return replaced
    }

    static func encode(_ encoder: inout ScalarEncoder, into output: inout [UInt8]) throws(VNFixError) {
        let scalars = encoder.scalars
        // The letter a following mark character would attach to when read back, if any.
        var open: VietnameseLetter?
        for index in scalars.indices {
            let scalar = scalars[index]
            if let letter = VietnameseLetter(scalar) {
                if letter.modifier == .stroke {
                    output.append(contentsOf: letter.isUppercase ? [0x44, 0x44] : [0x64, 0x64])
                    open = nil
                    continue
                }
                let base = letter.isUppercase ? letter.base - 32 : letter.base
                if letter.modifier == .none, letter.tone == .none, letter.base == UInt8(ascii: "d"),
                   index + 1 < scalars.count, ["d", "D", "\u{0111}", "\u{0110}"].contains(scalars[index + 1]) {
                    // `d` before `d`/`đ` would read as đ: write it literally.
                    output.append(contentsOf: [UInt8(ascii: "\\"), base])
                    open = nil
                    continue
                }
                output.append(base)
                if let m = modifierByte(letter.modifier) { output.append(m) }
                if let t = toneByte(letter.tone) { output.append(t) }
                open = letter
                continue
            }
            var byte: UInt8
            if scalar.value < 0x80 {
                byte = UInt8(truncatingIfNeeded: scalar.value)
            } else if encoder.lossy {
                encoder.replacements += 1
                byte = UInt8(ascii: "?")
            } else {
                throw encoder.unencodable(at: index)
            }
            if let letter = open, applying(byte, to: letter) != nil {
                output.append(UInt8(ascii: "\\"))
            } else if byte == UInt8(ascii: "\\"), index + 1 < scalars.count, scalars[index + 1].value < 0x80,
                      isEscapable(UInt8(truncatingIfNeeded: scalars[index + 1].value)) {
                output.append(UInt8(ascii: "\\"))
            }
            output.append(byte)
            open = nil
        }
    }
}
