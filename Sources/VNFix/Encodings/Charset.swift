import Foundation

/// A text encoding vnfix reads and writes: UTF-8 and the legacy Vietnamese charsets.
///
/// ```swift
/// let charset = try Charset(name: "TCVN3")            // aliases and case are accepted
/// let text = try charset.decode([0x56, 0x69, 0xD6, 0x74])  // "Việt"
/// let bytes = try Charset.vni.encode("Việt")          // [0x56, 0x69, 0x65, 0xE4, 0x74]
/// ```
///
/// Decoding always yields NFC. Bytes that mean nothing in the charset throw
/// `VNFixError.unmappableByte` with their offset; characters a charset cannot hold throw
/// `VNFixError.unencodableCharacter`. The `lossy:` variants substitute instead and count.
public enum Charset: String, CaseIterable, Sendable {
    /// UTF-8, written in NFC.
    case utf8 = "utf-8"
    /// UTF-8 written in canonical NFD (what macOS file names and some old tools produce). Reads as `utf8`.
    case utf8NFD = "utf-8-nfd"
    /// Windows-1258: a few precomposed letters plus five combining tone bytes.
    case cp1258 = "windows-1258"
    /// VIQR (RFC 1456): 7-bit ASCII with marks typed after the letter (`Vie^.t Nam`).
    case viqr = "viqr"
    /// VNI-Windows: the VNI font encoding, one or two bytes a letter.
    case vni = "vni-windows"
    /// TCVN3, the "ABC" font encoding (TCVN 5712:1993 VN3): no uppercase toned vowels.
    case tcvn3 = "tcvn3"
    /// VISCII 1.1 (RFC 1456): every letter in one byte, six of them in C0 control positions.
    case viscii = "viscii"
    /// VPS: single-byte, lacks a few uppercase toned vowels.
    case vps = "vps"
    /// ASCII with numeric character references (`Vi&#7879;t`), as HTML and XML write them.
    case ncr = "ncr"

    /// The canonical name, as `--from`/`--to` print it.
    public var name: String { rawValue }

    /// Other names accepted by `init(name:)`, besides `name` (all compared without case, `-`, `_`, spaces).
    public var aliases: [String] {
        switch self {
        case .utf8: ["utf8", "unicode"]
        case .utf8NFD: ["nfd"]
        case .cp1258: ["cp1258", "win1258", "vncp1258"]
        case .viqr: ["rfc1456"]
        case .vni: ["vni", "vni-win"]
        case .tcvn3: ["tcvn", "abc", "tcvn5712"]
        case .viscii: []
        case .vps: []
        case .ncr: ["html-entities"]
        }
    }

    /// A one-line description for help texts.
    public var summary: String {
        switch self {
        case .utf8: "UTF-8 (NFC)"
        case .utf8NFD: "UTF-8 in canonical NFD"
        case .cp1258: "Windows-1258 (precomposed letters + combining tone bytes)"
        case .viqr: "VIQR, RFC 1456 (Vie^.t Nam; \\ escapes a literal mark)"
        case .vni: "VNI-Windows (1-2 bytes a letter)"
        case .tcvn3: "TCVN3/ABC (no uppercase toned vowels)"
        case .viscii: "VISCII 1.1 (RFC 1456)"
        case .vps: "VPS (lacks some uppercase toned vowels)"
        case .ncr: "ASCII + numeric character references (&#7879;)"
        }
    }

    /// Looks a charset up by name or alias, ignoring case, `-`, `_` and spaces.
    public init(name: String) throws(VNFixError) {
        let key = Charset.key(name)
        guard let found = Charset.allCases.first(where: { charset in
            Charset.key(charset.name) == key || charset.aliases.contains { Charset.key($0) == key }
        }) else {
            throw .unknownCharset(name)
        }
        self = found
    }

    static func key(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    }

    /// Vietnamese letters (NFC scalars) this charset cannot write. Encoding one throws, or with
    /// `lossy: true` writes the lowercase letter (TCVN3, VPS: as the all-caps fonts of the time did).
    public var unencodableLetters: [Unicode.Scalar] {
        switch self {
        case .tcvn3: SingleByteCodec.tcvn3.unencodableLetters
        case .vps: SingleByteCodec.vps.unencodableLetters
        default: []
        }
    }

    // MARK: Decoding

    /// Decodes bytes into an NFC string; throws on the first byte the charset does not define.
    public func decode(_ bytes: [UInt8]) throws(VNFixError) -> String {
        var replacements = 0
        return try decode(bytes, lossy: false, replacements: &replacements)
    }

    /// Decodes bytes into an NFC string. With `lossy`, undefined bytes become U+FFFD and are
    /// counted in `replacements` instead of throwing.
    public func decode(_ bytes: [UInt8], lossy: Bool, replacements: inout Int) throws(VNFixError) -> String {
        let utf8 = try decodeToUTF8(bytes, lossy: lossy, replacements: &replacements)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Decodes bytes into NFC UTF-8, composed by `normalizer` (so CLI options such as the tone
    /// style apply in the same pass). UTF-8 input that is already normal comes back unchanged.
    public func decodeToUTF8(_ bytes: [UInt8], lossy: Bool = false, replacements: inout Int,
                             normalizer: TextNormalizer = .decoding) throws(VNFixError) -> [UInt8] {
        var raw: [UInt8] = []
        let result: Result<Int, VNFixError> = bytes.withUnsafeBufferPointer { input in
            do throws(VNFixError) {
                return .success(try decodeRaw(input, lossy: lossy, into: &raw))
            } catch {
                return .failure(error)
            }
        }
        replacements += try result.get()
        var output: [UInt8] = []
        let changed = raw.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &output) }
        return changed ? output : raw
    }

    /// Decodes to UTF-8 that may still hold combining marks (cp1258, TCVN VN1) or any other
    /// non-NFC sequence; the caller normalizes. Returns the number of replacements.
    func decodeRaw(_ input: UnsafeBufferPointer<UInt8>, lossy: Bool, into output: inout [UInt8]) throws(VNFixError) -> Int {
        switch self {
        case .utf8, .utf8NFD:
            if lossy { return UTF8Validation.repairLossy(input, into: &output) }
            if let bad = UTF8Validation.firstInvalid(in: input) {
                throw .invalidUTF8(offset: bad.offset, line: bad.line, column: bad.column)
            }
            output.append(contentsOf: input)
            return 0
        case .cp1258: return try SingleByteCodec.cp1258.decode(input, lossy: lossy, into: &output)
        case .tcvn3: return try SingleByteCodec.tcvn3.decode(input, lossy: lossy, into: &output)
        case .viscii: return try SingleByteCodec.viscii.decode(input, lossy: lossy, into: &output)
        case .vps: return try SingleByteCodec.vps.decode(input, lossy: lossy, into: &output)
        case .vni: return try VNICodec.decode(input, lossy: lossy, into: &output)
        case .viqr: return try VIQR.decode(input, lossy: lossy, into: &output)
        case .ncr: return try NCR.decode(input, lossy: lossy, into: &output)
        }
    }

    // MARK: Encoding

    /// Encodes a string (any normalization form: it is composed first); throws on the first
    /// character the charset cannot hold, with its byte offset in the NFC text.
    public func encode(_ string: String) throws(VNFixError) -> [UInt8] {
        var replacements = 0
        return try encode(string, lossy: false, replacements: &replacements)
    }

    /// Encodes a string. With `lossy`, a character the charset cannot hold is written as its
    /// documented fallback (see `unencodableLetters`) or `?`, and counted in `replacements`.
    public func encode(_ string: String, lossy: Bool, replacements: inout Int) throws(VNFixError) -> [UInt8] {
        let nfc = TextNormalizer.decoding.normalize(string)
        switch self {
        case .utf8: return Array(nfc.utf8)
        case .utf8NFD:
            // Line by line: Foundation's decomposition slows down quadratically on long strings.
            var output: [UInt8] = []
            output.reserveCapacity(nfc.utf8.count + nfc.utf8.count / 4)
            for line in nfc.split(separator: "\n", omittingEmptySubsequences: false) {
                output.append(contentsOf: String(line).decomposedStringWithCanonicalMapping.utf8)
                output.append(0x0A)
            }
            output.removeLast()  // one piece more than there are newlines
            return output
        default: break
        }
        let scalars = Array(nfc.unicodeScalars)
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count + scalars.count / 4)
        var encoder = ScalarEncoder(charset: self, scalars: scalars, lossy: lossy)
        try encoder.run(into: &output)
        replacements += encoder.replacements
        return output
    }
}

extension TextNormalizer {
    /// Composition only: what decoding and encoding use, so a conversion never moves tone marks
    /// or folds lookalikes behind the caller's back.
    public static let decoding = TextNormalizer(options: .init(toneStyle: .preserve, foldLookalikes: false, fixTonePlacement: false))
}

// MARK: - Shared helpers

/// Where an error happened, computed only when one does (line counting costs a pass).
enum ErrorPosition {
    /// 1-based line of `offset` in `bytes`.
    static func line(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var line = 1
        for k in 0..<min(offset, bytes.count) where bytes[k] == 0x0A { line += 1 }
        return line
    }

    /// Byte offset (in UTF-8) and 1-based line of scalar `index`.
    static func offsetAndLine(of index: Int, in scalars: [Unicode.Scalar]) -> (offset: Int, line: Int) {
        var offset = 0, line = 1
        for k in 0..<index {
            offset += UTF8.width(scalars[k])
            if scalars[k] == "\n" { line += 1 }
        }
        return (offset, line)
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 form of a scalar value known to be valid.
    @inline(__always)
    mutating func appendUTF8(_ scalar: UInt32) {
        if scalar < 0x80 {
            append(UInt8(truncatingIfNeeded: scalar))
        } else if scalar < 0x800 {
            append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        } else if scalar < 0x10000 {
            append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        } else {
            append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }
}
