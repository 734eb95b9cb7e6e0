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
    public struct Options: Sendable, Equatable {
        /// Where tone marks go in `oa`, `oe`, `uy` syllables; misplaced marks are always moved.
        public var toneStyle: ToneStyle
        /// Fold the characters in `Lookalikes.table` where they make a valid syllable.
        public var foldLookalikes: Bool
        /// Move tone marks that sit on the wrong vowel (`tóan` → `toán`).
        public var fixTonePlacement: Bool

        public init(toneStyle: ToneStyle = .preserve, foldLookalikes: Bool = true, fixTonePlacement: Bool = true) {
            self.toneStyle = toneStyle
            self.foldLookalikes = foldLookalikes
            self.fixTonePlacement = fixTonePlacement
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Normalizes a string.
    public func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            var output: [UInt8] = []
            let changed = normalize(utf8: input, into: &output)
            return changed ? String(decoding: output, as: UTF8.self) : String(decoding: input, as: UTF8.self)
        }
    }

    /// Normalizes valid UTF-8 and appends the result to `output`.
    /// Returns false, appending nothing, when the input is already normalized.
    @discardableResult
    public func normalize(utf8 input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
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
        var verdicts: [WordKey: [UInt8]?] = [:]
        static let maximumVerdicts = 1 << 16

        init(input: UnsafeBufferPointer<UInt8>, options: Options) {
            self.input = input
            self.options = options
        }

        @inline(__always)
        static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

        @inline(__always)
        func decode(at i: Int) -> (scalar: UInt32, length: Int) {
            let b0 = UInt32(input[i])
            if b0 < 0x80 { return (b0, 1) }
            if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F), 2) }
            if b0 < 0xF0 {
                return ((b0 & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F), 3)
            }
            return ((b0 & 0x07) << 18 | UInt32(input[i + 1] & 0x3F) << 12 | UInt32(input[i + 2] & 0x3F) << 6
                | UInt32(input[i + 3] & 0x3F), 4)
        }

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

        mutating func run(into output: inout [UInt8]) -> Bool {
            let n = input.count
            var i = 0
            var previousStart = 0  // start of the previous scalar, for marks that follow a non-letter
            while i < n {
                // Skip ASCII that is not a letter, 8 bytes at a time when none is a letter or non-ASCII.
                let b = input[i]
                if b < 0x80 {
                    if Scanner.isASCIILetter(b) {
                        let wordStart = i
                        i = word(from: i, into: &output)
                        previousStart = wordStart
                        continue
                    }
                    previousStart = i
                    i += 1
                    continue
                }
                let (scalar, length) = decode(at: i)
                if LetterTables.shared.packed(scalar) != 0 || (options.foldLookalikes && Lookalikes.isLookalike(scalar) && !Scanner.isCombining(scalar))
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
            var letterCount = 0, vowelCount = 0, toneCount = 0
            var needsComposition = false  // marks or lookalikes present
            var foreign = false  // a letter that is not Vietnamese
            var unsafe = false
            var previousWasVowel = false
            // The tone rule that settles most words: a toned vowel with a modifier (ế ộ ướ) that
            // no later modified vowel follows already carries the tone where every style puts it.
            var tonedVowelIsModified = false, modifiedAfterTone = false
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    guard Scanner.isASCIILetter(b) else { break }
                    letterCount += 1
                    let lower = b | 0x20
                    previousWasVowel = lower == 0x61 || lower == 0x65 || lower == 0x69 || lower == 0x6F || lower == 0x75 || lower == 0x79
                    if previousWasVowel { vowelCount += 1 }
                    i += 1
                    continue
                }
                let (scalar, length) = decode(at: i)
                let packed = LetterTables.shared.packed(scalar)
                if packed != 0 {
                    let letter = VietnameseLetter(packed: packed)
                    letterCount += 1
                    previousWasVowel = letter.isVowel
                    if previousWasVowel { vowelCount += 1 }
                    if letter.tone != .none {
                        toneCount += 1
                        tonedVowelIsModified = letter.modifier != .none
                    } else if toneCount > 0, letter.modifier != .none, letter.modifier != .stroke {
                        modifiedAfterTone = true
                    }
                } else if Scanner.isCombining(scalar) {
                    needsComposition = true
                    unsafe = true
                } else if options.foldLookalikes, Lookalikes.isLookalike(scalar) {
                    // Spacing accents count only right after a vowel; Ð/ð only as letters.
                    if case .letter = Lookalikes.lookalikeByScalar[scalar] {
                        needsComposition = true
                        letterCount += 1
                    } else if previousWasVowel {
                        needsComposition = true
                    } else {
                        break
                    }
                } else if let properties = Unicode.Scalar(scalar)?.properties, properties.isAlphabetic {
                    foreign = true
                    if NFCQuickCheck.isUnsafe(scalar) { unsafe = true }
                    previousWasVowel = false
                } else {
                    break
                }
                i += length
            }
            if i == start { return start + decode(at: start).length }  // a lone accent: not a word
            let end = i
            let range = start..<end
            if foreign || letterCount > Syllable.maximumLetters {
                if unsafe { foundationNFC(range, into: &output) }
                return end
            }
            let checkTone = (options.fixTonePlacement || options.toneStyle != .preserve) && toneCount > 0
                && vowelCount >= 2
            guard needsComposition || checkTone else { return end }
            if !needsComposition, toneCount == 1, tonedVowelIsModified, !modifiedAfterTone { return end }
            rewriteRemembering(range, into: &output)
            return end
        }

        /// `rewrittenVietnameseWord`, answered from `verdicts` when the same bytes were seen before.
        mutating func rewriteRemembering(_ range: Range<Int>, into output: inout [UInt8]) {
            guard let key = WordKey(UnsafeBufferPointer(rebasing: input[range])) else {
                if let bytes = rewrittenVietnameseWord(range) { replace(range, with: bytes, into: &output) }
                return
            }
            let verdict: [UInt8]?
            if let known = verdicts[key] {
                verdict = known
            } else {
                verdict = rewrittenVietnameseWord(range)
                if verdicts.count < Scanner.maximumVerdicts { verdicts[key] = verdict }
            }
            if let bytes = verdict { replace(range, with: bytes, into: &output) }
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

/// Up to 32 bytes of a word, packed for hashing. Words hold no zero byte, so zero padding is
/// unambiguous.
struct WordKey: Hashable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        withUnsafeMutableBytes(of: &self) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
    }
}
