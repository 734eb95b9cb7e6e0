import Foundation

/// Vietnamese-aware Unicode normalization: NFC that composes marks in any order, folds
/// lookalikes, and places tone marks, while copying text that needs none of it byte for byte.
///
/// ```swift
/// let normalizer = TextNormalizer()
/// normalizer.normalize("Vie\u{0323}\u{0302}t Nam")  // "Việt Nam"
/// TextNormalizer(options: .init(toneStyle: .new)).normalize("hòa bình")  // "hoà bình"
/// ```
public struct TextNormalizer: Sendable {
    /// Tone style, lookalike folding and tone-placement repair, each on by default but the style (preserve).
    public struct Options: Sendable, Equatable {
        /// Where tone marks go in `oa`, `oe`, `uy` syllables; misplaced marks are always moved.
        public var toneStyle: ToneStyle
        /// Fold the characters in `Lookalikes.table` where they make a valid syllable.
        public var foldLookalikes: Bool
        /// Move tone marks that sit on the wrong vowel (`tóan` → `toán`).
        public var fixTonePlacement: Bool

        /// `Options(toneStyle: .new)` writes `hoà`, `thuỷ`.
        public init(toneStyle: ToneStyle = .preserve, foldLookalikes: Bool = true, fixTonePlacement: Bool = true) {
            self.toneStyle = toneStyle
            self.foldLookalikes = foldLookalikes
            self.fixTonePlacement = fixTonePlacement
        }
    }

    /// The options in force.
    public var options: Options

    /// A normalizer; it holds no state and is safe to share.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Normalizes a string.
    public func normalize(_ text: String) -> String { normalize(text, remembering: nil) }

    /// What a normalizer remembers from one call to the next on the same text: its verdicts on
    /// chunks and on words, which depend only on their bytes and the options. A call on its own
    /// starts with none, so a text normalized line by line (`Repairer.Session`) went through the
    /// careful scan for every word of every line. Not thread-safe: one per stream.
    final class Memory {
        let options: Options
        var chunks: ChunkCache?
        let verdicts = VerdictCache()

        init(options: Options) { self.options = options }
    }

    /// `normalize(_:)`, with the verdicts of earlier calls that used `memory` (made with these
    /// options); nil: none kept. The input itself when nothing changes (not a decoded copy).
    func normalize(_ text: String, remembering memory: Memory?) -> String {
        var copy = text
        let normalized: String? = copy.withUTF8 { input in
            var output: [UInt8] = []
            return normalize(utf8: input, into: &output, remembering: memory) ? String(decoding: output, as: UTF8.self) : nil
        }
        return normalized ?? text
    }

    /// Normalizes valid UTF-8 and appends the result to `output`.
    /// Returns false, appending nothing, when the input is already normalized.
    @discardableResult
    public func normalize(utf8 input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        normalize(utf8: input, into: &output, remembering: nil)
    }

    func normalize(utf8 input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], remembering memory: Memory?) -> Bool {
        var scanner: Scanner
        if let memory {
            precondition(memory.options == options, "a normalizer's memory serves its own options")
            scanner = Scanner(input: input, options: options, verdicts: memory.verdicts)
            scanner.chunks = memory.chunks
        } else {
            scanner = Scanner(input: input, options: options)
        }
        defer { memory?.chunks = scanner.chunks }
        switch scanner.run(into: &output) {
        case .unchanged: return false
        case .changed: return true
        case .invalidUTF8:
            // Outside the contract (the caller validates), but never wrong: the careful scan
            // treats broken bytes as non-letters.
            output.removeAll(keepingCapacity: true)
            var careful = Scanner(input: input, options: options)
            return careful.runCareful(into: &output)
        }
    }

    /// What `normalize(validatingUTF8:into:)` found.
    public enum Outcome: Sendable, Equatable {
        /// The input is already normal; nothing was appended.
        case unchanged
        /// The normalized text was appended.
        case changed
        /// The input is not valid UTF-8 from this byte offset on; the output is unspecified.
        case invalidUTF8(offset: Int)
    }

    /// Validates UTF-8 and normalizes in one pass: the boundary check and the work share the
    /// scan, and words seen before are neither validated nor analysed again.
    public func normalize(validatingUTF8 input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Outcome {
        var scanner = Scanner(input: input, options: options)
        return scanner.run(into: &output)
    }

    /// Plain Unicode NFC for text that holds no Vietnamese (the rare path).
    static func standardNFC(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }
}

// MARK: - Byte scanner

extension TextNormalizer {
    /// Walks valid UTF-8 once; unchanged stretches are copied lazily, so already-normal input
    /// costs one pass and no output writes.
    struct Scanner {
        let input: UnsafeBufferPointer<UInt8>
        let options: Options
        /// Start of the bytes not yet copied to the output.
        var pending = 0
        var changed = false
        /// Verdicts on words already rewritten in this text (nil: unchanged). Text repeats a few
        /// thousand syllables, so most words after the first pages are a hash lookup.
        let verdicts: VerdictCache
        /// Verdicts on whole chunks (runs between ASCII non-letters), for the fast path.
        var chunks: ChunkCache?
        /// The fast path's output buffer.
        var sink = ByteSink()
        /// scalar → packed letter, held here so the scan does not go through the shared instance's
        /// lazy initialization check at every character.
        let packedByScalar: [UInt16] = LetterTables.shared.packedByScalar

        @inline(__always)
        func packed(_ scalar: UInt32) -> UInt16 {
            scalar < LetterTables.limit ? packedByScalar[Int(scalar)] : 0
        }

        init(input: UnsafeBufferPointer<UInt8>, options: Options, verdicts: VerdictCache = VerdictCache()) {
            self.input = input
            self.options = options
            self.verdicts = verdicts
        }

        @inline(__always)
        static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

        @inline(__always)
        func decode(at i: Int) -> (scalar: UInt32, length: Int) { UTF8Validation.scalar(in: input, at: i) }

        @inline(__always)
        static func isCombining(_ s: UInt32) -> Bool {
            (0x0300...0x036F).contains(s) || (0x1AB0...0x1AFF).contains(s) || (0x1DC0...0x1DFF).contains(s)
                || (0x20D0...0x20FF).contains(s) || (0xFE20...0xFE2F).contains(s)
        }

        mutating func replace(_ range: Range<Int>, with bytes: some Collection<UInt8>, into output: inout [UInt8]) {
            if !changed {
                output.reserveCapacity(output.count + input.count + input.count / 16)
                changed = true
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[pending..<range.lowerBound]))
            output.append(contentsOf: bytes)
            pending = range.upperBound
        }

        /// The reference scan, scalar by scalar. The fast path (`run`) uses it for every chunk it
        /// has not seen before, and tests check that the two agree.
        mutating func runCareful(into output: inout [UInt8]) -> Bool {
            let n = input.count
            var i = 0
            var previousStart = 0  // start of the previous scalar, for marks that follow a non-letter
            while i < n {
                // Skip ASCII that is not a letter, 8 bytes at a time when none is a letter or non-ASCII.
                let b = input[i]
                if b < 0x80 {
                    if Scanner.isASCIILetter(b) {
                        let wordStart = i
                        // A word of ASCII letters ended by ASCII has no tone and no mark: nothing
                        // to do. Only when a non-ASCII scalar follows is it looked at closely.
                        i += 1
                        while i < n, Scanner.isASCIILetter(input[i]) { i += 1 }
                        if i < n, input[i] >= 0x80 { i = word(from: wordStart, into: &output) }
                        previousStart = wordStart
                        continue
                    }
                    previousStart = i
                    i += 1
                    continue
                }
                let (scalar, length) = decode(at: i)
                if packed(scalar) != 0 || (options.foldLookalikes && Lookalikes.isLookalike(scalar) && !Scanner.isCombining(scalar))
                    || (scalar >= 0x80 && Unicode.Scalar(scalar)?.properties.isAlphabetic == true && !Scanner.isCombining(scalar)) {
                    let wordStart = i
                    i = word(from: i, into: &output)
                    previousStart = wordStart
                    continue
                }
                if NFCQuickCheck.isUnsafe(scalar) {
                    // A mark or composable scalar after a non-letter: NFC the cluster from the previous starter.
                    let start = max(previousStart, pending)
                    var end = i + length
                    while end < n {
                        let (next, nextLength) = decode(at: end)
                        guard Scanner.isCombining(next) else { break }
                        end += nextLength
                    }
                    foundationNFC(start..<end, into: &output)
                    previousStart = start
                    i = end
                    continue
                }
                previousStart = i
                i += length
            }
            if changed {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[pending..<n]))
            }
            return changed
        }

        mutating func foundationNFC(_ range: Range<Int>, into output: inout [UInt8]) {
            if let bytes = foundationNFC(range) { replace(range, with: bytes, into: &output) }
        }

        /// Plain NFC of a range, or nil when that changes nothing.
        func foundationNFC(_ range: Range<Int>) -> [UInt8]? {
            let original = String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
            let normalized = TextNormalizer.standardNFC(original)
            if normalized.utf8.elementsEqual(UnsafeBufferPointer(rebasing: input[range])) { return nil }
            return Array(normalized.utf8)
        }

        /// Handles one word (a run of letters and marks); returns the index after it.
        mutating func word(from start: Int, into output: inout [UInt8]) -> Int {
            let n = input.count
            var i = start
            var shape = WordShape()
            var needsComposition = false  // marks or lookalikes present
            var foreign = false  // a letter that is not Vietnamese
            var unsafe = false
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    guard Scanner.isASCIILetter(b) else { break }
                    shape.add(ascii: b)
                    i += 1
                    continue
                }
                let (scalar, length) = decode(at: i)
                let packed = packed(scalar)
                if packed != 0 {
                    shape.add(packed: packed)
                } else if Scanner.isCombining(scalar) {
                    needsComposition = true
                    unsafe = true
                } else if options.foldLookalikes, Lookalikes.isLookalike(scalar) {
                    // Spacing accents count only right after a vowel; Ð/ð only as letters.
                    if case .letter = Lookalikes.lookalikeByScalar[scalar] {
                        needsComposition = true
                        shape.letters += 1
                    } else if shape.lastWasVowel {
                        needsComposition = true
                    } else {
                        break
                    }
                } else if let properties = Unicode.Scalar(scalar)?.properties, properties.isAlphabetic {
                    foreign = true
                    if NFCQuickCheck.isUnsafe(scalar) { unsafe = true }
                    shape.lastWasVowel = false
                } else {
                    break
                }
                i += length
            }
            if i == start { return start + decode(at: start).length }  // a lone accent: not a word
            let end = i
            let range = start..<end
            if foreign || shape.letters > Syllable.maximumLetters {
                if unsafe { foundationNFC(range, into: &output) }
                return end
            }
            let placesTones = options.fixTonePlacement || options.toneStyle != .preserve
            guard needsComposition || (placesTones && !shape.toneIsSettled) else { return end }
            rewriteRemembering(range, into: &output)
            return end
        }

        /// `rewrittenVietnameseWord`, answered from `verdicts` when the same bytes were seen before.
        mutating func rewriteRemembering(_ range: Range<Int>, into output: inout [UInt8]) {
            guard let key = WordKey(UnsafeBufferPointer(rebasing: input[range])) else {
                if let bytes = rewrittenVietnameseWord(range) { replace(range, with: bytes, into: &output) }
                return
            }
            let (slot, found) = verdicts.find(key)
            if found {
                verdicts.withReplacement(at: slot) { replace(range, with: $0, into: &output) }
            } else {
                let verdict = rewrittenVietnameseWord(range)
                verdicts.insert(key, verdict, at: slot)
                if let bytes = verdict { replace(range, with: bytes, into: &output) }
            }
        }

        /// Composes a word letter by letter (collecting mark slots), then places its tone.
        /// Returns the new bytes, or nil when the word stays as it is. Depends only on the bytes
        /// of the word and the options, which is what lets `verdicts` remember it.
        func rewrittenVietnameseWord(_ range: Range<Int>) -> [UInt8]? {
            var letters: [VietnameseLetter] = []
            letters.reserveCapacity(Syllable.maximumLetters)
            var usedLookalike = false
            var failed = false
            var i = range.lowerBound
            while i < range.upperBound, !failed {
                let (scalar, length) = decode(at: i)
                i += length
                let packed = LetterTables.shared.packed(scalar)
                if packed != 0 {
                    letters.append(VietnameseLetter(packed: packed))
                    continue
                }
                var meaning = Lookalikes.combiningMeaning(scalar)
                if meaning == nil, options.foldLookalikes, let folded = Lookalikes.lookalikeByScalar[scalar] {
                    meaning = folded
                    usedLookalike = true
                }
                switch meaning {
                case .letter(let letter)?:
                    letters.append(letter)
                case .tone(let tone)?:
                    if let last = letters.indices.last, letters[last].tone == .none, letters[last].isVowel {
                        letters[last].tone = tone
                    } else {
                        failed = true
                    }
                case .modifier(let modifier)?:
                    if let last = letters.indices.last, letters[last].modifier == .none {
                        letters[last].modifier = modifier
                        if letters[last].scalar == nil { failed = true }
                    } else {
                        failed = true
                    }
                case nil:
                    failed = true
                }
            }
            if failed { return foundationNFC(range) }
            var syllable = letters.withUnsafeBufferPointer { Syllable.parse($0) }
            if usedLookalike, !syllable.isValid { return foundationNFC(range) }
            if syllable.isValid, options.fixTonePlacement || options.toneStyle != .preserve {
                letters.withUnsafeMutableBufferPointer { _ = TonePlacement.apply(options.toneStyle, to: $0) }
                syllable.problem = nil
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(range.count + 4)
            for letter in letters {
                guard let scalar = letter.scalar else { return foundationNFC(range) }
                UTF8.encode(scalar) { bytes.append($0) }
            }
            return bytes.elementsEqual(UnsafeBufferPointer(rebasing: input[range])) ? nil : bytes
        }
    }
}

/// What a scan learns of a word's letters for the tone rule, letter by letter. Shared by the
/// careful scan and the fast path's first-sight check, which must agree on it.
struct WordShape {
    var letters = 0, vowels = 0, tones = 0
    var lastWasVowel = false
    /// The rule that settles most words: a toned vowel with a modifier (ế ộ ướ) that no later
    /// modified vowel follows already carries the tone where every style puts it.
    var tonedVowelIsModified = false, modifiedAfterTone = false

    /// Bits for a e i o u y, counted from `a`.
    @inline(__always)
    static func isVowelBase(_ base: UInt8) -> Bool { (0x0110_4111 as UInt32) >> UInt32(base &- 0x61) & 1 != 0 }

    @inline(__always)
    mutating func add(ascii b: UInt8) {
        letters += 1
        lastWasVowel = WordShape.isVowelBase(b | 0x20)
        if lastWasVowel { vowels += 1 }
    }

    /// A Vietnamese letter, straight from its packed bits (see `VietnameseLetter.packed`).
    @inline(__always)
    mutating func add(packed: UInt16) {
        letters += 1
        let modifier = packed >> 7 & 7
        lastWasVowel = WordShape.isVowelBase(UInt8(packed & 0x7F))
        if lastWasVowel { vowels += 1 }
        if packed >> 10 & 7 != 0 {
            tones += 1
            tonedVowelIsModified = modifier != 0
        } else if tones > 0, modifier != 0, modifier != UInt16(LetterModifier.stroke.rawValue) {
            modifiedAfterTone = true
        }
    }

    /// True when no tone placement can move anything: no tone, fewer than two vowels, or the
    /// modifier rule above.
    var toneIsSettled: Bool { tones == 0 || vowels < 2 || (tones == 1 && tonedVowelIsModified && !modifiedAfterTone) }
}

/// Up to 32 bytes of a word, packed for hashing. Words hold no zero byte, so zero padding is
/// unambiguous.
struct WordKey: Equatable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    init() {}

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 32, !bytes.isEmpty else { return nil }
        withUnsafeMutableBytes(of: &self) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
    }
}

/// Open-addressing table from word bytes to the rewrite verdict: cheaper than a Dictionary
/// (no SipHash, no reference counting) on the path every multi-vowel toned word takes.
/// A class over raw storage so lookups copy nothing.
final class VerdictCache {
    /// Most verdicts kept; a text with more distinct words simply stops remembering.
    static let maximumCount = 1 << 16
    private var capacity = 64  // grows; most calls are one line
    private var keys: UnsafeMutablePointer<WordKey>  // empty slot: all zero (no word is empty)
    /// Per slot: -1 unchanged, else the start of the replacement in `bytes`, whose length is `lengths`.
    private var starts: UnsafeMutablePointer<Int32>
    private var lengths: UnsafeMutablePointer<Int32>
    private var bytes: [UInt8] = []
    private var count = 0

    init() {
        (keys, starts, lengths) = VerdictCache.emptySlots(capacity)
    }

    /// Fresh slot arrays: empty keys, no replacement.
    private static func emptySlots(_ capacity: Int) -> (UnsafeMutablePointer<WordKey>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        let keys = UnsafeMutablePointer<WordKey>.allocate(capacity: capacity)
        keys.initialize(repeating: WordKey(), count: capacity)
        let starts = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        starts.initialize(repeating: -1, count: capacity)
        let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        lengths.initialize(repeating: 0, count: capacity)
        return (keys, starts, lengths)
    }

    deinit {
        keys.deallocate()
        starts.deallocate()
        lengths.deallocate()
    }

    @inline(__always)
    static func hash(_ key: WordKey) -> Int {
        var h = key.w0 &* 0x9E37_79B9_7F4A_7C15
        h ^= key.w1 &* 0xC2B2_AE3D_27D4_EB4F
        h ^= key.w2 &* 0x1656_67B1_9E37_79F9
        h ^= key.w3 &* 0x27D4_EB2F_1656_67C5
        return Int(truncatingIfNeeded: h ^ h >> 31)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    func find(_ key: WordKey) -> (slot: Int, found: Bool) {
        let mask = capacity - 1
        var slot = VerdictCache.hash(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return (slot, true) }
            if stored.w0 == 0 { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the replacement stored at a found slot; nothing for "unchanged".
    @inline(__always)
    func withReplacement(at slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let start = Int(starts[slot])
        guard start >= 0 else { return }
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + Int(lengths[slot])])) }
    }

    /// Stores a verdict in the empty slot `find` returned.
    func insert(_ key: WordKey, _ verdict: [UInt8]?, at slot: Int) {
        guard count < VerdictCache.maximumCount else { return }
        keys[slot] = key
        if let verdict {
            starts[slot] = Int32(bytes.count)
            lengths[slot] = Int32(verdict.count)
            bytes.append(contentsOf: verdict)
        } else {
            starts[slot] = -1
        }
        count += 1
        if count * 2 > capacity { grow() }
    }

    private func grow() {
        let oldKeys = keys, oldStarts = starts, oldLengths = lengths, oldCapacity = capacity
        capacity *= 2
        (keys, starts, lengths) = VerdictCache.emptySlots(capacity)
        let mask = capacity - 1
        for old in 0..<oldCapacity where oldKeys[old].w0 != 0 {
            var slot = VerdictCache.hash(oldKeys[old]) & mask
            while keys[slot].w0 != 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[old]
            starts[slot] = oldStarts[old]
            lengths[slot] = oldLengths[old]
        }
        oldKeys.deallocate()
        oldStarts.deallocate()
        oldLengths.deallocate()
    }
}
