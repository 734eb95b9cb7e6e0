import Foundation

/// The `.vnlm` binary format (version 3), little-endian, read in place.
///
/// A 128-byte header, then a payload whose sections follow in a fixed order, each 8-byte aligned,
/// so every offset follows from the header's counts and nothing is parsed at load time:
///
/// | section | type | present |
/// |---|---|---|
/// | unigram log10 probabilities | `Float16[V]` | always |
/// | unigram log10 back-offs | `Float16[V]` | always |
/// | unigram training counts | `UInt16[V]` (`CountCode`) | always |
/// | unigram → first bigram | `Offsets[V+1]` | order ≥ 2 |
/// | for each order k ≥ 2: records (sorted by word per parent) | bit-packed `[n_k]` | |
/// |   probability codebook | `Float32[256]` | |
/// |   back-off codebook, children | `Float32[256]`, `Offsets[n_k+1]` | k < order |
/// | vocabulary: string offsets, hash slots, bytes | `Offsets[V+1]`, `UInt16[S]` (`UInt32` past 65,534 words), `UInt8[…]` | always |
/// | pair filter (`PairFilter`), sized by the bigram count | `UInt64[2^b]` | order 3 |
///
/// A record of order k is `wordBits + 8 (+ 8 if k < order)` bits, little-endian in a bit stream:
/// the word ID (`wordBits` = bits of V − 1), the probability code, the back-off code. Records
/// are read with one unaligned 8-byte load (each record section has 8 bytes of padding).
///
/// `Offsets[m]` is a non-decreasing array in blocks of 16 entries: a `UInt32` per block (its
/// first value), a `UInt8` per entry (the entry minus its block's first value), and, for blocks
/// whose span does not fit in 8 bits, all 16 values as `UInt32` in an overflow area (the block's
/// word then holds 0x8000_0000 | overflow index). Level 2's children take 1.3 bytes per bigram.
///
/// The n-grams of order k form a trie level (as KenLM's TRIE and tongrams): the children of an
/// entry are a contiguous, word-sorted range of the next level, found by binary search.
/// Probabilities and back-offs of orders ≥ 2 are quantized to 8 bits with per-level codebooks;
/// unigram values are half floats (about 3 significant digits of a log10 value).
struct ModelLayout: Sendable {
    static let headerSize = 128
    static let magic: [UInt8] = Array("VNFIXLM\n".utf8)
    /// 3: the pair filter.
    static let version: UInt32 = 3
    static let codebookSize = 256
    /// Entries per block of an `Offsets` array.
    static let offsetBlockShift = 4
    static let overflowFlag: UInt32 = 0x8000_0000

    var order: Int
    var vocabularySize: Int
    /// n-gram counts per order, index 0 = unigrams.
    var counts: [Int]
    var hashSlots: Int
    var vocabularyByteCount: Int
    var payloadLength: Int
    /// Overflow blocks of each `Offsets` array: children of levels 1…order-1, then the vocabulary's.
    var overflowBlocks: [Int]
    /// Bits of a word ID in a record, and the mask that keeps them (set once: every query reads them).
    var wordBits: Int
    var wordMask: UInt64
    /// Width of a vocabulary hash slot (2 or 4 bytes).
    var hashSlotBytes: Int

    /// Where an `Offsets` array lives.
    struct OffsetsArray: Sendable {
        var blocks = 0, deltas = 0, overflow = 0
    }

    // Absolute byte offsets into the file (header included).
    var unigramProbOffset = 0
    var unigramBackoffOffset = 0
    var unigramCountsOffset = 0
    /// Indexed by level (1-based); unused slots are empty.
    var children = [OffsetsArray](repeating: OffsetsArray(), count: 5)
    var recordsOffset = [Int](repeating: 0, count: 5)
    var recordBits = [Int](repeating: 0, count: 5)
    var probCodebookOffset = [Int](repeating: 0, count: 5)
    var backoffCodebookOffset = [Int](repeating: 0, count: 5)
    var vocabularyOffsets = OffsetsArray()
    var hashOffset = 0
    var vocabularyBytesOffset = 0
    /// Trigram models: the `PairFilter` section and log2 of its 64-bit words (0: none).
    var pairFilterOffset = 0
    var pairFilterBits = 0

    /// Computes section offsets from the counts; `payloadLength` is the total it implies.
    init(order: Int, counts: [Int], hashSlots: Int, vocabularyByteCount: Int, overflowBlocks: [Int]) {
        self.order = order
        self.vocabularySize = counts[0]
        self.counts = counts
        self.hashSlots = hashSlots
        self.vocabularyByteCount = vocabularyByteCount
        self.overflowBlocks = overflowBlocks
        wordBits = max(1, Int.bitWidth - (counts[0] - 1).leadingZeroBitCount)
        wordMask = (1 << UInt64(wordBits)) - 1
        hashSlotBytes = counts[0] < 65535 ? 2 : 4
        var cursor = ModelLayout.headerSize
        func take(_ bytes: Int) -> Int {
            let start = cursor
            cursor += (bytes + 7) & ~7
            return start
        }
        func takeOffsets(_ entries: Int, overflow: Int) -> OffsetsArray {
            let blocks = (entries + (1 << ModelLayout.offsetBlockShift) - 1) >> ModelLayout.offsetBlockShift
            return OffsetsArray(blocks: take(blocks * 4), deltas: take(entries),
                                overflow: take(overflow << ModelLayout.offsetBlockShift * 4))
        }
        let v = counts[0]
        unigramProbOffset = take(v * 2)
        unigramBackoffOffset = take(v * 2)
        unigramCountsOffset = take(v * 2)
        if order >= 2 { children[1] = takeOffsets(v + 1, overflow: overflowBlocks[0]) }
        if order >= 2 {
            for k in 2...order {
                let n = counts[k - 1]
                recordBits[k] = wordBits + 8 + (k < order ? 8 : 0)
                recordsOffset[k] = take((n * recordBits[k] + 7) / 8 + 8)
                probCodebookOffset[k] = take(ModelLayout.codebookSize * 4)
                if k < order {
                    backoffCodebookOffset[k] = take(ModelLayout.codebookSize * 4)
                    children[k] = takeOffsets(n + 1, overflow: overflowBlocks[k - 1])
                }
            }
        }
        vocabularyOffsets = takeOffsets(v + 1, overflow: overflowBlocks[order - 1])
        hashOffset = take(hashSlots * hashSlotBytes)
        vocabularyBytesOffset = take(vocabularyByteCount)
        if order == 3 {
            pairFilterBits = BlockedBloom.wordBits(forItems: counts[1])
            pairFilterOffset = take(8 << pairFilterBits)
        }
        payloadLength = cursor - ModelLayout.headerSize
    }

    /// Entry `index` of an `Offsets` array.
    @inline(__always)
    static func offset(_ base: UnsafeRawPointer, _ array: OffsetsArray, _ index: Int) -> Int {
        let block = base.loadUnaligned(fromByteOffset: array.blocks + (index >> offsetBlockShift) << 2, as: UInt32.self)
        if block & overflowFlag == 0 {
            return Int(block) + Int(base.load(fromByteOffset: array.deltas + index, as: UInt8.self))
        }
        let slot = Int(block & ~overflowFlag) << offsetBlockShift + index & ((1 << offsetBlockShift) - 1)
        return Int(base.loadUnaligned(fromByteOffset: array.overflow + slot << 2, as: UInt32.self))
    }

    /// Record `index` of `level`, shifted so that the word ID is in the low bits.
    @inline(__always)
    func record(_ base: UnsafeRawPointer, level: Int, _ index: Int) -> UInt64 {
        ModelLayout.record(base, records: recordsOffset[level], bits: recordBits[level], index)
    }

    // The primitives every query is made of, on explicit section offsets: `LanguageModel` passes
    // them from the layout's per-level arrays, `TrigramView` from constants it copied once.

    /// Record `index` of a level whose `bits`-wide records start at byte `records`, shifted so that
    /// the word ID is in the low bits.
    @inline(__always)
    static func record(_ base: UnsafeRawPointer, records: Int, bits: Int, _ index: Int) -> UInt64 {
        let bit = index &* bits
        return base.loadUnaligned(fromByteOffset: records &+ bit &>> 3, as: UInt64.self) &>> UInt64(bit & 7)
    }

    /// Binary search for `word` among the entries `range` of such a level.
    @inline(__always)
    static func find(_ base: UnsafeRawPointer, records: Int, bits: Int, mask: UInt64, in range: Range<Int>, _ word: WordID) -> Int? {
        var low = range.lowerBound, high = range.upperBound
        let target = UInt64(word)
        while low < high {
            let mid = (low &+ high) &>> 1
            let value = record(base, records: records, bits: bits, mid) & mask
            if value == target { return mid }
            if value < target { low = mid &+ 1 } else { high = mid }
        }
        return nil
    }

    /// The entries (in the next level) below `node`, from that level's `Offsets` array.
    @inline(__always)
    static func children(_ base: UnsafeRawPointer, _ array: OffsetsArray, _ node: Int) -> Range<Int> {
        let start = offset(base, array, node)
        let end = offset(base, array, node &+ 1)
        return start..<max(start, end)
    }

    /// The codebook value a record's 8-bit code (at bit `shift`) stands for.
    @inline(__always)
    static func quantized(_ base: UnsafeRawPointer, _ record: UInt64, shift: UInt64, codebook: Int) -> Float {
        base.loadUnaligned(fromByteOffset: codebook &+ Int(truncatingIfNeeded: record &>> shift & 0xFF) &* 4, as: Float.self)
    }

    /// Entry `index` of a section of half floats at byte `offset` (unigram probabilities, back-offs).
    @inline(__always)
    static func half(_ base: UnsafeRawPointer, _ offset: Int, _ index: Int) -> Float {
        halfToFloat(base.loadUnaligned(fromByteOffset: offset &+ index &* 2, as: UInt16.self))
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
        let order = u32(12), vocabularySize = u32(16), hashSlots = u32(24), vocabularyBytes = u32(28)
        guard (2...4).contains(order) else { throw fail("order \(order) is outside 2…4") }
        guard vocabularySize >= LanguageModel.reservedWords.count else { throw fail("vocabulary of \(vocabularySize) words is too small") }
        guard vocabularySize < 1 << 31 else { throw fail("implausible vocabulary of \(vocabularySize) words") }
        guard hashSlots > vocabularySize, hashSlots & (hashSlots - 1) == 0 else { throw fail("bad vocabulary hash size \(hashSlots)") }
        var counts = [vocabularySize]
        for k in 2...order {
            let n = u64(32 + (k - 2) * 8)
            guard n < UInt64(UInt32.max) else { throw fail("implausible \(k)-gram count \(n)") }
            counts.append(Int(n))
        }
        let overflowBlocks = (0..<order).map { u32(72 + $0 * 4) }
        for (k, blocks) in overflowBlocks.enumerated() {
            let entries = k < order - 1 ? counts[k] + 1 : vocabularySize + 1
            guard blocks <= entries >> ModelLayout.offsetBlockShift + 1 else { throw fail("implausible overflow count \(blocks)") }
        }
        self.init(order: order, counts: counts, hashSlots: hashSlots, vocabularyByteCount: vocabularyBytes, overflowBlocks: overflowBlocks)
        guard u32(20) == wordBits else { throw fail("header says \(u32(20))-bit word IDs; a vocabulary of \(vocabularySize) needs \(wordBits)") }
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
        // Every block word must name an overflow block that exists: reads never leave the file.
        var arrays: [(array: OffsetsArray, entries: Int, overflow: Int)] = []
        for k in 1..<order { arrays.append((children[k], counts[k - 1] + 1, overflowBlocks[k - 1])) }
        arrays.append((vocabularyOffsets, vocabularySize + 1, overflowBlocks[order - 1]))
        for (array, entries, overflow) in arrays {
            let blocks = (entries + (1 << ModelLayout.offsetBlockShift) - 1) >> ModelLayout.offsetBlockShift
            for b in 0..<blocks {
                let word = UInt32(u32(array.blocks + b * 4))
                guard word & ModelLayout.overflowFlag == 0 || Int(word & ~ModelLayout.overflowFlag) < overflow else {
                    throw fail("offset block \(b) names a missing overflow block")
                }
            }
        }
        for k in 1..<order {
            let end = ModelLayout.offset(base, children[k], counts[k - 1])
            guard end == counts[k] else { throw fail("level \(k) points past level \(k + 1)") }
        }
        guard ModelLayout.offset(base, vocabularyOffsets, vocabularySize) == vocabularyBytes else {
            throw fail("vocabulary offsets are inconsistent")
        }
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
        var hashSlots = 1
        while hashSlots * 2 < v * 3 { hashSlots <<= 1 }  // load ≤ 2/3
        let wordUTF8 = words.map { Array($0.utf8) }
        let vocabularyBytes = wordUTF8.reduce(0) { $0 + $1.count }
        var counts = [v]
        for level in levels { counts.append(level.keys.count) }

        // The offset arrays first: their overflow counts are part of the layout.
        var offsetArrays: [[UInt32]] = []
        if order >= 2 {
            // Children of each unigram: level 2 is sorted by first word.
            let level = levels[0]
            var cursor = 0
            offsetArrays.append((0...v).map { id in
                while cursor < level.keys.count, Int(level.keys[cursor] >> packing.bits) < id { cursor += 1 }
                return UInt32(cursor)
            })
            for k in 2..<order {
                // Entries of level k+1 whose prefix is this entry (both levels sorted).
                let level = levels[k - 2], next = levels[k - 1]
                var cursor = 0
                offsetArrays.append((0...level.keys.count).map { i in
                    let key = i < level.keys.count ? level.keys[i] : UInt64.max
                    while cursor < next.keys.count, next.keys[cursor] >> packing.bits < key { cursor += 1 }
                    return UInt32(cursor)
                })
            }
        }
        var stringStarts: [UInt32] = [0]
        for bytes in wordUTF8 { stringStarts.append(stringStarts.last! + UInt32(bytes.count)) }
        offsetArrays.append(stringStarts)
        let encodedOffsets = offsetArrays.map(EncodedOffsets.init)

        let layout = ModelLayout(order: order, counts: counts, hashSlots: hashSlots, vocabularyByteCount: vocabularyBytes,
                                 overflowBlocks: encodedOffsets.map(\.overflowBlocks))
        var out = [UInt8](repeating: 0, count: ModelLayout.headerSize + layout.payloadLength)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            func put16(_ offset: Int, _ value: UInt16) { base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self) }
            func put32(_ offset: Int, _ value: UInt32) { base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
            func putF(_ offset: Int, _ value: Float) { base.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self) }
            func put64(_ offset: Int, _ value: UInt64) { base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
            func putOffsets(_ array: ModelLayout.OffsetsArray, _ encoded: EncodedOffsets) {
                for (b, word) in encoded.blockWords.enumerated() { put32(array.blocks + b * 4, word) }
                for (i, delta) in encoded.deltas.enumerated() { base.storeBytes(of: delta, toByteOffset: array.deltas + i, as: UInt8.self) }
                for (i, value) in encoded.overflow.enumerated() { put32(array.overflow + i * 4, value) }
            }
            /// ORs `bits` bits of `value` into the bit stream at `offset`, starting at bit `bit`.
            func putBits(_ offset: Int, _ bit: Int, _ value: UInt64, _ bits: Int) {
                var value = value & ((1 << UInt64(bits)) - 1), bit = bit, remaining = bits
                while remaining > 0 {
                    let byte = offset + bit >> 3, shift = bit & 7
                    let old = base.load(fromByteOffset: byte, as: UInt8.self)
                    base.storeBytes(of: old | UInt8(truncatingIfNeeded: value << UInt64(shift)), toByteOffset: byte, as: UInt8.self)
                    let written = min(remaining, 8 - shift)
                    value >>= UInt64(written)
                    bit += written
                    remaining -= written
                }
            }
            for (i, byte) in ModelLayout.magic.enumerated() { base.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
            put32(8, ModelLayout.version)
            put32(12, UInt32(order))
            put32(16, UInt32(v))
            put32(20, UInt32(layout.wordBits))
            put32(24, UInt32(hashSlots))
            put32(28, UInt32(vocabularyBytes))
            for k in 2...order { put64(32 + (k - 2) * 8, UInt64(counts[k - 1])) }
            put64(56, UInt64(layout.payloadLength))
            for (k, encoded) in encodedOffsets.enumerated() { put32(72 + k * 4, UInt32(encoded.overflowBlocks)) }

            for id in 0..<v {
                put16(layout.unigramProbOffset + id * 2, Float16(unigramProb[id]).bitPattern)
                put16(layout.unigramBackoffOffset + id * 2, Float16(unigramBackoff[id]).bitPattern)
                put16(layout.unigramCountsOffset + id * 2, CountCode.encode(wordCounts[id]))
            }
            let wordBits = layout.wordBits
            for k in 2...order {
                let level = levels[k - 2]
                let n = level.keys.count
                let probCodes = Quantizer(values: level.prob)
                let backoffCodes = k < order ? Quantizer(values: level.backoff) : nil
                for i in 0..<n {
                    var record = level.keys[i] & packing.mask
                    record |= UInt64(probCodes.code(level.prob[i])) << UInt64(wordBits)
                    if let backoffCodes { record |= UInt64(backoffCodes.code(level.backoff[i])) << UInt64(wordBits + 8) }
                    putBits(layout.recordsOffset[k], i * layout.recordBits[k], record, layout.recordBits[k])
                }
                for (i, center) in probCodes.centers.enumerated() { putF(layout.probCodebookOffset[k] + i * 4, center) }
                if let backoffCodes {
                    for (i, center) in backoffCodes.centers.enumerated() { putF(layout.backoffCodebookOffset[k] + i * 4, center) }
                }
            }
            for k in 1..<order { putOffsets(layout.children[k], encodedOffsets[k - 1]) }
            // Vocabulary strings, then the hash table over them.
            putOffsets(layout.vocabularyOffsets, encodedOffsets[order - 1])
            for id in 0..<v {
                for (j, byte) in wordUTF8[id].enumerated() {
                    base.storeBytes(of: byte, toByteOffset: layout.vocabularyBytesOffset + Int(stringStarts[id]) + j, as: UInt8.self)
                }
            }
            let mask = UInt32(hashSlots - 1)
            let slotBytes = layout.hashSlotBytes
            func slotValue(_ slot: UInt32) -> UInt32 {
                slotBytes == 2 ? UInt32(base.load(fromByteOffset: layout.hashOffset + Int(slot) * 2, as: UInt16.self))
                    : base.load(fromByteOffset: layout.hashOffset + Int(slot) * 4, as: UInt32.self)
            }
            for id in 0..<v {
                var slot = wordUTF8[id].withUnsafeBufferPointer { ModelLayout.hash($0) } & mask
                while slotValue(slot) != 0 { slot = (slot &+ 1) & mask }
                if slotBytes == 2 { put16(layout.hashOffset + Int(slot) * 2, UInt16(id + 1)) } else { put32(layout.hashOffset + Int(slot) * 4, UInt32(id + 1)) }
            }
            if layout.pairFilterBits > 0 {
                PairFilter.fill(base, at: layout.pairFilterOffset, wordBits: layout.pairFilterBits, from: TrigramView(layout, base: base))
            }
            put64(64, ModelLayout.checksum(UnsafeRawPointer(base) + ModelLayout.headerSize, count: layout.payloadLength))
        }
        return out
    }
}

/// A non-decreasing array in the `Offsets` encoding (see `ModelLayout`).
struct EncodedOffsets {
    var blockWords: [UInt32] = []
    var deltas: [UInt8] = []
    var overflow: [UInt32] = []
    var overflowBlocks: Int { overflow.count >> ModelLayout.offsetBlockShift }

    init(_ values: [UInt32]) {
        let size = 1 << ModelLayout.offsetBlockShift
        deltas = [UInt8](repeating: 0, count: values.count)
        for start in stride(from: 0, to: values.count, by: size) {
            let end = min(start + size, values.count)
            let first = values[start]
            if values[end - 1] - first <= UInt32(UInt8.max) {
                blockWords.append(first)
                for i in start..<end { deltas[i] = UInt8(values[i] - first) }
            } else {
                blockWords.append(ModelLayout.overflowFlag | UInt32(overflowBlocks))
                for i in start..<(start + size) { overflow.append(values[min(i, end - 1)]) }
            }
        }
    }
}

/// Training counts in 16 bits: exact below 4,096, then 12 significant bits and a 4-bit exponent
/// (relative error < 1/2048, up to 134 million). Counts only weigh candidate priors on a log scale.
enum CountCode {
    static func encode(_ count: UInt32) -> UInt16 {
        var exponent: UInt32 = 0
        while count >> exponent >= 4096, exponent < 15 { exponent += 1 }
        let mantissa = min(count >> exponent, 4095)
        return UInt16(exponent << 12 | mantissa)
    }

    @inline(__always)
    static func decode(_ code: UInt16) -> UInt32 {
        UInt32(code & 0xFFF) << UInt32(code >> 12)
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
