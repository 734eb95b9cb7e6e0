import Foundation

/// A channel file is small text (tab-separated counts), read once at start-up:
///   `vnfix-channel<TAB>2`   (version 1, without `W` lines, is read as well)
///   `C<TAB>kind<TAB>gold<TAB>first<TAB>second<TAB>count`   (scalars in hex; 0 = none)
///   `T<TAB>kind<TAB>ocr token<TAB>gold token<TAB>count`
///   `K<TAB>kind<TAB>word<TAB>capitalised<TAB>total`   (`CaseCount`)
///   `P<TAB>kind<TAB>first<TAB>second<TAB>capitalised<TAB>total`   (`CasePair`)
///   `W<TAB>kind<TAB>first<TAB>second`   (`DictionaryWord`)
extension ChannelModel {
    /// The first line's tag and the version written (2: `W` lines added).
    static let magicTag = "vnfix-channel"
    static let version = 2
    static let magic = "\(magicTag)\t\(version)"

    func serialized() -> String {
        var lines: [String] = [ChannelModel.magic]
        for kind in DamageKind.allCases {
            guard let table = tables[kind] else { continue }
            for (key, count) in table.counts.sorted(by: { $0.key < $1.key }) {
                let gold = key >> 42, first = (key >> 21) & 0x1FFFFF, second = key & 0x1FFFFF
                lines.append("C\t\(kind.rawValue)\t\(String(gold, radix: 16))\t\(String(first, radix: 16))\t\(String(second, radix: 16))\t\(Int(count))")
            }
            for (ocr, gold, count) in table.tokens.sortedEntries() {
                lines.append("T\t\(kind.rawValue)\t\(ocr)\t\(gold)\t\(count)")
            }
            table.forEachCaseCount { word, capitalised, total in
                lines.append("K\t\(kind.rawValue)\t\(String(decoding: word, as: UTF8.self))\t\(capitalised)\t\(total)")
            }
            table.forEachCasePair { first, second, capitalised, total in
                lines.append("P\t\(kind.rawValue)\t\(String(decoding: first, as: UTF8.self))\t\(String(decoding: second, as: UTF8.self))\t\(capitalised)\t\(total)")
            }
            for word in table.dictionaryWords {
                lines.append("W\t\(kind.rawValue)\t\(word.first)\t\(word.second)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String, path: String) throws(VNFixError) -> ChannelModel {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBufferPointer { try parse(utf8: $0, path: path) }
        } catch let error as VNFixError {
            throw error
        } catch {
            throw .invalidModel(path: path, reason: "\(error)")
        }
    }

    /// Reads the file on bytes (it is read at every start-up, so no `split` and no per-field
    /// `String`: token-memory entries are copied as bytes into a `TokenMemory`).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, path: String) throws(VNFixError) -> ChannelModel {
        var tables: [DamageKind: ChannelTable] = [.unmarked: ChannelTable(), .marked: ChannelTable()]
        var unmarked = ChannelTable(), marked = ChannelTable()
        // Room for most of the file's ~20-byte lines as token memory, split between the kinds (a guess: the builders grow).
        var unmarkedTokens = TokenMemory.Builder(capacity: bytes.count / 32), markedTokens = TokenMemory.Builder(capacity: bytes.count / 32)
        var lineNumber = 0
        var lineStart = 0
        // A line's fields; a valid line has 5 or 6, so a 7th slot is enough to see one with more.
        var fields = [Range<Int>](repeating: 0..<0, count: 7)
        var fieldCount = 0
        @inline(__always) func hex(_ range: Range<Int>) -> UInt64? {
            guard !range.isEmpty, range.count <= 8 else { return nil }
            var value: UInt64 = 0
            for i in range {
                let b = bytes[i]
                let digit: UInt64
                switch b {
                case 0x30...0x39: digit = UInt64(b - 0x30)
                case 0x61...0x66: digit = UInt64(b - 0x61 + 10)
                case 0x41...0x46: digit = UInt64(b - 0x41 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        /// Keeps a line's fields (without its tag and kind) in the kind's table as bytes.
        func keepLine(_ fields: UnsafeBufferPointer<UInt8>, in text: WritableKeyPath<ChannelTable, [UInt8]>, marked isMarked: Bool) {
            if isMarked { marked[keyPath: text].append(contentsOf: fields); marked[keyPath: text].append(0x0A) }
            else { unmarked[keyPath: text].append(contentsOf: fields); unmarked[keyPath: text].append(0x0A) }
        }
        @inline(__always) func decimal(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty, range.count <= 12 else { return nil }
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        while lineStart < bytes.count {
            let newline = memchr(bytes.baseAddress! + lineStart, 0x0A, bytes.count - lineStart)
            let lineEnd = newline.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            guard lineEnd > lineStart else { continue }
            lineNumber += 1
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if lineNumber > 1, line.count > 6, line[0] == UInt8(ascii: "W"), line[1] == 0x09 {
                // `W<TAB>kind<TAB>first<TAB>second`: the two words' bytes are kept as they are.
                guard line[5] == 0x09, let kindIsMarked = isMarkedKind(UnsafeBufferPointer(rebasing: line[2..<5])) else {
                    throw .invalidModel(path: path, reason: "malformed line \(lineNumber)")
                }
                let words = UnsafeBufferPointer(rebasing: line[6...])
                guard let tab = words.firstIndex(of: 0x09), tab > 0, tab < words.count - 1,
                      words[(tab + 1)...].firstIndex(of: 0x09) == nil else {
                    throw .invalidModel(path: path, reason: "malformed line \(lineNumber)")
                }
                keepLine(words, in: \.dictionaryText, marked: kindIsMarked)
                continue
            }
            if lineNumber == 1 {
                let tag = Array(magicTag.utf8) + [0x09]
                guard line.count > tag.count, line.prefix(tag.count).elementsEqual(tag) else {
                    throw .invalidModel(path: path, reason: "not a vnfix channel file (line 1)")
                }
                let versionText = String(decoding: UnsafeBufferPointer(rebasing: line[tag.count...]), as: UTF8.self)
                guard let version = Int(versionText), (1...ChannelModel.version).contains(version) else {
                    throw .invalidModel(path: path, reason: "channel file version \(versionText) is not one this vnfix reads (1–\(ChannelModel.version))")
                }
                continue
            }
            fieldCount = 0
            var fieldStart = lineStart
            for i in lineStart...lineEnd where i == lineEnd || bytes[i] == 0x09 {
                if fieldCount < fields.count { fields[fieldCount] = fieldStart..<i }
                fieldCount += 1
                fieldStart = i + 1
            }
            func malformed() -> VNFixError { .invalidModel(path: path, reason: "malformed line \(lineNumber)") }
            guard fieldCount >= 5, let kindIsMarked = isMarkedKind(UnsafeBufferPointer(rebasing: bytes[fields[1]])) else { throw malformed() }
            let tag = fields[0].count == 1 ? bytes[fields[0].lowerBound] : 0
            if tag == UInt8(ascii: "C"), fieldCount == 6, let gold = hex(fields[2]), let first = hex(fields[3]),
               let second = hex(fields[4]), let count = decimal(fields[5]) {
                let key = gold << 42 | first << 21 | second
                if kindIsMarked {
                    marked.counts[key] = Float(count)
                    marked.goldTotals[UInt32(gold), default: 0] += Float(count)
                } else {
                    unmarked.counts[key] = Float(count)
                    unmarked.goldTotals[UInt32(gold), default: 0] += Float(count)
                }
            } else if tag == UInt8(ascii: "T"), fieldCount == 5, let count = decimal(fields[4]) {
                let ocr = UnsafeBufferPointer(rebasing: bytes[fields[2]]), gold = UnsafeBufferPointer(rebasing: bytes[fields[3]])
                if kindIsMarked { markedTokens.set(ocr: ocr, gold: gold, count: count) } else { unmarkedTokens.set(ocr: ocr, gold: gold, count: count) }
            } else if tag == UInt8(ascii: "K"), fieldCount == 5, let capitalised = decimal(fields[3]), let total = decimal(fields[4]), capitalised <= total {
                // Kept as bytes, `word<TAB>capitalised<TAB>total` (`ChannelTable.capitalisationText`).
                keepLine(UnsafeBufferPointer(rebasing: bytes[fields[2].lowerBound..<fields[4].upperBound]), in: \.capitalisationText, marked: kindIsMarked)
            } else if tag == UInt8(ascii: "P"), fieldCount == 6, let capitalised = decimal(fields[4]), let total = decimal(fields[5]), capitalised <= total {
                // Kept as bytes, `first<TAB>second<TAB>capitalised<TAB>total` (`ChannelTable.capitalisedPairText`).
                keepLine(UnsafeBufferPointer(rebasing: bytes[fields[2].lowerBound..<fields[5].upperBound]), in: \.capitalisedPairText, marked: kindIsMarked)
            } else {
                throw malformed()
            }
        }
        guard lineNumber >= 1 else { throw .invalidModel(path: path, reason: "empty channel file") }
        unmarked.tokens = unmarkedTokens.finish()
        marked.tokens = markedTokens.finish()
        unmarked.addManualConfusions()
        unmarked.buildInverse()
        marked.buildInverse()
        tables[.unmarked] = unmarked
        tables[.marked] = marked
        return ChannelModel(tables: tables)
    }

    /// A line's kind field: `vie` (text with marks) is true, `eng` false, anything else nil.
    static func isMarkedKind(_ field: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard field.count == 3 else { return nil }
        switch (field[0], field[1], field[2]) {
        case (0x65, 0x6E, 0x67): return false  // eng
        case (0x76, 0x69, 0x65): return true  // vie
        default: return nil
        }
    }

    static func load(contentsOf url: URL) throws(VNFixError) -> ChannelModel {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .invalidModel(path: url.path, reason: "cannot read file")
        }
        // Validated once here and parsed on the bytes: decoding the 1.2 MB file into a `String` and
        // back cost a third of the channel's start-up.
        let path = url.path
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<ChannelModel, VNFixError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let failure = UTF8Validation.firstInvalid(in: bytes) {
                return .failure(.invalidModel(path: path, reason: "invalid UTF-8 at line \(failure.line), byte \(failure.offset)"))
            }
            do throws(VNFixError) { return .success(try parse(utf8: bytes, path: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
