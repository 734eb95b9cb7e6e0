/// UTF-8 validation at the boundary: everything after it works on bytes it may trust.
public enum UTF8Validation {
    /// The scalar starting at `i` in valid UTF-8, and its length in bytes (no checks: the caller
    /// has validated the bytes).
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    /// Where invalid UTF-8 starts: byte offset, 1-based line and the byte offset within that line.
    public struct Failure: Sendable, Equatable {
        public var offset: Int
        public var line: Int
        public var column: Int
    }

    /// The first invalid sequence in `bytes` (overlong forms, surrogates, values above U+10FFFF and
    /// truncated sequences are all invalid), or nil for valid UTF-8.
    public static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Failure? {
        firstInvalidOffset(in: bytes).map { failure(at: $0, in: bytes) }
    }

    /// Byte offset of the first invalid sequence, or nil for valid UTF-8.
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            // Fast path: 8 ASCII bytes at a time.
            if i + 8 <= n {
                let high = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                // Straight to the first non-ASCII byte (read little-endian, the lowest set bit is the first byte's).
                i += high.trailingZeroBitCount >> 3
            }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            // Vietnamese letters and combining marks are two bytes (C3–C6, CC–CD) or three (E1 BA/BB):
            // those take the short way.
            if b0 >= 0xC2, b0 <= 0xDF, i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 { i += 2; continue }
            if b0 >= 0xE1, b0 <= 0xEC, i + 2 < n, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 { i += 3; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = bytes[i + 1]
            guard b1 >= lower, b1 <= upper else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Line and column of a byte offset (for the message about invalid bytes found elsewhere).
    public static func failure(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Failure {
        var line = 1, lineStart = 0
        for k in 0..<offset where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        return Failure(offset: offset, line: line, column: offset - lineStart)
    }

    /// Replaces each invalid sequence by U+FFFD (maximal subparts, as the Unicode standard
    /// recommends) and returns the number of replacements.
    public static func repairLossy(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Int {
        var replaced = 0
        var start = 0
        while start < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            guard let bad = firstInvalidOffset(in: rest) else {
                output.append(contentsOf: rest)
                break
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: rest[0..<bad]))
            output.append(contentsOf: [0xEF, 0xBF, 0xBD])
            replaced += 1
            // Skip the lead byte and any continuation bytes that belong to the broken sequence.
            var skip = bad + 1
            while skip < rest.count, skip < bad + 4, rest[skip] & 0xC0 == 0x80 { skip += 1 }
            start += skip
        }
        return replaced
    }
}
