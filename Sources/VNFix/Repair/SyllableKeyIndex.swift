/// The candidate index over the vocabulary: word IDs by stripped key (lowercase ASCII letters,
/// packed by `CandidateGenerator.pack`).
///
/// It is built at every start-up from the whole vocabulary (tens of thousands of words), so it is
/// one pass over the model's word bytes into flat arrays: no `String` per word, no array per key.
/// The keys' one-letter deletions are another table (`KeyDeletions`), made once a few lines'
/// worth of tokens have needed candidates. Whether a word is a real syllable, the costly check,
/// is left to the first lookup that reaches its key (`CandidateGenerator.entries(forKey:)`).
struct SyllableKeyIndex: Sendable {
    /// Open addressing by packed key: slot → key (0 = empty) and its first word (ID + 1).
    /// A power-of-two count, at most half full.
    private var slotKeys: [UInt64]
    private var slotFirstWords: [Int32]
    /// Word ID → the next word ID + 1 with the same key (0 = last); chains ascend by ID.
    private var nextWords: [Int32] = []
    /// Bit b set when some indexed key holds the letter byte b (lowercase ASCII).
    private var alphabet: (low: UInt64, high: UInt64) = (0, 0)
    /// A Bloom filter of the indexed keys (`BlockedBloom`; a few KB, in L1): `appendKeys` probes
    /// ~1,000 keys for a five-letter token, nearly all absent, and a probe of the slot table
    /// (hundreds of KB) mostly misses the cache.
    private var keyFilter: [UInt64] = []
    private var keyFilterBits = 6

    /// Indexes the words (other than the reserved entries) seen at least `minimumCount` times whose
    /// stripped key has 1–8 letters.
    init(model: LanguageModel, minimumCount: UInt32) {
        let size = model.vocabularySize
        var slots = 16
        while slots < size { slots *= 2 }  // about twice the keys (words share keys)
        slotKeys = [UInt64](repeating: 0, count: slots)
        slotFirstWords = [Int32](repeating: 0, count: slots)
        var nextWords = [Int32](repeating: 0, count: size)
        var alphabet: (low: UInt64, high: UInt64) = (0, 0)
        var keyCount = 0
        let letters = LetterTables.shared
        // From the last word down, each word goes in front of its key's chain: chains ascend by ID.
        var id = size - 1
        while id > Int(LanguageModel.numberID) {
            defer { id -= 1 }
            guard model.count(WordID(id)) >= minimumCount,
                  let packed = SyllableKeyIndex.strippedKey(model.wordBytes(WordID(id)), letters) else { continue }
            var rest = packed
            while rest != 0 {
                let byte = rest & 0x7F
                if byte < 64 { alphabet.low |= 1 << byte } else { alphabet.high |= 1 << (byte & 63) }
                rest >>= 8
            }
            var slot = slotIndex(of: packed)
            if slotKeys[slot] == 0 {
                if (keyCount + 1) * 2 > slotKeys.count {
                    grow()
                    slot = slotIndex(of: packed)
                }
                slotKeys[slot] = packed
                keyCount += 1
            }
            nextWords[id] = slotFirstWords[slot]
            slotFirstWords[slot] = Int32(id + 1)
        }
        self.nextWords = nextWords
        self.alphabet = alphabet
        keyFilterBits = BlockedBloom.wordBits(forItems: keyCount)
        keyFilter = [UInt64](repeating: 0, count: 1 << keyFilterBits)
        for key in slotKeys where key != 0 {
            let (word, mask) = filterSlot(key)
            keyFilter[word] |= mask
        }
    }

    /// The key filter's word and bits for `key` (keys are packed letters, so they are mixed first).
    @inline(__always)
    private func filterSlot(_ key: UInt64) -> (index: Int, mask: UInt64) {
        BlockedBloom.slot(key &* 0xD6E8_FEB8_6659_FD93, wordBits: keyFilterBits)
    }

    /// False only when `key` is not indexed.
    @inline(__always)
    private func mayHold(_ key: UInt64) -> Bool {
        let (word, mask) = filterSlot(key)
        return keyFilter.withUnsafeBufferPointer { $0[word] } & mask == mask
    }

    /// The packed stripped key (`Diacritics.stripWord`, lowercased, then `CandidateGenerator.pack`) of a
    /// word of 1–8 letters in valid UTF-8, or nil. Invalid UTF-8 gives nil, as it did when the index
    /// was built from `model.word` (which repairs it to U+FFFD, no letter).
    @inline(__always)
    static func strippedKey(_ word: UnsafeBufferPointer<UInt8>, _ letters: LetterTables) -> UInt64? {
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        var i = 0
        let n = word.count
        guard n > 0 else { return nil }
        while i < n {
            let b0 = UInt32(word[i])
            let scalar: UInt32
            if b0 < 0x80 {
                scalar = b0
                i += 1
            } else if b0 >= 0xC2, b0 < 0xE0, i + 1 < n, word[i + 1] & 0xC0 == 0x80 {
                scalar = (b0 & 0x1F) << 6 | UInt32(word[i + 1] & 0x3F)
                i += 2
            } else if b0 >= 0xE0, b0 < 0xF0, i + 2 < n, word[i + 1] & 0xC0 == 0x80, word[i + 2] & 0xC0 == 0x80 {
                scalar = (b0 & 0x0F) << 12 | UInt32(word[i + 1] & 0x3F) << 6 | UInt32(word[i + 2] & 0x3F)
                guard scalar >= 0x800, scalar & 0xF800 != 0xD800 else { return nil }  // overlong, surrogate
                i += 3
            } else {
                return nil  // invalid, or a four-byte scalar (no letter)
            }
            let letter = letters.packed(scalar)
            guard letter != 0, shift < 64 else { return nil }
            packed |= UInt64(letter & 0x7F) << shift
            shift += 8
        }
        return packed
    }

    /// The scalars of a word in valid UTF-8 (as every indexed word is).
    static func scalars(of word: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(word.count)
        var i = 0
        while i < word.count {
            let (scalar, length) = UTF8Validation.scalar(in: word, at: i)
            result.append(scalar)
            i += length
        }
        return result
    }

    /// Every indexed key, in slot order (for checks; lookups go through `slot(of:)`).
    var allKeys: [UInt64] { slotKeys.filter { $0 != 0 } }

    /// Number of slots: key slots are 0..<slotCount.
    var slotCount: Int { slotKeys.count }

    @inline(__always)
    private static func hash(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slotIndex(of key: UInt64) -> Int {
        slotKeys.withUnsafeBufferPointer { SyllableKeyIndex.probe(key, in: $0) }
    }

    /// The slot holding `key` in an open-addressing table of keys (0 = empty; a power-of-two
    /// count, never full), or the empty slot where it would go. (`KeyDeletions` too.)
    @inline(__always)
    static func probe(_ key: UInt64, in keys: UnsafeBufferPointer<UInt64>) -> Int {
        let mask = keys.count - 1
        var slot = hash(key, mask)
        while true {
            let stored = keys[slot]
            if stored == key || stored == 0 { return slot }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = slotKeys, oldFirstWords = slotFirstWords
        slotKeys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        slotFirstWords = [Int32](repeating: 0, count: oldKeys.count * 2)
        for (key, first) in zip(oldKeys, oldFirstWords) where key != 0 {
            let slot = slotIndex(of: key)
            slotKeys[slot] = key
            slotFirstWords[slot] = first
        }
    }

    /// The slot of an indexed key (a stable number for it, below `slotCount`), or nil.
    @inline(__always)
    func slot(of key: UInt64) -> Int? {
        guard key != 0, mayHold(key) else { return nil }  // the empty key is never indexed (0 marks empty slots)
        let slot = slotIndex(of: key)
        return slotKeys[slot] == 0 ? nil : slot
    }

    /// The word IDs of the key in `slot`, ascending.
    func ids(inSlot slot: Int) -> [WordID] {
        var result: [WordID] = []
        var next = slotFirstWords[slot]
        while next != 0 {
            result.append(WordID(next - 1))
            next = nextWords[Int(next - 1)]
        }
        return result
    }

    /// `KeyDeletions.appendLongerKeys(deletingTo:)` by probing: `key` with one letter inserted, for
    /// each letter some key holds. (A key may come twice, as `aab` from `ab`.) The reference the
    /// deletion table is checked against (probing cost ~17,000 instructions a token).
    func appendKeys(deletingTo key: UInt64, into result: inout [UInt64]) {
        let length = CandidateGenerator.length(key)
        guard key != 0, length < 8 else { return }
        for position in 0...length {
            let shift = UInt64(8 * position)
            let low = key & ((UInt64(1) << shift) &- 1)
            let high = position == length ? 0 : (key >> shift) << (shift + 8)
            for half in 0..<2 {
                var letters = half == 0 ? alphabet.low : alphabet.high
                let offset = UInt64(64 * half)
                while letters != 0 {
                    let letter = UInt64(letters.trailingZeroBitCount) + offset
                    letters &= letters - 1
                    let longer = low | letter << shift | high
                    if mayHold(longer), slotKeys[slotIndex(of: longer)] != 0 { result.append(longer) }
                }
            }
        }
    }
}
