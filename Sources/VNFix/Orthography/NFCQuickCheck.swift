/// Answers "can this scalar change under NFC?" in O(1) for the BMP. Text whose scalars all
/// answer no is already NFC, which lets normalization copy it unchanged.
enum NFCQuickCheck {
    /// One bit per BMP scalar: set when the scalar is NFC-unsafe.
    static let bmpBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for range in unsafeRanges where range.lowerBound <= 0xFFFF {
            for scalar in range.lowerBound...min(range.upperBound, 0xFFFF) {
                bits[Int(scalar >> 6)] |= 1 << (scalar & 63)
            }
        }
        return bits
    }()

    @inline(__always)
    static func isUnsafe(_ scalar: UInt32) -> Bool {
        if scalar < 0x300 { return false }
        if scalar <= 0xFFFF { return bmpBits[Int(scalar >> 6)] & (1 << (scalar & 63)) != 0 }
        for range in unsafeRanges where range.lowerBound > 0xFFFF {
            if range.contains(scalar) { return true }
            if range.lowerBound > scalar { break }
        }
        return false
    }

    /// Whether valid UTF-8 is already NFC by the quick check (every scalar NFC-safe). Scalars below
    /// U+0300 (lead bytes below 0xCC) are always safe, so only later ones are decoded.
    static func isNFC(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var scalar: UInt32 = 0
        var pending = 0
        for byte in utf8 {
            if pending > 0 {
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                pending -= 1
                if pending == 0, isUnsafe(scalar) { return false }
            } else if byte >= 0xCC {
                switch byte {
                case ..<0xE0: scalar = UInt32(byte & 0x1F); pending = 1
                case ..<0xF0: scalar = UInt32(byte & 0x0F); pending = 2
                default: scalar = UInt32(byte & 0x07); pending = 3
                }
            }
        }
        return true
    }
}
