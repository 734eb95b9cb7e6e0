import Foundation

/// Push-style streaming repair: write chunks of bytes split anywhere, get repaired text out
/// through a `TextOutputStream`, with memory bounded by the longest line (capped at 64 KiB) plus
/// the first lines of the document (up to ~200 words or 1 MiB), which wait for the damage estimate.
///
/// ```swift
/// var output = ""
/// var stream = RepairStream(repairer: repairer, output: output)
/// try stream.write(Array("Vin phong Poan dai bi".utf8))
/// try stream.write(Array("éu Qubc hoi\n".utf8))
/// output = try stream.finish()   // "Văn phòng Đoàn đại biểu Quốc hội\n"
/// ```
public struct RepairStream<Output: TextOutputStream> {
    /// Where repaired text goes; `finish()` returns it too.
    public internal(set) var output: Output
    var session: Repairer.Session
    var assembler = LineAssembler()
    /// Invalid UTF-8 is replaced by U+FFFD (and counted) instead of throwing.
    public var lossy: Bool
    /// Number of invalid UTF-8 sequences replaced so far (lossy mode).
    public private(set) var replacements = 0
    /// Called with each line's corrections, if set.
    public var onCorrections: ((_ line: Int, _ corrections: [Correction]) -> Void)?
    /// What is written per input line.
    public enum Format: Sendable { case text, jsonLines }
    public var format: Format
    /// Lines read but not yet repaired: the first lines of a document wait until the damage
    /// estimate has seen ~200 words (or 1 MiB), so they are repaired with the same estimate as
    /// the lines after them (and as `Repairer.repair(_:)` uses for a text of that size).
    var held: [(text: String, piece: LineAssembler.Piece)] = []
    var heldBytes = 0
    /// The line read last, repaired once the next one arrives (its first word is the right
    /// context of this line's last word) or at `finish`.
    var waiting: (text: String, piece: LineAssembler.Piece)?
    static var holdLimit: Int { 1 << 20 }

    /// A stream that repairs with `repairer` and writes to `output`: plain text (`.text`) or one
    /// JSON object per line with its corrections (`.jsonLines`). Bytes are in the repairer's input charset.
    public init(repairer: Repairer, output: Output, lossy: Bool = false, format: Format = .text) {
        self.init(session: Repairer.Session(repairer: repairer), output: output, lossy: lossy, format: format)
    }

    /// A stream over a part of a larger document (e.g. one block of a parallel run): `session`
    /// carries the document's damage estimate so far (see `Repairer.Session.observeLeading`), and
    /// line numbers and byte offsets (in errors and JSON lines) count from `firstLine`/`firstOffset`.
    public init(session: Repairer.Session, output: Output, lossy: Bool = false, format: Format = .text, firstLine: Int = 1, firstOffset: Int = 0) {
        self.output = output
        self.session = session
        self.lossy = lossy
        self.format = format
        self.assembler.lineNumber = firstLine
        self.assembler.bufferOffset = firstOffset
    }

    /// Adds a chunk of UTF-8 bytes.
    public mutating func write(_ chunk: some Sequence<UInt8>) throws(VNFixError) {
        let bytes = Array(chunk)
        try bytes.withUnsafeBufferPointer { (buffer) throws(VNFixError) in
            // Move the assembler out (leaving an empty one) rather than copy it: a copy would share
            // the buffer and make every write copy a pending partial line (quadratic on long lines).
            var assembler = self.assembler
            self.assembler = LineAssembler(maximumLineBytes: assembler.maximumLineBytes)
            defer { self.assembler = assembler }
            try assembler.push(buffer) { (piece) throws(VNFixError) in try self.handle(piece) }
        }
    }

    /// Flushes the last line (one without a final line break) and returns the output.
    public mutating func finish() throws(VNFixError) -> Output {
        var assembler = self.assembler
        self.assembler = LineAssembler(maximumLineBytes: assembler.maximumLineBytes)
        defer { self.assembler = assembler }
        try assembler.finish { (piece) throws(VNFixError) in try self.handle(piece) }
        releaseHeld()
        if let last = waiting {
            waiting = nil
            repair(last.text, last.piece, next: nil)
        }
        return output
    }

    mutating func handle(_ piece: LineAssembler.Piece) throws(VNFixError) {
        let charset = session.repairer.options.inputCharset
        if charset != .utf8, charset != .utf8NFD {
            // Legacy charsets keep 0x0A as the line break, so each line decodes on its own.
            var count = 0
            let text: String
            do {
                text = try charset.decode(Array(piece.content), lossy: lossy, replacements: &count)
            } catch let error {
                // Report positions in the whole stream, not the line.
                if case let .unmappableByte(name, byte, offset, _) = error {
                    throw VNFixError.unmappableByte(charset: name, byte: byte, offset: piece.offset + offset, line: piece.line)
                }
                throw error
            }
            replacements += count
            accept(text, piece)
            return
        }
        let text: String = try piece.content.withUnsafeBufferPointer { (line) throws(VNFixError) -> String in
            if let bad = UTF8Validation.firstInvalidOffset(in: line) {
                guard lossy else {
                    var column = bad
                    // The piece may be a continuation of a cut line; the column is within the piece.
                    if column < 0 { column = 0 }
                    throw VNFixError.invalidUTF8(offset: piece.offset + bad, line: piece.line, column: column)
                }
                var repaired: [UInt8] = []
                replacements += UTF8Validation.repairLossy(line, into: &repaired)
                return String(decoding: repaired, as: UTF8.self)
            }
            return String(decoding: line, as: UTF8.self)
        }
        accept(text, piece)
    }

    /// Holds the text while the damage estimate settles, else repairs and writes it.
    mutating func accept(_ text: String, _ piece: LineAssembler.Piece) {
        if session.isEstimatingDamage || !held.isEmpty {
            session.observeLeading(text)
            var piece = piece
            piece.content = []  // the text is kept; the bytes are not needed
            held.append((text, piece))
            heldBytes += text.utf8.count
            if session.isEstimatingDamage, heldBytes < Self.holdLimit { return }
            releaseHeld()
            return
        }
        emit(text, piece)
    }

    /// Repairs and writes the held lines.
    mutating func releaseHeld() {
        let lines = held
        held = []
        heldBytes = 0
        for (text, piece) in lines { emit(text, piece) }
    }

    /// Repairs the waiting line with this one as its lookahead, and makes this one wait.
    mutating func emit(_ text: String, _ piece: LineAssembler.Piece) {
        if let previous = waiting { repair(previous.text, previous.piece, next: text) }
        waiting = (text, piece)
    }

    mutating func repair(_ text: String, _ piece: LineAssembler.Piece, next: String?) {
        // Plain text output uses only the repaired line, unless someone listens for the corrections.
        session.listsAlternatives = format == .jsonLines || onCorrections != nil
        let result = session.repairLine(text, next: next)
        switch format {
        case .text:
            output.write(result.text)
            if piece.endsLine { output.write("\n") }
        case .jsonLines:
            output.write(JSONLines.object(line: piece.line, offset: piece.offset, result: result))
            output.write("\n")
        }
        if let onCorrections, !result.corrections.isEmpty { onCorrections(piece.line, result.corrections) }
    }
}

extension Repairer.Session {
    /// How many word tokens at the start of a document the damage estimate takes in.
    static let estimateWords = 200

    /// Feeds one line to the damage estimate the way `RepairStream` does: only lines until the first
    /// ~200 words of the document count. Feeding a document's lines in order through this gives the
    /// session state a stream has at that point (with the language-model context reset, as after a
    /// blank line), so parallel blocks can start where a sequential run would be.
    public mutating func observeLeading(_ line: String) {
        if counts.words < Self.estimateWords { observe(line) }
    }

    /// Whether `observeLeading` still takes in text.
    public var isEstimatingDamage: Bool { counts.words < Self.estimateWords }

    /// Makes now, from the finished damage estimate, the document-wide choices a session
    /// otherwise makes when its lines first need them: the language model (`chooseModel`, with
    /// the marked margin it weighs for text with marks) and, for text without marks, how a second
    /// run reads the output (`secondRunForLeadingLines`). Each is a trial repair of the leading
    /// lines; copies of this session (parallel blocks) inherit them instead of each repeating
    /// those trials. They are what the copies would have worked out, from the same lines.
    public mutating func makeDocumentChoices() {
        guard !isEstimatingDamage else { return }
        _ = chooseModel()
        if kind == .unmarked, secondRun == nil { secondRun = secondRunForLeadingLines() }
    }
}

extension Repairer {
    /// Repaired lines of a byte stream, one `String` per input line (without the line break),
    /// in constant memory. Works with `FileHandle.bytes`, `URL.resourceBytes` or any byte sequence.
    public func repairedLines<Bytes: AsyncSequence>(_ bytes: Bytes, lossy: Bool = false) -> AsyncThrowingStream<String, any Error> where Bytes.Element == UInt8, Bytes: Sendable {
        AsyncThrowingStream { continuation in
            let task = Task {
                var stream = RepairStream(repairer: self, output: LineCollector(), lossy: lossy)
                var chunk: [UInt8] = []
                chunk.reserveCapacity(1 << 16)
                do {
                    for try await byte in bytes {
                        chunk.append(byte)
                        if byte == 0x0A || chunk.count >= 1 << 16 {
                            try stream.write(chunk)
                            chunk.removeAll(keepingCapacity: true)
                            for line in stream.output.takeLines() { continuation.yield(line) }
                        }
                    }
                    try stream.write(chunk)
                    var output = try stream.finish()
                    for line in output.takeLines(includingPartial: true) { continuation.yield(line) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Repairs UTF-8 bytes; invalid UTF-8 throws `.invalidUTF8` with its offset and line.
    public func repair(utf8 bytes: some Sequence<UInt8>) throws(VNFixError) -> String {
        var stream = RepairStream(repairer: self, output: "")
        try stream.write(bytes)
        return try stream.finish()
    }
}

/// Collects output text and hands back complete lines (split on `\n` bytes, so `\r\n` keeps its `\r`).
struct LineCollector: TextOutputStream {
    var pending: [UInt8] = []

    mutating func write(_ string: String) { pending.append(contentsOf: string.utf8) }

    mutating func takeLines(includingPartial: Bool = false) -> [String] {
        var lines: [String] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            lines.append(String(decoding: pending[start..<newline], as: UTF8.self))
            start = newline + 1
        }
        pending.removeFirst(start)
        if includingPartial, !pending.isEmpty {
            lines.append(String(decoding: pending, as: UTF8.self))
            pending.removeAll()
        }
        return lines
    }
}
