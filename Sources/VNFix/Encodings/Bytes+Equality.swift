import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// Whether the two hold the same bytes: one `memcmp`, where `elementsEqual` walks both
    /// sequences element by element through their iterators (~10× the cost on short words).
    @inline(__always)
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

extension String {
    /// Whether the two have the same UTF-8 bytes (not `==`, which is canonical equivalence: NFD
    /// equals NFC, and two different strings with non-ASCII letters cost a slow comparison to tell
    /// apart); one compare of contiguous bytes where `elementsEqual` walked the views.
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in a.hasSameBytes(as: b) }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
