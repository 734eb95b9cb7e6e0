/// The fast path of `TextNormalizer`: validation and normalization in one scan that looks at
/// most bytes eight at a time and decides most words by one hash probe.
///
/// Text is cut into *chunks*, maximal runs of bytes that are not ASCII non-letters (space,
/// digits, punctuation). ASCII never occurs inside a multi-byte UTF-8 sequence, so a chunk holds
/// whole scalars, and the careful scan never lets a word cross an ASCII non-letter, so what it
/// does to a chunk depends on the chunk's bytes alone. The one exception, a chunk that starts
/// with a combining mark (it may compose with the byte before, as in `<` + U+0338 → `≮`), is
/// handled with that byte included and never cached.
///
/// - Every chunk of at most 15 bytes is looked up by its bytes, chunks of ASCII letters too (they
///   need nothing, but testing for them costs more than the probe); the first time, it is
///   validated and run through the careful scan (`runCareful`) and the verdict (unchanged, or its
///   replacement) is remembered. Running text repeats a few thousand words, so after the first pages nearly
///   every chunk is a probe.
extension TextNormalizer.Scanner {
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte lane of `word` that is an ASCII non-letter (a chunk boundary).
    @inline(__always)
    static func separatorLanes(_ word: UInt64) -> UInt64 {
        let nonASCII = word & highBits
        // Fold case and clear the high bit; then lane + 0x1F reaches the high bit iff lane ≥ 'a'
        // and lane + 0x05 iff lane ≥ '{'. Lanes stay ≤ 0x9E, so no carry crosses into the next.
        let folded = (word | 0x2020_2020_2020_2020) & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & highBits
        let pastZ = (folded &+ 0x0505_0505_0505_0505) & highBits
        let letter = atLeastA & ~pastZ
        return ~(letter | nonASCII) & highBits
    }

    /// Little-endian load of 8 bytes at `offset` (the caller guarantees they exist).
    @inline(__always)
    func load(_ offset: Int) -> UInt64 {
        UnsafeRawPointer(input.baseAddress! + offset).loadUnaligned(as: UInt64.self)
    }

    /// Masks that keep the first `length` bytes of a two-word key: entries 2·length (low word) and
    /// 2·length + 1 (high word), for length 0…16. Plain memory, so the loop pays one load each.
    nonisolated(unsafe) static let keyMasks: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 34)
        for length in 0...16 {
            table[2 * length] = length >= 8 ? ~0 : (1 << UInt64(length << 3)) - 1
            table[2 * length + 1] = length <= 8 ? 0 : length >= 16 ? ~0 : (1 << UInt64((length - 8) << 3)) - 1
        }
        return UnsafePointer(table)
    }()

    /// One bit per byte lane (bit k for lane k) from lanes whose high bit is set.
    @inline(__always)
    static func laneBits(_ lanes: UInt64) -> UInt64 {
        ((lanes >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Bit mask of the ASCII non-letters (chunk boundaries) among the 64 bytes at `offset`
    /// (the caller guarantees they exist: the input's last bytes go through `runTail`).
    @inline(__always)
    func separatorMask(at offset: Int) -> UInt64 {
        var separators: UInt64 = 0
        for k in 0..<8 {
            separators |= Self.laneBits(Self.separatorLanes(load(offset &+ k &<< 3))) &<< UInt64(k &<< 3)
        }
        return separators
    }

    /// The fast scan over the whole input: 64 bytes at a time, chunk boundaries from bit masks,
    /// chunks of ASCII letters skipped, every other chunk one cache probe.
    ///
    /// A block starts where the previous one's last unfinished chunk starts (not 64 bytes on), so
    /// every chunk of at most 64 bytes is seen whole inside one block, and the loop needs no
    /// state carried across blocks. Chunks are paired from two masks, their first and last bytes.
    mutating func run(into output: inout [UInt8]) -> TextNormalizer.Outcome {
        let n = input.count
        guard n > 0 else { return .unchanged }
        // Sized to the input: the repairer normalizes line by line, and a line needs a few slots.
        if chunks == nil { chunks = ChunkCache(expectedChunks: n >> 3) }
        let cache = chunks!
        defer { sink.release() }
        let base = input.baseAddress!
        var keys = cache.keys, slotMask = cache.slotMask
        let keyMasks = Self.keyMasks
        var block = 0
        while block < n {
            if block &+ 80 > n {  // the last bytes: not every chunk can be loaded as two words
                if let bad = runTail(from: block, cache: cache) { return .invalidUTF8(offset: bad) }
                break
            }
            let inside = ~separatorMask(at: block)  // bytes that belong to chunks
            var firsts = inside & ~(inside &<< 1)
            // A chunk that reaches the block's last byte may go on: it has no last byte here.
            var lasts = inside & ~(inside &>> 1) & ~(1 &<< 63)
            var next = block &+ 64
            while firsts != 0 {
                let first = firsts.trailingZeroBitCount
                if lasts == 0 {  // the unfinished chunk: the next block starts with it
                    next = block &+ first
                    break
                }
                let last = lasts.trailingZeroBitCount
                firsts &= firsts &- 1
                lasts &= lasts &- 1
                let length = last &- first &+ 1
                let chunkStart = block &+ first
                // The probe, by hand: one slot read settles a chunk seen unchanged before; anything
                // else (a collision, a replacement, a first sight) goes out of line, which keeps this
                // loop's values in registers. Long chunks go through `settle`.
                if length <= ChunkCache.maximumLength {
                    let raw = UnsafeRawPointer(base + chunkStart)
                    let low = raw.loadUnaligned(as: UInt64.self) & keyMasks[length &<< 1]
                    let high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & keyMasks[length &<< 1 &+ 1]
                    let slot = ChunkCache.hash(low, high) & slotMask
                    // Chunks of ASCII letters are probed and cached like the others: a test that
                    // skipped them would branch unpredictably on every chunk, which cost more.
                    if keys[slot &<< 1] == low, keys[slot &<< 1 &+ 1] == high { continue }  // seen, unchanged
                    if let bad = probeFurther(chunkStart..<(chunkStart &+ length), key: (low, high), slot: slot, cache: cache) {
                        return .invalidUTF8(offset: bad)
                    }
                    (keys, slotMask) = (cache.keys, cache.slotMask)  // an insert may have moved the storage
                } else {
                    if let bad = settle(chunkStart..<(chunkStart &+ length), cache: cache) { return .invalidUTF8(offset: bad) }
                    (keys, slotMask) = (cache.keys, cache.slotMask)
                }
            }
            if next == block {  // a chunk of 64 bytes or more: find its end the slow way
                var end = block &+ 64
                while end < n, !Self.isSeparator(input[end]) { end &+= 1 }
                if let bad = settle(block..<end, cache: cache) { return .invalidUTF8(offset: bad) }
                (keys, slotMask) = (cache.keys, cache.slotMask)
                next = end
            }
            block = next
        }
        if changed {
            emit(n..<n, UnsafeBufferPointer(start: nil, count: 0))
            output.append(contentsOf: UnsafeBufferPointer(start: sink.base, count: sink.count))
            return .changed
        }
        return .unchanged
    }

    /// The chunks from `start` (a chunk's first byte or a boundary) to the end of the input, each
    /// through `settle`, which copes with chunks it cannot load as two words. At most 80 bytes
    /// plus the rest of a long chunk, so a byte loop does.
    @inline(never)
    mutating func runTail(from start: Int, cache: ChunkCache) -> Int? {
        let n = input.count
        var i = start
        while i < n {
            if Self.isSeparator(input[i]) {
                i += 1
                continue
            }
            var end = i + 1
            while end < n, !Self.isSeparator(input[end]) { end += 1 }
            if let bad = settle(i..<end, cache: cache) { return bad }
            i = end
        }
        return nil
    }

    /// The rest of a probe that the first slot did not settle: later slots, a stored replacement,
    /// or a first sight. Returns the offset of invalid UTF-8, if the chunk holds some. (The probe
    /// of `ChunkCache.Table.lookup`, continued from the slot the scan loop read: going through
    /// `lookup` instead cost 4–9 % more instructions on NFC and NFD text.)
    @inline(never)
    mutating func probeFurther(_ range: Range<Int>, key: ChunkKey, slot first: Int, cache: ChunkCache) -> Int? {
        let keys = cache.keys, slotMask = cache.slotMask
        var slot = first
        while true {
            let stored = keys[slot &<< 1]
            if stored == key.low {
                let storedHigh = keys[slot &<< 1 &+ 1]
                if storedHigh == key.high { return nil }  // seen, unchanged
                if storedHigh == key.high | ChunkCache.changedFlag {
                    emit(range, cache.replacement(slot), slack: ChunkCache.slack)
                    return nil
                }
            }
            if stored == 0 { return slowChunk(range, key: key, cache: cache) }  // first sight
            slot = (slot &+ 1) & slotMask
        }
    }

    /// Applies the verdict on a chunk the scan loop does not probe itself: one longer than the
    /// cache's keys, or one among the input's last bytes (where 16 bytes cannot be loaded).
    /// Returns the offset of invalid UTF-8, if the chunk holds some.
    @inline(never)
    mutating func settle(_ range: Range<Int>, cache: ChunkCache) -> Int? {
        guard range.count <= ChunkCache.maximumLength else { return slowChunk(range, key: nil, cache: cache) }
        let key = chunkKey(range)
        if (key.low | key.high) & Self.highBits == 0 { return nil }  // ASCII letters only
        if let verdict = cache.table.lookup(key.low, key.high) {
            if verdict.count > 0 { emit(range, verdict, slack: ChunkCache.slack) }
            return nil
        }
        return slowChunk(range, key: key, cache: cache)
    }

    typealias ChunkKey = (low: UInt64, high: UInt64)

    /// The cache key of a chunk of at most `ChunkCache.maximumLength` bytes: its bytes in two
    /// little-endian words, zero-padded. Two loads and masks where 16 bytes can be read; a copy
    /// near the end of the input.
    @inline(__always)
    func chunkKey(_ range: Range<Int>) -> ChunkKey {
        let length = range.count, masks = Self.keyMasks
        if range.lowerBound <= input.count - 16 {
            return (load(range.lowerBound) & masks[length &<< 1], load(range.lowerBound &+ 8) & masks[length &<< 1 &+ 1])
        }
        var key: ChunkKey = (0, 0)
        withUnsafeMutableBytes(of: &key) { raw in
            for k in 0..<length { raw[k] = input[range.lowerBound + k] }
        }
        return key
    }

    /// Writes the unchanged bytes before `range` and then `replacement` for it, to `sink`.
    @inline(__always)
    mutating func emit(_ range: Range<Int>, _ replacement: UnsafeBufferPointer<UInt8>, slack: Int = 0) {
        if !changed {
            changed = true
            sink.reserve(input.count + input.count >> 3 + 64)
        }
        sink.append(input.baseAddress! + pending, count: range.lowerBound - pending,
                    readable: input.count - pending)
        if let base = replacement.baseAddress { sink.append(base, count: replacement.count, readable: replacement.count + slack) }
        pending = range.upperBound
    }

    @inline(__always)
    static func isSeparator(_ b: UInt8) -> Bool { b < 0x80 && !isASCIILetter(b) }

    /// Every chunk the probe does not settle: longer than `ChunkCache.maximumLength` (`key` nil),
    /// or not yet in the cache (then validated, scanned carefully and remembered under `key`).
    /// Returns the offset of invalid UTF-8, if the chunk holds some.
    @inline(never)
    mutating func slowChunk(_ range: Range<Int>, key: ChunkKey?, cache: ChunkCache) -> Int? {
        let chunk = UnsafeBufferPointer(rebasing: input[range])
        if !chunk.contains(where: { $0 >= 0x80 }) {  // ASCII letters only: nothing to do
            if let key { cache.insert(key.low, key.high, nil) }
            return nil
        }
        if let bad = UTF8Validation.firstInvalidOffset(in: chunk) { return range.lowerBound + bad }
        if startsWithUnsafe(range) {
            // Scanned together with the boundary byte before it, and never cached.
            let widened = max(0, range.lowerBound - 1)..<range.upperBound
            if let verdict = carefulVerdict(widened) { verdict.withUnsafeBufferPointer { emit(widened, $0) } }
            return nil
        }
        let verdict = quickUnchanged(range) ? nil : carefulVerdict(range)
        if let key { cache.insert(key.low, key.high, verdict) }
        if let verdict { verdict.withUnsafeBufferPointer { emit(range, $0) } }
        return nil
    }

    /// True when the chunk's first scalar may combine with what comes before it (such chunks
    /// are never cached: their verdict depends on that byte).
    func startsWithUnsafe(_ range: Range<Int>) -> Bool {
        input[range.lowerBound] >= 0x80 && NFCQuickCheck.isUnsafe(decode(at: range.lowerBound).scalar)
    }

    /// True for a chunk the careful scan would leave alone for the simple reason: one word of
    /// ASCII and precomposed Vietnamese letters whose tone (if any) cannot be misplaced. Saves
    /// the careful scan on most first sightings; false means "ask the careful scan".
    func quickUnchanged(_ range: Range<Int>) -> Bool {
        var shape = WordShape()
        var i = range.lowerBound
        while i < range.upperBound {
            let b = input[i]
            if b < 0x80 {
                shape.add(ascii: b)  // chunks hold only letters among ASCII bytes
                i += 1
                continue
            }
            let (scalar, length) = decode(at: i)
            let packed = packed(scalar)
            guard packed != 0 else { return false }
            shape.add(packed: packed)
            i += length
        }
        return shape.toneIsSettled
    }

    /// What the careful scan makes of `range` on its own: its replacement, or nil if unchanged.
    func carefulVerdict(_ range: Range<Int>) -> [UInt8]? {
        var scanner = TextNormalizer.Scanner(input: UnsafeBufferPointer(rebasing: input[range]), options: options,
                                             verdicts: verdicts)
        var bytes: [UInt8] = []
        return scanner.runCareful(into: &bytes) ? bytes : nil
    }
}

/// The fast path's output: a growable byte buffer that copies short runs with two 8-byte moves.
/// Owned by one `run`, which frees it (`release`) when it returns.
struct ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    mutating func release() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }

    mutating func reserve(_ minimum: Int) {
        guard minimum + 16 > capacity else { return }
        let newCapacity = max(minimum + 16, capacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let base { grown.update(from: base, count: count); base.deallocate() }
        base = grown
        capacity = newCapacity
    }

    /// Appends `count` bytes from `source`; `readable` says how many bytes there may be read.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count length: Int, readable: Int) {
        if count + length + 16 > capacity { reserve(count + length) }
        let target = base! + count
        if length <= 16, readable >= 16 {
            let raw = UnsafeRawPointer(source), out = UnsafeMutableRawPointer(target)
            out.storeBytes(of: raw.loadUnaligned(as: UInt64.self), as: UInt64.self)
            out.storeBytes(of: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        } else {
            target.update(from: source, count: length)
        }
        count += length
    }
}

/// Open-addressing table from a chunk of at most 15 bytes (two words, zero-padded: a chunk holds
/// no zero byte, so padding is unambiguous) to its verdict. A slot's two words sit side by side
/// and the top byte of the second (always zero in a key) flags "changed", so an unchanged chunk
/// costs one cache line.
final class ChunkCache {
    /// Most chunks remembered; past that, new chunks are scanned carefully every time.
    static let maximumCount = 1 << 17
    /// Longest chunk the table holds.
    static let maximumLength = 15
    /// Bytes that may be read past the end of a stored replacement.
    static let slack = 16
    /// Set in a slot's second word when the chunk has a replacement.
    static let changedFlag: UInt64 = 0x80 << 56
    private var capacity: Int
    /// Two words per slot (the probe inlined in the scan loop reads them); first word 0: empty slot.
    private(set) var keys: UnsafeMutablePointer<UInt64>
    /// Per slot with a replacement: its start in `bytes` and its length.
    private var starts: UnsafeMutablePointer<Int32>
    private var lengths: UnsafeMutablePointer<Int32>
    private var bytes: UnsafeMutablePointer<UInt8>
    private var bytesCount = 0, bytesCapacity: Int
    private var count = 0

    /// A table for about `expectedChunks` distinct chunks (it grows past that).
    init(expectedChunks: Int) {
        var capacity = 16
        while capacity < min(expectedChunks, 2048) * 2 { capacity <<= 1 }
        self.capacity = capacity
        bytesCapacity = max(256, min(expectedChunks * 8, 1 << 14))
        (keys, starts, lengths) = ChunkCache.emptySlots(capacity)
        bytes = .allocate(capacity: bytesCapacity)
        bytes.initialize(repeating: 0, count: bytesCapacity)
    }

    deinit {
        keys.deallocate()
        starts.deallocate()
        lengths.deallocate()
        bytes.deallocate()
    }

    private static func emptySlots(_ capacity: Int) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Int32>,
                                                        UnsafeMutablePointer<Int32>) {
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * capacity)
        keys.initialize(repeating: 0, count: 2 * capacity)
        let starts = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        starts.initialize(repeating: 0, count: capacity)
        let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        lengths.initialize(repeating: 0, count: capacity)
        return (keys, starts, lengths)
    }

    /// The storage as plain pointers, for the probe inlined in the scan loop; valid until the
    /// next `insert`.
    struct Table {
        let keys: UnsafeMutablePointer<UInt64>
        let starts: UnsafeMutablePointer<Int32>, lengths: UnsafeMutablePointer<Int32>
        let bytes: UnsafeMutablePointer<UInt8>
        let mask: Int

        /// The verdict on a chunk: nil when absent, an empty buffer for "unchanged", else the
        /// replacement (with `ChunkCache.slack` readable bytes after it).
        @inline(__always)
        func lookup(_ low: UInt64, _ high: UInt64) -> UnsafeBufferPointer<UInt8>? {
            var slot = ChunkCache.hash(low, high) & mask
            while true {
                let stored = keys[slot &<< 1]
                if stored == low {
                    let storedHigh = keys[slot &<< 1 &+ 1]
                    if storedHigh == high { return UnsafeBufferPointer(start: nil, count: 0) }
                    if storedHigh == high | ChunkCache.changedFlag {
                        return UnsafeBufferPointer(start: bytes + Int(starts[slot]), count: Int(lengths[slot]))
                    }
                }
                if stored == 0 { return nil }
                slot = (slot &+ 1) & mask
            }
        }
    }

    var table: Table { Table(keys: keys, starts: starts, lengths: lengths, bytes: bytes, mask: capacity - 1) }

    /// The slot-index mask, for the probe inlined in the scan loop; valid until the next `insert`.
    var slotMask: Int { capacity - 1 }

    /// The replacement stored in `slot` (which has the changed flag), with `slack` readable
    /// bytes after it.
    func replacement(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(starts[slot]), count: Int(lengths[slot]))
    }

    /// One multiply; the slot comes from the product's top bits, the best mixed.
    @inline(__always)
    static func hash(_ low: UInt64, _ high: UInt64) -> Int {
        let h = (low &+ (high &<< 7 | high &>> 57)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h &>> 40)
    }

    /// Stores a verdict (nil: unchanged) for a chunk that is not in the table.
    func insert(_ low: UInt64, _ high: UInt64, _ verdict: [UInt8]?) {
        guard count < ChunkCache.maximumCount else { return }
        let mask = capacity - 1
        var slot = ChunkCache.hash(low, high) & mask
        while keys[slot << 1] != 0 { slot = (slot + 1) & mask }
        keys[slot << 1] = low
        keys[slot << 1 + 1] = high
        if let verdict, !verdict.isEmpty {
            keys[slot << 1 + 1] = high | ChunkCache.changedFlag
            if bytesCount + verdict.count + ChunkCache.slack > bytesCapacity {
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bytesCapacity * 2)
                grown.initialize(repeating: 0, count: bytesCapacity * 2)
                grown.update(from: bytes, count: bytesCount)
                bytes.deallocate()
                bytes = grown
                bytesCapacity *= 2
            }
            verdict.withUnsafeBufferPointer { (bytes + bytesCount).update(from: $0.baseAddress!, count: $0.count) }
            starts[slot] = Int32(bytesCount)
            lengths[slot] = Int32(verdict.count)
            bytesCount += verdict.count
        }
        count += 1
        if count * 2 > capacity { grow() }
    }

    private func grow() {
        let (oldKeys, oldStarts, oldLengths, oldCapacity) = (keys, starts, lengths, capacity)
        capacity *= 2
        (keys, starts, lengths) = ChunkCache.emptySlots(capacity)
        let mask = capacity - 1
        for old in 0..<oldCapacity where oldKeys[old << 1] != 0 {
            let low = oldKeys[old << 1], high = oldKeys[old << 1 + 1]
            var slot = ChunkCache.hash(low, high & ~ChunkCache.changedFlag) & mask
            while keys[slot << 1] != 0 { slot = (slot + 1) & mask }
            (keys[slot << 1], keys[slot << 1 + 1]) = (low, high)
            (starts[slot], lengths[slot]) = (oldStarts[old], oldLengths[old])
        }
        oldKeys.deallocate()
        oldStarts.deallocate()
        oldLengths.deallocate()
    }
}
