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
}
