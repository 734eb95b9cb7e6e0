import Foundation

/// Every error the VNFix library throws. Positions are byte offsets into the caller's input,
/// with 1-based line numbers, so a message can point at the exact place.
public enum VNFixError: Error, LocalizedError, Equatable, Sendable {
    /// The input is not valid UTF-8.
    case invalidUTF8(offset: Int, line: Int, column: Int)
    /// A byte (or byte sequence) has no meaning in the named legacy charset.
    case unmappableByte(charset: String, byte: UInt8, offset: Int, line: Int)
    /// A character cannot be written in the named charset.
    case unencodableCharacter(charset: String, scalar: UInt32, offset: Int, line: Int)
    /// No charset has this name.
    case unknownCharset(String)
    /// A model file (language model or channel model) could not be used: missing, corrupt,
    /// truncated or of another version.
    case invalidModel(path: String, reason: String)
    /// Reading or writing failed.
    case io(path: String, reason: String)
    /// An option has a value it cannot take.
    case invalidOption(String)

    public var errorDescription: String? {
        switch self {
        case let .invalidUTF8(offset, line, column):
            "invalid UTF-8 at byte \(offset) (line \(line), byte \(column) of the line)"
        case let .unmappableByte(charset, byte, offset, line):
            "byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset) (line \(line)) has no meaning in \(charset)"
        case let .unencodableCharacter(charset, scalar, offset, line):
            "U+\(String(scalar, radix: 16, uppercase: true)) at byte \(offset) (line \(line)) cannot be written in \(charset)"
        case let .unknownCharset(name):
            "unknown charset '\(name)'"
        case let .invalidModel(path, reason):
            "cannot use model file \(path): \(reason)"
        case let .io(path, reason):
            "\(path): \(reason)"
        case let .invalidOption(message):
            message
        }
    }
}
