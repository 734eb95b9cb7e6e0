import Foundation

/// The `.vnlm` binary format (version 1), little-endian, read in place.
///
/// A 128-byte header, then a payload whose sections follow in a fixed order, each 8-byte aligned,
/// so every offset follows from the header's counts and nothing is parsed at load time:
///
/// | section | type | present |
/// |---|---|---|
/// | unigram log10 probabilities | `Float32[V]` | always |
/// | unigram log10 back-offs | `Float32[V]` | always |
/// | unigram training counts | `UInt32[V]` | always |
/// | unigram → first bigram | `UInt32[V+1]` | order ≥ 2 |
/// | for each order k ≥ 2: words (sorted per parent) | `UInt16` or `UInt32` `[n_k]` | |
/// |   probability codes, codebook | `UInt8[n_k]`, `Float32[256]` | |
/// |   back-off codes, codebook, children | `UInt8[n_k]`, `Float32[256]`, `UInt32[n_k+1]` | k < order |
/// | vocabulary: string offsets, hash slots, bytes | `UInt32[V+1]`, `UInt32[S]`, `UInt8[…]` | always |
///
/// The n-grams of order k form a trie level (as KenLM's TRIE and tongrams): the children of an
/// entry are a contiguous, word-sorted range of the next level, found by binary search.
/// Probabilities and back-offs of orders ≥ 2 are quantized to 8 bits with per-level codebooks.
struct ModelLayout: Sendable {
    static let headerSize = 128
    static let magic: [UInt8] = Array("VNFIXLM\n".utf8)
    static let version: UInt32 = 1
    static let codebookSize = 256

    var order: Int
    var vocabularySize: Int
    /// n-gram counts per order, index 0 = unigrams.
    var counts: [Int]
    var wordBytes: Int
    var hashSlots: Int
    var vocabularyByteCount: Int
    var payloadLength: Int

    // Absolute byte offsets into the file (header included).
    var unigramProbOffset = 0
    var unigramBackoffOffset = 0
    var unigramCountsOffset = 0
    /// Indexed by level (1-based); unused slots are 0.
    var childStartOffset = [Int](repeating: 0, count: 5)
    var wordsOffset = [Int](repeating: 0, count: 5)
    var probQOffset = [Int](repeating: 0, count: 5)
    var probCodebookOffset = [Int](repeating: 0, count: 5)
    var backoffQOffset = [Int](repeating: 0, count: 5)
    var backoffCodebookOffset = [Int](repeating: 0, count: 5)
    var vocabularyOffsetsOffset = 0
    var hashOffset = 0
    var vocabularyBytesOffset = 0

    /// Computes section offsets from the counts; `payloadLength` is the total it implies.
    init(order: Int, counts: [Int], wordBytes: Int, hashSlots: Int, vocabularyByteCount: Int) {
        self.order = order
        self.vocabularySize = counts[0]
        self.counts = counts
        self.wordBytes = wordBytes
        self.hashSlots = hashSlots
        self.vocabularyByteCount = vocabularyByteCount
        var cursor = ModelLayout.headerSize
        func take(_ bytes: Int) -> Int {
            let start = cursor
            cursor += (bytes + 7) & ~7
            return start
        }
        let v = counts[0]
        unigramProbOffset = take(v * 4)
        unigramBackoffOffset = take(v * 4)
        unigramCountsOffset = take(v * 4)
        if order >= 2 { childStartOffset[1] = take((v + 1) * 4) }
        if order >= 2 {
            for k in 2...order {
                let n = counts[k - 1]
                wordsOffset[k] = take(n * wordBytes)
                probQOffset[k] = take(n)
                probCodebookOffset[k] = take(ModelLayout.codebookSize * 4)
                if k < order {
                    backoffQOffset[k] = take(n)
                    backoffCodebookOffset[k] = take(ModelLayout.codebookSize * 4)
                    childStartOffset[k] = take((n + 1) * 4)
                }
            }
        }
        vocabularyOffsetsOffset = take((v + 1) * 4)
        hashOffset = take(hashSlots * 4)
        vocabularyBytesOffset = take(vocabularyByteCount)
        payloadLength = cursor - ModelLayout.headerSize
    }

    /// Reads and checks the header, the file length, the payload checksum and the trie's end points.
    init(validating storage: ModelStorage, path: String) throws(VNFixError) {
        func fail(_ reason: String) -> VNFixError { .invalidModel(path: path, reason: reason) }
        let base = storage.base
        guard storage.count >= ModelLayout.headerSize else {
            throw fail("file is \(storage.count) bytes, shorter than the \(ModelLayout.headerSize)-byte header (truncated?)")
        }
        for (i, byte) in ModelLayout.magic.enumerated() where base.load(fromByteOffset: i, as: UInt8.self) != byte {
            throw fail("not a vnfix language model (bad magic number); ARPA files can be converted with `vnfix convert-lm`")
        }
        func u32(_ offset: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian) }
        func u64(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian }
        let version = u32(8)
        guard version == Int(ModelLayout.version) else {
            throw fail("format version \(version); this vnfix reads version \(ModelLayout.version)")
        }
        let order = u32(12), vocabularySize = u32(16), wordBytes = u32(20), hashSlots = u32(24), vocabularyBytes = u32(28)
        guard (2...4).contains(order) else { throw fail("order \(order) is outside 2…4") }
        guard vocabularySize >= LanguageModel.reservedWords.count else { throw fail("vocabulary of \(vocabularySize) words is too small") }
        guard wordBytes == 4 || (wordBytes == 2 && vocabularySize <= 65536) else { throw fail("bad word width \(wordBytes)") }
        guard hashSlots > vocabularySize, hashSlots & (hashSlots - 1) == 0 else { throw fail("bad vocabulary hash size \(hashSlots)") }
        var counts = [vocabularySize]
        for k in 2...order {
            let n = u64(32 + (k - 2) * 8)
            guard n < UInt64(UInt32.max) else { throw fail("implausible \(k)-gram count \(n)") }
            counts.append(Int(n))
        }
        self.init(order: order, counts: counts, wordBytes: wordBytes, hashSlots: hashSlots, vocabularyByteCount: vocabularyBytes)
        let declared = u64(56)
        guard declared == UInt64(payloadLength) else { throw fail("header declares \(declared) payload bytes but its counts imply \(payloadLength)") }
        let actual = storage.count - ModelLayout.headerSize
        guard actual == payloadLength else {
            throw fail(actual < payloadLength
                ? "file is truncated: \(actual) payload bytes of \(payloadLength)"
                : "file has \(actual - payloadLength) unexpected bytes after the model")
        }
        let checksum = ModelLayout.checksum(base + ModelLayout.headerSize, count: payloadLength)
        guard checksum == u64(64) else { throw fail("checksum mismatch: the file is corrupt") }
        // End points of the trie and the vocabulary (cheap checks; the checksum covers the rest).
        for k in 1..<order {
            let end = u32(childStartOffset[k] + counts[k - 1] * 4)
            guard end == counts[k] else { throw fail("level \(k) points past level \(k + 1)") }
        }
        guard u32(vocabularyOffsetsOffset + vocabularySize * 4) == vocabularyBytes else { throw fail("vocabulary offsets are inconsistent") }
    }

    /// A fast 64-bit checksum of the payload (8 bytes at a time; the payload length is a multiple of 8).
    static func checksum(_ pointer: UnsafeRawPointer, count: Int) -> UInt64 {
        var h: UInt64 = 0x5655_4649_584C_4D31
        var offset = 0
        while offset + 8 <= count {
            let word = pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            offset += 8
        }
        while offset < count {
            h = (h ^ UInt64(pointer.load(fromByteOffset: offset, as: UInt8.self))) &* 0x100_0000_01B3
            offset += 1
        }
        return h
    }

    /// FNV-1a over a word's bytes: the vocabulary hash table's key.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }
}

// MARK: - Writing

extension NGramTables {
    /// The `.vnlm` bytes of these tables. Deterministic: the same tables give the same bytes.
    func binary() -> [UInt8] {
        let v = words.count
        let wordBytes = v <= 65536 ? 2 : 4
        var hashSlots = 1
        while hashSlots < v * 2 { hashSlots <<= 1 }
        let wordUTF8 = words.map { Array($0.utf8) }
        let vocabularyBytes = wordUTF8.reduce(0) { $0 + $1.count }
        var counts = [v]
        for level in levels { counts.append(level.keys.count) }
        let layout = ModelLayout(order: order, counts: counts, wordBytes: wordBytes, hashSlots: hashSlots, vocabularyByteCount: vocabularyBytes)
        var out = [UInt8](repeating: 0, count: ModelLayout.headerSize + layout.payloadLength)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            func put32(_ offset: Int, _ value: UInt32) { base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
            func putF(_ offset: Int, _ value: Float) { base.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self) }
            func put64(_ offset: Int, _ value: UInt64) { base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
            for (i, byte) in ModelLayout.magic.enumerated() { base.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            put32(8, ModelLayout.version)
            put32(12, UInt32(order))
            put32(16, UInt32(v))
            put32(20, UInt32(wordBytes))
            put32(24, UInt32(hashSlots))
            put32(28, UInt32(vocabularyBytes))
            for k in 2...order { put64(32 + (k - 2) * 8, UInt64(counts[k - 1])) }
            put64(56, UInt64(layout.payloadLength))

            for id in 0..<v {
                putF(layout.unigramProbOffset + id * 4, unigramProb[id])
                putF(layout.unigramBackoffOffset + id * 4, unigramBackoff[id])
                put32(layout.unigramCountsOffset + id * 4, wordCounts[id])
            }
            // Children of each unigram: level 2 is sorted by first word.
            if order >= 2 {
                let level = levels[0]
                var cursor = 0
                for id in 0...v {
                    while cursor < level.keys.count, Int(level.keys[cursor] >> packing.bits) < id { cursor += 1 }
                    put32(layout.childStartOffset[1] + id * 4, UInt32(cursor))
                }
            }
            for k in 2...order {
                let level = levels[k - 2]
                let n = level.keys.count
                for i in 0..<n {
                    let last = UInt32(level.keys[i] & packing.mask)
                    if wordBytes == 2 {
                        base.storeBytes(of: UInt16(last).littleEndian, toByteOffset: layout.wordsOffset[k] + i * 2, as: UInt16.self)
                    } else {
                        put32(layout.wordsOffset[k] + i * 4, last)
                    }
                }
                let probCodes = Quantizer(values: level.prob)
                for i in 0..<n { base.storeBytes(of: probCodes.code(level.prob[i]), toByteOffset: layout.probQOffset[k] + i, as: UInt8.self) }
                for (i, center) in probCodes.centers.enumerated() { putF(layout.probCodebookOffset[k] + i * 4, center) }
                if k < order {
                    let backoffCodes = Quantizer(values: level.backoff)
                    for i in 0..<n { base.storeBytes(of: backoffCodes.code(level.backoff[i]), toByteOffset: layout.backoffQOffset[k] + i, as: UInt8.self) }
                    for (i, center) in backoffCodes.centers.enumerated() { putF(layout.backoffCodebookOffset[k] + i * 4, center) }
                    // Children: entries of level k+1 whose prefix is this entry (both levels sorted).
                    let next = levels[k - 1]
                    var cursor = 0
                    for i in 0...n {
                        let key = i < n ? level.keys[i] : UInt64.max
                        while cursor < next.keys.count, next.keys[cursor] >> packing.bits < key { cursor += 1 }
                        put32(layout.childStartOffset[k] + i * 4, UInt32(cursor))
                    }
                }
            }
            // Vocabulary strings, then the hash table over them.
            var byteCursor = 0
            for id in 0..<v {
                put32(layout.vocabularyOffsetsOffset + id * 4, UInt32(byteCursor))
                for byte in wordUTF8[id] {
                    base.storeBytes(of: byte, toByteOffset: layout.vocabularyBytesOffset + byteCursor, as: UInt8.self)
                    byteCursor += 1
                }
            }
            put32(layout.vocabularyOffsetsOffset + v * 4, UInt32(byteCursor))
            let mask = UInt32(hashSlots - 1)
            for id in 0..<v {
                var slot = wordUTF8[id].withUnsafeBufferPointer { ModelLayout.hash($0) } & mask
                while base.load(fromByteOffset: layout.hashOffset + Int(slot) * 4, as: UInt32.self) != 0 { slot = (slot &+ 1) & mask }
                put32(layout.hashOffset + Int(slot) * 4, UInt32(id + 1))
            }
            put64(64, ModelLayout.checksum(UnsafeRawPointer(base) + ModelLayout.headerSize, count: layout.payloadLength))
        }
        return out
    }
}

/// 8-bit quantization with a codebook of bin means over the sorted values (equal-count bins),
/// as KenLM's quantized tries do; exact when there are at most 256 distinct values.
struct Quantizer {
    var centers: [Float]

    init(values: [Float]) {
        let sorted = values.sorted()
        var distinct: [Float] = []
        for value in sorted where distinct.last != value { distinct.append(value) }
        if distinct.count <= ModelLayout.codebookSize {
            centers = distinct
        } else {
            centers = []
            let n = sorted.count
            for bin in 0..<ModelLayout.codebookSize {
                let start = bin * n / ModelLayout.codebookSize, end = (bin + 1) * n / ModelLayout.codebookSize
                guard end > start else { continue }
                var sum: Double = 0
                for i in start..<end { sum += Double(sorted[i]) }
                let mean = Float(sum / Double(end - start))
                if centers.last != mean { centers.append(mean) }
            }
        }
        if centers.isEmpty { centers = [0] }
        while centers.count < ModelLayout.codebookSize { centers.append(centers.last!) }
    }

    /// The code of the nearest center.
    func code(_ value: Float) -> UInt8 {
        var low = 0, high = centers.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if centers[mid] < value { low = mid + 1 } else { high = mid }
        }
        if low > 0, abs(centers[low - 1] - value) <= abs(centers[low] - value) { low -= 1 }
        // Repeated padding entries: the first of equal centers.
        while low > 0, centers[low - 1] == centers[low] { low -= 1 }
        return UInt8(low)
    }
}
