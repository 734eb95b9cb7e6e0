/// Numeric character references, as HTML and XML write characters outside ASCII:
/// `&#7879;` (decimal) or `&#x1EC7;` (hex) for `ệ`.
///
/// Reading turns every well-formed reference to a valid scalar into that character and leaves
/// anything else (named entities, `&#` without `;`, surrogates) as it is; other bytes must be
/// UTF-8. Writing keeps ASCII and writes everything else as a decimal reference; an `&` that
/// would start a reference is written `&#38;` so the text reads back the same.
enum NCR {
    static func decode(_ input: UnsafeBufferPointer<UInt8>, lossy: Bool, into output: inout [UInt8]) throws(VNFixError) -> Int {
        var replaced = 0
        if lossy {
            var repaired: [UInt8] = []
            replaced = UTF8Validation.repairLossy(input, into: &repaired)
            if replaced > 0 {
                repaired.withUnsafeBufferPointer { expand($0, into: &output) }
                return replaced
            }
        } else if let bad = UTF8Validation.firstInvalid(in: input) {
            throw .invalidUTF8(offset: bad.offset, line: bad.line, column: bad.column)
        }
        expand(input, into: &output)
        return replaced
    }

    static func expand(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + input.count)
        let n = input.count
        var i = 0
        while i < n {
            if input[i] == UInt8(ascii: "&"), i + 3 < n, input[i + 1] == UInt8(ascii: "#"),
               let (scalar, length) = reference(input, at: i) {
                output.appendUTF8(scalar)
                i += length
                continue
            }
            output.append(input[i])
            i += 1
        }
    }

    /// The scalar and byte length of the reference at `start` (which holds `&#`), if well formed.
    static func reference(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32, Int)? {
        var i = start + 2
        var radix: UInt32 = 10
        if input[i] == UInt8(ascii: "x") || input[i] == UInt8(ascii: "X") { radix = 16; i += 1 }
        var value: UInt32 = 0
        var digits = 0
        while i < input.count, digits <= 8 {
            let b = input[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt32(b - 0x41 + 10)
            default: digit = UInt32.max
            }
            if digit == UInt32.max { break }
            value = value * radix + digit
            digits += 1
            i += 1
        }
        guard digits > 0, digits <= 8, i < input.count, input[i] == UInt8(ascii: ";"),
              let scalar = Unicode.Scalar(value), value != 0 else { return nil }
        return (scalar.value, i + 1 - start)
    }

    static func encode(_ scalars: [Unicode.Scalar], into output: inout [UInt8]) {
        for (index, scalar) in scalars.enumerated() {
            if scalar.value < 0x80 {
                if scalar == "&", index + 1 < scalars.count, scalars[index + 1] == "#" {
                    output.append(contentsOf: Array("&#38;".utf8))
                } else {
                    output.append(UInt8(truncatingIfNeeded: scalar.value))
                }
            } else {
                output.append(contentsOf: Array("&#\(scalar.value);".utf8))
            }
        }
    }
}
