import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Index of a word (syllable) in a language model's vocabulary.
public typealias WordID = UInt32

/// The context a language model carries between queries: up to three previous words, oldest first.
///
/// States are minimal (as in KenLM): a word is kept only while the model has longer n-grams that
/// extend it, so hypotheses that the model cannot tell apart compare equal and recombine.
public struct LMState: Hashable, Sendable {
    static let absent: WordID = .max
    var w0: WordID
    var w1: WordID
    var w2: WordID
    /// Trigram models: the bigram node of (w1, w2), found when the state was made, so the next
    /// query needs no search for its context. A function of the words, so equality is unchanged.
    var node: UInt32 = .max

    /// Number of context words held (0…3).
    var length: Int { w2 == LMState.absent ? 0 : w1 == LMState.absent ? 1 : w0 == LMState.absent ? 2 : 3 }

    /// Every field, last word first: the beam compares each expansion's state with its kept ones,
    /// which mostly differ in the last word and share the first (absent in a trigram model).
    @inline(__always)
    public static func == (a: LMState, b: LMState) -> Bool {
        a.w2 == b.w2 && a.w1 == b.w1 && a.w0 == b.w0 && a.node == b.node
    }
}

/// A syllable n-gram language model (interpolated modified Kneser–Ney, stored in backoff form)
/// read in place from a memory-mapped `.vnlm` file: opening it maps the file and checks its
/// header and checksum; nothing is decoded into Swift collections.
///
/// ```swift
/// let model = try LanguageModel.bundled()
/// var state = model.startState
/// var total: Float = 0
/// for word in ["văn", "phòng"] {
///     let (log10p, next) = model.score(state, model.id(of: word) ?? LanguageModel.unknownWordID)
///     total += log10p
///     state = next
/// }
/// ```
public final class LanguageModel: @unchecked Sendable {
    /// Reserved vocabulary entries, the same in every model.
    public static let unknownWordID: WordID = 0, sentenceStartID: WordID = 1, sentenceEndID: WordID = 2, numberID: WordID = 3
    /// Their spellings in the vocabulary and in ARPA files.
    public static let reservedWords = ["<unk>", "<s>", "</s>", "<num>"]

    let storage: ModelStorage
    let layout: ModelLayout
    /// The constants a trigram model's `score` reads, out of the layout's arrays (`isTrigram`).
    let trigram: TrigramView

    /// Highest n-gram order.
    public var order: Int { layout.order }
    /// Number of words, reserved entries included.
    public var vocabularySize: Int { layout.vocabularySize }
    /// Number of n-grams of each order (index 0 = unigrams).
    public var ngramCounts: [Int] { layout.counts }
    /// Size of the model file in bytes.
    public var fileSize: Int { storage.count }

    init(storage: ModelStorage, path: String) throws(VNFixError) {
        self.storage = storage
        self.layout = try ModelLayout(validating: storage, path: path)
        self.trigram = TrigramView(layout, base: storage.base)
    }

    /// Opens a `.vnlm` file by memory-mapping it. Throws `.invalidModel` for a missing, truncated,
    /// corrupt or wrong-version file.
    public static func load(contentsOf url: URL) throws(VNFixError) -> LanguageModel {
        let storage = try ModelStorage(mapping: url.path)
        return try LanguageModel(storage: storage, path: url.path)
    }

    /// Reads a model from bytes in memory (for tests and models built on the fly).
    public static func load(bytes: [UInt8], name: String = "<memory>") throws(VNFixError) -> LanguageModel {
        try LanguageModel(storage: ModelStorage(copying: bytes), path: name)
    }

    /// The model that ships with the package (built from `Corpora/train/` by `Tools/build_models.sh`).
    public static func bundled() throws(VNFixError) -> LanguageModel { try bundled(named: "default") }

    /// A bundled model by name: `default` (leaning to the in-domain reports) or `general` (the same
    /// texts leaning to the general text, for documents unlike the reports).
    static func bundled(named name: String) throws(VNFixError) -> LanguageModel {
        guard let url = Bundle.module.url(forResource: name, withExtension: "vnlm") else {
            throw .invalidModel(path: "\(name).vnlm", reason: "the bundled language model is missing from the package resources")
        }
        return try load(contentsOf: url)
    }

    /// Whether `other` has this model's vocabulary with the same word IDs (checked at every 97th
    /// ID and the last) and as many n-grams of each order, so that a state (`LMState`, whose node
    /// is an index into the trie) means the same in both. Models trained on the same texts with
    /// other mixture weights are: their vocabulary is ordered by raw counts, and their n-grams are
    /// the union of the same components' n-grams.
    func sharesVocabulary(with other: LanguageModel) -> Bool {
        guard vocabularySize == other.vocabularySize, layout.order == other.layout.order, layout.counts == other.layout.counts else { return false }
        for id in stride(from: 0, to: vocabularySize, by: 97) where word(WordID(id)) != other.word(WordID(id)) { return false }
        return vocabularySize == 0 || word(WordID(vocabularySize - 1)) == other.word(WordID(vocabularySize - 1))
    }

    // MARK: Vocabulary

    /// The ID of a lowercase NFC word given as UTF-8 bytes, or nil when it is not in the vocabulary.
    public func id(ofWord utf8: UnsafeBufferPointer<UInt8>) -> WordID? {
        let slots = layout.hashSlots
        let mask = UInt32(slots - 1)
        var slot = ModelLayout.hash(utf8) & mask
        let table = storage.base + layout.hashOffset
        let narrow = layout.hashSlotBytes == 2
        while true {
            let entry = narrow ? UInt32(table.loadUnaligned(fromByteOffset: Int(slot) * 2, as: UInt16.self))
                : table.loadUnaligned(fromByteOffset: Int(slot) * 4, as: UInt32.self)
            if entry == 0 { return nil }
            let id = entry - 1
            if wordBytesEqual(Int(id), utf8) { return id }
            slot = (slot &+ 1) & mask
        }
    }

    /// The ID of a lowercase NFC word, or nil when it is not in the vocabulary.
    public func id(of word: String) -> WordID? {
        var word = word
        return word.withUTF8 { id(ofWord: $0) }
    }

    @inline(__always)
    func wordRange(_ id: Int) -> Range<Int> {
        let start = ModelLayout.offset(storage.base, layout.vocabularyOffsets, id)
        let end = ModelLayout.offset(storage.base, layout.vocabularyOffsets, id + 1)
        return start..<end
    }

    @inline(__always)
    func wordBytesEqual(_ id: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = wordRange(id)
        guard range.count == utf8.count else { return false }
        guard let bytes = utf8.baseAddress else { return range.isEmpty }
        return memcmp(storage.base + layout.vocabularyBytesOffset + range.lowerBound, bytes, range.count) == 0
    }

    /// The spelling of a word ID.
    public func word(_ id: WordID) -> String {
        guard Int(id) < layout.vocabularySize else { return LanguageModel.reservedWords[0] }
        return String(decoding: wordBytes(id), as: UTF8.self)
    }

    /// The UTF-8 spelling of an in-vocabulary word ID, in place in the model's storage (valid
    /// while the model lives): for scans of the whole vocabulary that should not build `String`s.
    @inline(__always)
    func wordBytes(_ id: WordID) -> UnsafeBufferPointer<UInt8> {
        let range = wordRange(Int(id))
        let start = (storage.base + layout.vocabularyBytesOffset + range.lowerBound).assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: start, count: range.count)
    }

    /// How often the word occurred in the training text (0 for reserved entries); exact below
    /// 4,096, within 1/2048 above (the file keeps 12 significant bits).
    public func count(_ id: WordID) -> UInt32 {
        guard Int(id) < layout.vocabularySize else { return 0 }
        return CountCode.decode(storage.base.loadUnaligned(fromByteOffset: layout.unigramCountsOffset + Int(id) * 2, as: UInt16.self))
    }

    /// Every (ID, word) pair, in ID order.
    public func vocabulary() -> [(WordID, String)] {
        (0..<layout.vocabularySize).map { (WordID($0), word(WordID($0))) }
    }

    // MARK: Scoring

    /// The state at the start of a sentence (after `<s>`).
    public var startState: LMState { LMState(w0: LMState.absent, w1: LMState.absent, w2: LanguageModel.sentenceStartID) }
    /// A state with no context (unigram probabilities).
    public var emptyState: LMState { LMState(w0: LMState.absent, w1: LMState.absent, w2: LMState.absent) }

    /// log10 P(word | state) and the state after the word.
    public func score(_ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        if trigram.isTrigram { return trigram.score(state, scoredWord(word), empty: emptyState) }
        return scoreBySearch(state, word)
    }

    /// `score` by the general path of any order: a search per context length, no pair filter.
    /// Trigram models answer through `TrigramView` instead, which must agree with this exactly.
    func scoreBySearch(_ state: LMState, _ word: WordID) -> (log10Probability: Float, next: LMState) {
        let word = scoredWord(word)
        let history = (state.w0, state.w1, state.w2)
        let length = min(state.length, layout.order - 1)
        var backoff: Float = 0
        var c = length
        while c >= 1 {
            // Context = the last c words of the history.
            if let node = contextNode(history, length: c) {
                if let hit = find(level: c + 1, in: childRange(level: c, node), word) {
                    return (backoff + probability(level: c + 1, hit), nextState(history, length: length, word))
                }
                backoff += self.backoff(level: c, node)
            }
            c -= 1
        }
        return (backoff + unigramProbability(Int(word)), nextState(history, length: length, word))
    }

    /// The word a query scores for `word`: an ID outside the vocabulary, and `<s>` (never
    /// predicted), count as `<unk>`.
    @inline(__always)
    func scoredWord(_ word: WordID) -> WordID {
        Int(word) < trigram.vocabularySize && word != LanguageModel.sentenceStartID ? word : LanguageModel.unknownWordID
    }

    /// log10 P(</s> | state): the cost of ending the sentence here.
    public func endScore(_ state: LMState) -> Float { score(state, LanguageModel.sentenceEndID).log10Probability }

    /// Node (index in its level) of the context made of the last `length` words of `history`.
    @inline(__always)
    func contextNode(_ history: (WordID, WordID, WordID), length: Int) -> Int? {
        switch length {
        case 1:
            return Int(history.2)
        case 2:
            return find(level: 2, in: childRange(level: 1, Int(history.1)), history.2)
        default:
            guard let first = find(level: 2, in: childRange(level: 1, Int(history.0)), history.1) else { return nil }
            return find(level: 3, in: childRange(level: 2, first), history.2)
        }
    }

    /// The minimal state after `word`: the longest suffix of (history + word) that the model can extend.
    @inline(__always)
    func nextState(_ history: (WordID, WordID, WordID), length: Int, _ word: WordID) -> LMState {
        let maximum = layout.order - 1
        guard maximum >= 1 else { return emptyState }
        let words = (history.0, history.1, history.2, word)
        // The last `maximum` words of the extended history.
        let extended = min(length + 1, maximum)
        var s = extended
        while s >= 1 {
            let node: Int?
            switch s {
            case 1: node = Int(word)
            case 2: node = find(level: 2, in: childRange(level: 1, Int(words.2)), word)
            default:
                if let first = find(level: 2, in: childRange(level: 1, Int(words.1)), words.2) {
                    node = find(level: 3, in: childRange(level: 2, first), word)
                } else {
                    node = nil
                }
            }
            if let node, s < layout.order, !childRange(level: s, node).isEmpty { break }
            s -= 1
        }
        switch s {
        case 0: return emptyState
        case 1: return LMState(w0: LMState.absent, w1: LMState.absent, w2: word)
        case 2: return LMState(w0: LMState.absent, w1: words.2, w2: word)
        default:
            return LMState(w0: words.1, w1: words.2, w2: word)
        }
    }

    // MARK: Levels

    @inline(__always)
    func unigramProbability(_ id: Int) -> Float { ModelLayout.half(storage.base, layout.unigramProbOffset, id) }

    /// Children (in level+1) of entry `node` of `level` (1-based; level 1 = unigrams).
    @inline(__always)
    func childRange(level: Int, _ node: Int) -> Range<Int> {
        guard level < layout.order else { return 0..<0 }
        return ModelLayout.children(storage.base, layout.children[level], node)
    }

    /// Binary search for `word` among the entries `range` of `level` (≥ 2).
    @inline(__always)
    func find(level: Int, in range: Range<Int>, _ word: WordID) -> Int? {
        ModelLayout.find(storage.base, records: layout.recordsOffset[level], bits: layout.recordBits[level], mask: layout.wordMask, in: range, word)
    }

    /// The word of entry `index` of `level` (≥ 2).
    @inline(__always)
    func entryWord(level: Int, _ index: Int) -> WordID {
        WordID(layout.record(storage.base, level: level, index) & layout.wordMask)
    }

    @inline(__always)
    func probability(level: Int, _ index: Int) -> Float {
        ModelLayout.quantized(storage.base, layout.record(storage.base, level: level, index), shift: UInt64(layout.wordBits),
                              codebook: layout.probCodebookOffset[level])
    }

    @inline(__always)
    func backoff(level: Int, _ index: Int) -> Float {
        if level == 1 { return ModelLayout.half(storage.base, layout.unigramBackoffOffset, index) }
        guard level < layout.order else { return 0 }
        return ModelLayout.quantized(storage.base, layout.record(storage.base, level: level, index), shift: UInt64(layout.wordBits + 8),
                                     codebook: layout.backoffCodebookOffset[level])
    }
}

/// A half float's value. Baseline x86-64 has no conversion instruction (Swift calls a library
/// routine), so zero and normal numbers, all a model holds in practice, are widened by bit moves.
@inline(__always)
func halfToFloat(_ bits: UInt16) -> Float {
    let exponent = bits & 0x7C00
    if exponent != 0, exponent != 0x7C00 {
        let sign = UInt32(bits & 0x8000) << 16
        return Float(bitPattern: sign | (UInt32(bits & 0x7FFF) << 13) &+ (112 << 23))
    }
    if bits & 0x7FFF == 0 { return bits == 0 ? 0 : -0.0 }
    return Float(Float16(bitPattern: bits))  // subnormal, infinity, NaN
}

/// The bytes of a model: a read-only memory map of a file, or an owned copy.
final class ModelStorage: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    private let mapped: Bool

    init(mapping path: String) throws(VNFixError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .invalidModel(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .invalidModel(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        guard size >= ModelLayout.headerSize else {
            throw .invalidModel(path: path, reason: "file is \(size) bytes, shorter than the \(ModelLayout.headerSize)-byte header (truncated?)")
        }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), pointer != MAP_FAILED else {
            throw .invalidModel(path: path, reason: "cannot map the file: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(pointer)
        count = size
        mapped = true
    }

    init(copying bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        base = UnsafeRawPointer(buffer)
        count = bytes.count
        mapped = false
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}
