/// Collects bytes pushed in chunks of any size (split anywhere, even inside a UTF-8 sequence)
/// and hands out complete lines. A line longer than `maximumLineBytes` is cut at its last
/// ASCII space so memory stays bounded; the cut is invisible in the output because the pieces
/// are emitted back to back without a line break.
struct LineAssembler {
    var buffer: [UInt8] = []
    let maximumLineBytes: Int
    /// Byte offset of `buffer[0]` in the whole stream, and its 1-based line number.
    var bufferOffset = 0
    var lineNumber = 1

    /// 64 KiB: a line is decoded whole, and its decoding takes ~100 bytes of memory per input byte
    /// (tokens, beams, states), so a text without line breaks (extracted from a PDF, say) cut at
    /// 1 MiB peaked at 176 MB for 5.4 MB of input. Normal lines are a thousand times shorter, and
    /// the pieces of a cut line keep the language-model context across the cut, as lines do.
    init(maximumLineBytes: Int = 1 << 16) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// A piece of the input: a line's content (without `\n`; a `\r` before it stays in `content`),
    /// whether a line break follows, and where it started.
    struct Piece {
        var content: ArraySlice<UInt8>
        var endsLine: Bool
        var offset: Int
        var line: Int
    }

    /// Appends a chunk and calls `body` for each complete piece.
    mutating func push<E: Error>(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Piece) throws(E) -> Void) throws(E) {
        var start = 0
        while start < chunk.count {
            let rest = UnsafeBufferPointer(rebasing: chunk[start...])
            if let newline = rest.firstIndex(of: 0x0A) {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: rest[rest.startIndex..<newline]))
                try emit(endsLine: true, body)
                start += newline + 1
            } else {
                buffer.append(contentsOf: rest)
                start = chunk.count
                while buffer.count > maximumLineBytes {
                    try cutLongLine(body)
                }
            }
        }
    }

    /// Emits what is left at the end of the stream.
    mutating func finish<E: Error>(_ body: (Piece) throws(E) -> Void) throws(E) {
        if !buffer.isEmpty { try emit(endsLine: false, body) }
    }

    private mutating func emit<E: Error>(endsLine: Bool, _ body: (Piece) throws(E) -> Void) throws(E) {
        let piece = Piece(content: buffer[...], endsLine: endsLine, offset: bufferOffset, line: lineNumber)
        bufferOffset += buffer.count + (endsLine ? 1 : 0)
        if endsLine { lineNumber += 1 }
        defer { buffer.removeAll(keepingCapacity: buffer.capacity <= 4 * maximumLineBytes) }
        try body(piece)
    }

    /// Splits an over-long line after its last space (or at a UTF-8 boundary if it has none).
    private mutating func cutLongLine<E: Error>(_ body: (Piece) throws(E) -> Void) throws(E) {
        var cut = maximumLineBytes
        if let space = buffer[..<maximumLineBytes].lastIndex(of: 0x20), space > 0 {
            cut = space + 1
        } else {
            while cut > 0, buffer[cut] & 0xC0 == 0x80 { cut -= 1 }  // never split a UTF-8 sequence
            if cut == 0 { cut = maximumLineBytes }
        }
        let piece = Piece(content: buffer[..<cut], endsLine: false, offset: bufferOffset, line: lineNumber)
        try body(piece)
        bufferOffset += cut
        buffer.removeFirst(cut)
    }
}
