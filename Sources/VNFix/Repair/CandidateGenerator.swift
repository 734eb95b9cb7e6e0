import Foundation

/// One way to read an observed token: a vocabulary syllable and how likely the damage is.
struct Candidate: Sendable {
    var id: WordID
    /// log10 P(observed | this syllable).
    var channel: Float
    /// Lowercase NFC text of the syllable.
    var text: String
    var isIdentity: Bool
    /// Read from the core together with its trailing OCR mark (`LineToken.markEnd`), which the
    /// replacement then covers.
    var absorbsMark = false
    /// The token's own syllable with its tone mark on another vowel (`tòa` for `toà`, by the
    /// scorer's `EvaluationScore.toneKey`): written out as the token.
    var placesToneElsewhere = false
    /// The second syllable when the token reads as two words that OCR ran together (`tinhda`
    /// tỉnh đã; `text` then holds both, with a space); `WordID.max` for one word.
    var secondID: WordID = .max

    /// The word the reading ends with: the second of two, or the one.
    var lastID: WordID { secondID != .max ? secondID : id }
}

/// Finds candidates for a token: the token itself, forms the token memory saw, and syllables
/// whose stripped key is within a small edit distance of the keys the OCR characters suggest.
/// The index is built once from the model's vocabulary; lookups are cached per token form.
final class CandidateGenerator: @unchecked Sendable {
    let model: LanguageModel
    let channel: ChannelModel
    /// Stripped lowercase ASCII key (packed, see `pack`) → vocabulary IDs, and deletion neighbours.
    private let index: SyllableKeyIndex
    /// Per key slot of `index`: its words that may be candidates, with their letters; nil until
    /// a lookup first reaches the key (checking every word at start-up cost more than a repair).
    /// Plain memory under `lock`, like `preparedCache`: as a stored `var`, each of a document's
    /// ~140k lookups paid the runtime's exclusivity check (~11M instructions on sample 003).
    private let checkedEntries: UnsafeMutableBufferPointer<[IndexEntry]?>
    private let lock = NSLock()

    /// An indexed word that passed the syllable check.
    struct IndexEntry {
        var id: WordID
        /// Its letters (scalars), for the channel score: inline, at most 8 (an index key's length),
        /// so that reading an entry retains no array (as an array, the ~3M entries a document's
        /// candidate generation reads cost ~25M instructions of retains and releases on sample 003).
        private var storage: SIMD8<UInt32>
        private var count: UInt8

        init?(id: WordID, letters: [UInt32]) {
            guard letters.count <= 8 else { return nil }
            self.id = id
            storage = SIMD8(repeating: 0)
            for (k, letter) in letters.enumerated() { storage[k] = letter }
            count = UInt8(letters.count)
        }

        /// `body` with the letters as a buffer.
        @inline(__always)
        func withLetters<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
            withUnsafeBytes(of: storage) { raw in
                body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt32.self), count: Int(count)))
            }
        }
    }
    private var cache: [CacheKey: [Candidate]] = [:]

    struct CacheKey: Hashable { var token: [UInt32]; var kind: DamageKind }
    /// Behind a pointer, under `lock`: as a stored `var` of this class, every lookup (one per
    /// token and pass) paid the runtime's exclusivity check as well as the lock.
    private let preparedCache: UnsafeMutablePointer<PreparedTokenCache> = {
        let cache = UnsafeMutablePointer<PreparedTokenCache>.allocate(capacity: 1)
        cache.initialize(to: PreparedTokenCache())
        return cache
    }()

    deinit {
        preparedCache.deinitialize(count: 1)
        preparedCache.deallocate()
        checkedEntries.deinitialize()
        checkedEntries.deallocate()
    }

    /// The decoder's prepared form of a token (bytes + mode key), if seen before.
    func prepared(_ bytes: UnsafeBufferPointer<UInt8>, mode: UInt32) -> PreparedToken? {
        lock.lock()
        defer { lock.unlock() }
        return preparedCache.pointee.value(for: bytes, mode: mode)
    }

    func storePrepared(_ bytes: UnsafeBufferPointer<UInt8>, mode: UInt32, _ value: PreparedToken) {
        lock.lock()
        defer { lock.unlock() }
        preparedCache.pointee.set(value, for: bytes, mode: mode)
    }

    private var abbreviations: AbbreviationReader?

    /// The abbreviation reader, made on first use (a few ms that most documents never need).
    func abbreviationReader() -> AbbreviationReader { cached(\.abbreviations) { AbbreviationReader(model: $0.model) } }

    private var bounds: ScoreBounds?
    /// The bounds of `Repairer.generalModel` (the only other model a generator is asked about).
    private var otherBounds: ScoreBounds?

    /// The model's score upper bounds by word, computed on first use (a few ms, so not at start-up).
    func scoreBounds() -> ScoreBounds { cached(\.bounds) { ScoreBounds($0.model) } }

    /// `scoreBounds` of another model with this one's word IDs (`Repairer.generalModel`), made
    /// once on first use.
    func scoreBounds(of other: LanguageModel) -> ScoreBounds { cached(\.otherBounds) { _ in ScoreBounds(other) } }

    /// The value cached in `slot`, made by `make` (under the lock) the first time: the tables a
    /// generator makes only when a document first needs them.
    private func cached<Value>(_ slot: ReferenceWritableKeyPath<CandidateGenerator, Value?>, _ make: (CandidateGenerator) -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = self[keyPath: slot] { return value }
        let made = make(self)
        self[keyPath: slot] = made
        return made
    }

    static let maximumCandidates = DecoderTuning.shared.maximumCandidates
    static let maximumExactCandidates = 24

    /// The stripped lowercase ASCII key of a token made only of letters, or nil.
    func plainKey(_ observed: [UInt32]) -> [UInt8]? {
        var key: [UInt8] = []
        key.reserveCapacity(observed.count)
        for scalar in observed {
            let base = ChannelModel.base(scalar)
            guard base != 0 else { return nil }
            key.append(base)
        }
        return key
    }

    /// A key of at most 8 ASCII letters packed into one integer (first letter in the low byte);
    /// nil for longer keys, which no indexed syllable has.
    @inline(__always)
    static func pack(_ key: some Collection<UInt8>) -> UInt64? {
        guard key.count <= 8 else { return nil }
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for byte in key {
            packed |= UInt64(byte) << shift
            shift += 8
        }
        return packed
    }

    /// Number of letters of a packed key (letters are never 0).
    @inline(__always)
    static func length(_ key: UInt64) -> Int { (64 - key.leadingZeroBitCount + 7) / 8 }

    /// The packed key without its letter at `index`.
    @inline(__always)
    static func deleting(_ key: UInt64, at index: Int) -> UInt64 {
        let low = key & ((UInt64(1) << UInt64(8 * index)) &- 1)
        let high = key >> UInt64(8 * (index + 1))
        return low | high << UInt64(8 * index)
    }

    init(model: LanguageModel, channel: ChannelModel, minimumCount: UInt32 = 1) {
        self.model = model
        self.channel = channel.prepared()
        index = SyllableKeyIndex(model: model, minimumCount: minimumCount)
        checkedEntries = .allocate(capacity: index.slotCount)
        checkedEntries.initialize(repeating: nil)
        capitalisedBonus = CandidateGenerator.capitalisedBonus(channel.tables[.unmarked] ?? ChannelTable(), model: model)
        surnameIDs = PersonalNames.surnames.compactMap { model.id(of: $0) }
    }

    /// Whether a reading that could not rank among those kept goes unaligned (`generate`). Off
    /// only in tests, which check that it changes no candidate list.
    var skipsUnrankableReadings = true

    /// Tables that make candidate generation cheaper, made once `coldTablesAfter` tokens have
    /// needed candidates. They cost ~10M instructions (~3 ms) and save ~75k a token (probing for
    /// key neighbours costs ~100k): a few lines' worth of tokens, so a one-line input never pays
    /// for them and a document repays them many times. Until then generation computes the same
    /// values directly. Right text and `--mode normalize` never make them.
    struct ColdPathTables: Sendable {
        /// The candidate index's one-letter deletions (`nearbyKeys`; before, probing).
        let deletions: KeyDeletions
        /// By word ID: what a reading's rank adds for the word's frequency (`generate`; before,
        /// a logarithm per reading).
        let frequencyPriors: [Float]
    }

    private var coldPathTables: ColdPathTables?
    private var generatedTokens = 0
    /// How many tokens generate without `ColdPathTables` (tests set 0 and `.max` to compare both ways).
    var coldTablesAfter = 32

    /// `ColdPathTables`, or nil while no more than `coldTablesAfter` tokens have asked.
    func coldTables() -> ColdPathTables? {
        lock.lock()
        defer { lock.unlock() }
        if let coldPathTables { return coldPathTables }
        generatedTokens += 1
        guard generatedTokens > coldTablesAfter else { return nil }
        let tables = ColdPathTables(deletions: KeyDeletions(keys: index.allKeys),
                                    frequencyPriors: (0..<model.vocabularySize).map { CandidateGenerator.frequencyPrior(of: WordID($0), model) })
        coldPathTables = tables
        return tables
    }

    /// What a reading's rank adds for its word's frequency (`generate`, `LineDecoder.splitReadings`).
    @inline(__always)
    static func frequencyPrior(of id: WordID, _ model: LanguageModel) -> Float {
        DecoderTuning.shared.frequencyPrior * log10(Float(model.count(id)) + 1)
    }

    /// Whether `word` (UTF-8 letters) is, marks stripped and lowercased, the stripped form of a
    /// syllable of the model (`tong`, `Sach`: tổng, sách; not `troll`).
    func spellsSyllable(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = SyllableKeyIndex.strippedKey(word, LetterTables.shared) else { return false }
        return index.slot(of: key) != nil
    }

    /// The word IDs of the common surnames (`PersonalNames.surnames`).
    let surnameIDs: [WordID]

    private var pairs: UInt64Set?

    /// Word-ID pairs (`pairKey`) that the training text mostly capitalises together (`CasePair`),
    /// made on first use: only two capitalised tokens in a row need them, and the 23k pairs cost
    /// ~14M instructions (~4 ms) of a start-up that may repair one line without any.
    func capitalisedPairs() -> UInt64Set {
        cached(\.pairs) { CandidateGenerator.capitalisedPairs($0.channel.tables[.unmarked] ?? ChannelTable(), model: $0.model) }
    }

    private var dictionary: DictionaryWords?

    /// The channel's two-syllable dictionary words (`ChannelTable.dictionaryText`) as word IDs,
    /// made on first use (a few ms that text with marks and no change to weigh never needs).
    func dictionaryWords() -> DictionaryWords {
        cached(\.dictionary) { generator in
            let pairs = CandidateGenerator.wordIDPairs(generator.model) { generator.channel.tables[.marked]?.forEachDictionaryWord($0) }
            return DictionaryWords(pairs: pairs, vocabularySize: generator.model.vocabularySize)
        }
    }

    static func capitalisedPairs(_ table: ChannelTable, model: LanguageModel) -> UInt64Set {
        let pairs = wordIDPairs(model) { body in table.forEachCasePair { first, second, _, _ in body(first, second) } }
        var set = UInt64Set(minimumCapacity: pairs.count)
        for pair in pairs { _ = set.insert(pairKey(pair.first, pair.second)) }
        return set
    }

    /// The word IDs of the word pairs (UTF-8) that `forEachPair` gives, leaving out any pair with a
    /// word the model lacks. The channel file lists its pairs sorted, so each first word is looked
    /// up once (a surname starts hundreds of the names' pairs).
    static func wordIDPairs(_ model: LanguageModel, _ forEachPair: ((UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> [(first: WordID, second: WordID)] {
        var pairs: [(first: WordID, second: WordID)] = []
        var previousFirst: (bytes: UnsafeBufferPointer<UInt8>, id: WordID?)? = nil
        forEachPair { first, second in
            if previousFirst == nil || !previousFirst!.bytes.hasSameBytes(as: first) { previousFirst = (first, model.id(ofWord: first)) }
            guard let first = previousFirst!.id, let second = model.id(ofWord: second) else { return }
            pairs.append((first, second))
        }
        return pairs
    }

    @inline(__always)
    static func pairKey(_ first: WordID, _ second: WordID) -> UInt64 { UInt64(first) << 32 | UInt64(second) }

    /// By word ID: log10 of how much likelier than the average word it is to be capitalised where
    /// no sentence starts (smoothed toward the average with 10 pseudo-uses; 0 for words the channel
    /// has no count of). Empty when the channel has no capitalisation counts.
    let capitalisedBonus: [Float]

    static func capitalisedBonus(_ table: ChannelTable, model: LanguageModel) -> [Float] {
        var capitalised = 0, total = 0
        table.forEachCaseCount { capitalised += $1; total += $2 }
        guard capitalised > 0, total > 0 else { return [] }
        let average = Double(capitalised) / Double(total)
        var bonus = [Float](repeating: 0, count: model.vocabularySize)
        table.forEachCaseCount { word, capitalised, total in
            guard let id = model.id(ofWord: word) else { return }
            let rate = (Double(capitalised) + 10 * average) / (Double(total) + 10)
            bonus[Int(id)] = Float(log10(rate / average))
        }
        return bonus
    }

    /// The candidate words of a stripped key (packed), ascending by ID: its indexed words that are
    /// real syllables. Checked on the first lookup of the key, then remembered.
    func entries(forKey key: UInt64) -> [IndexEntry] {
        guard let slot = index.slot(of: key) else { return [] }
        lock.lock()
        let checked = checkedEntries[slot]
        lock.unlock()
        if let checked { return checked }
        var entries: [IndexEntry] = []
        let tables = LetterTables.shared
        var letters: [VietnameseLetter] = []
        for id in index.ids(inSlot: slot) {
            // Indexed words are valid UTF-8 made only of letters, so their scalars are their
            // letters (as `VietnameseLetter.letters(of:)` finds them), read without a `String`.
            let scalars = SyllableKeyIndex.scalars(of: model.wordBytes(id))
            letters.removeAll(keepingCapacity: true)
            for scalar in scalars { letters.append(VietnameseLetter(packed: tables.packed(scalar))) }
            // A replacement must be a real syllable (or an abbreviation with Đ, such as HĐND):
            // the training text's English and command names (`cp`, `nr`, `sb`) are not.
            guard Syllable.parse(letters).isValid || scalars.contains(0x111), let entry = IndexEntry(id: id, letters: scalars) else { continue }  // đ
            entries.append(entry)
        }
        lock.lock()
        checkedEntries[slot] = entries
        lock.unlock()
        return entries
    }

    /// Candidates for a lowercased observed token (scalars), best first.
    func candidates(for observed: [UInt32], kind: DamageKind) -> [Candidate] {
        let cacheKey = CacheKey(token: observed, kind: kind)
        lock.lock()
        if let hit = cache[cacheKey] { lock.unlock(); return hit }
        lock.unlock()
        let result = generate(observed, kind: kind)
        lock.lock()
        if cache.count > 200_000 { cache.removeAll(keepingCapacity: true) }
        cache[cacheKey] = result
        lock.unlock()
        return result
    }

    private func generate(_ observed: [UInt32], kind: DamageKind) -> [Candidate] {
        let text = String(String.UnicodeScalarView(observed.compactMap(Unicode.Scalar.init)))
        var found = ReadingTable()
        var scorer = channel.scorer(kind, observed: observed)
        var identityID = model.id(of: text)
        if identityID == nil, Syllable.isValid(text) { identityID = LanguageModel.unknownWordID }  // a real syllable the model has not seen
        if let identityID {
            found.set(Candidate(id: identityID, channel: scorer.score(observed), text: text, isIdentity: true))
        }
        let table = channel.tables[kind]
        // Token memory: whole forms seen in the OCR pairs. A reading scores the share of the form's
        // occurrences that were its gold token, P(gold | form) (less 0.3), when the pairs show how
        // often the form is right as it stands. A form that is a word itself but never occurs read
        // as itself there (the pairs' text lacks that word: `nêu` seen only as a misread `nếu`)
        // would make that share 1, as if the word were always a misreading; it scores
        // P(form | gold) instead, the share of the gold token's occurrences misread as this form
        // (5 of 92 `nếu`), and the language model weighs the word against the reading as usual.
        if let memory = table?.tokens, let readings = memory.readings(of: text) {
            let total = Float(readings.reduce(0) { $0 + memory.count($1) })
            let neverReadAsItself = identityID != nil && !readings.contains { memory.gold($0) == text } && Syllable.isValid(text)
            for reading in readings where Float(memory.count(reading)) / total >= 0.05 {
                let gold = memory.gold(reading), count = memory.count(reading)
                guard let id = model.id(of: gold), found[id]?.isIdentity != true else { continue }
                // As for the index: a remembered reading must be a real syllable (an aligned pair may
                // have paired `c6` with a split `c`).
                guard Syllable.isValid(gold) || gold.unicodeScalars.contains("đ") else { continue }
                let letters = gold.unicodeScalars.map(\.value)
                let dp = scorer.score(letters)
                let remembered = neverReadAsItself ? log10(Float(count) / Float(memory.goldTotal(reading))) : log10(Float(count) / total) - 0.3
                found.set(Candidate(id: id, channel: max(dp, remembered), text: gold, isIdentity: false))
            }
        }
        // The token's own mark variants (when it is plain letters), then the stripped keys the OCR
        // characters suggest and keys within edit distance 1 of them.
        let markVariants = plainKey(observed).flatMap(CandidateGenerator.pack).map { entries(forKey: $0) } ?? []
        for entry in markVariants where found.index(of: entry.id) == nil {
            found.set(Candidate(id: entry.id, channel: entry.withLetters { scorer.score($0) }, text: "", isIdentity: false))  // text: once kept
        }
        // Rank by channel plus a small frequency prior (computed once per candidate, not per comparison).
        struct Ranked { var rank: Float, id: WordID, reading: Int }
        @inline(__always) func before(_ a: Ranked, _ b: Ranked) -> Bool { a.rank != b.rank ? a.rank > b.rank : a.id < b.id }
        let tables = coldTables()
        let priors = tables?.frequencyPriors ?? []
        @inline(__always) func prior(_ id: WordID) -> Float {
            Int(id) < priors.count ? priors[Int(id)] : CandidateGenerator.frequencyPrior(of: id, model)
        }
        // Every syllable that differs from a plain-letter token only in its marks stays a
        // candidate: which of them is meant is the language model's call, not the prior's.
        var exact = [Bool](repeating: false, count: found.readings.count)
        for entry in markVariants { if let index = found.index(of: entry.id) { exact[index] = true } }
        // In rank order (ties by ID): the best `maximumCandidates` of the rest, and of those the ones
        // ranked among the first `maximumExactCandidates` readings kept; two bounded insertion
        // lists, not a sort of every reading. (The lists keep the best under a total order, so
        // the order readings join them in does not matter.)
        func insert(_ item: Ranked, into list: inout [Ranked], limit: Int) {
            if list.count == limit { guard let last = list.last, before(item, last) else { return } ; list.removeLast() }
            var at = list.count
            list.append(item)
            while at > 0, before(item, list[at - 1]) {
                list[at] = list[at - 1]
                at -= 1
            }
            list[at] = item
        }
        var bestExact: [Ranked] = [], bestOthers: [Ranked] = []
        bestExact.reserveCapacity(CandidateGenerator.maximumExactCandidates + 1)
        bestOthers.reserveCapacity(CandidateGenerator.maximumCandidates + 1)
        // (By index, reading two fields: a copy of each reading retained and released its text.)
        for reading in found.readings.indices {
            let id = found.readings[reading].id
            let item = Ranked(rank: found.readings[reading].channel + prior(id), id: id, reading: reading)
            if exact[reading] {
                insert(item, into: &bestExact, limit: CandidateGenerator.maximumExactCandidates)
            } else {
                insert(item, into: &bestOthers, limit: CandidateGenerator.maximumCandidates)
            }
        }
        // Every mark variant is found by now: the readings the keys add rank among the rest. One
        // that could not enter a full list even at its channel score's upper bound is never aligned.
        let keys = suggestedKeys(observed, table: table)
        var seenKeys = UInt64Set(minimumCapacity: 128)
        var near: [UInt64] = []
        for (key, _) in keys {
            if let packed = CandidateGenerator.pack(key) {
                nearbyKeys(packed, length: key.count, maxDistance: key.count >= 3 ? 1 : 0, deletions: tables?.deletions, into: &near)
            } else {
                // Longer than any indexed key: only a nine-letter key can reach one (8 letters) by
                // dropping an extra letter.
                near.removeAll(keepingCapacity: true)
                if key.count == 9 {
                    for i in key.indices {
                        var deleted = key
                        deleted.remove(at: i)
                        if let packed = CandidateGenerator.pack(deleted), index.slot(of: packed) != nil { near.append(packed) }
                    }
                }
            }
            for near in near where seenKeys.insert(near) {
                for entry in entries(forKey: near) where found.index(of: entry.id) == nil {
                    let prior = prior(entry.id)
                    if skipsUnrankableReadings, bestOthers.count == CandidateGenerator.maximumCandidates, let last = bestOthers.last,
                       !before(Ranked(rank: entry.withLetters { scorer.upperBound($0) } + prior, id: entry.id, reading: 0), last) {
                        continue
                    }
                    let score = entry.withLetters { scorer.score($0) }
                    found.set(Candidate(id: entry.id, channel: score, text: "", isIdentity: false))  // text: once kept
                    insert(Ranked(rank: score + prior, id: entry.id, reading: found.readings.count - 1), into: &bestOthers, limit: CandidateGenerator.maximumCandidates)
                }
            }
        }
        var kept: [Candidate] = []
        kept.reserveCapacity(bestExact.count + bestOthers.count + 1)
        var e = 0, o = 0
        while e < bestExact.count || o < bestOthers.count {
            if o == bestOthers.count || e < bestExact.count && before(bestExact[e], bestOthers[o]) {
                // A mark variant joins while fewer than `maximumExactCandidates` readings rank above it.
                if kept.count < CandidateGenerator.maximumExactCandidates { kept.append(found.readings[bestExact[e].reading]) }
                e += 1
            } else {
                kept.append(found.readings[bestOthers[o].reading])
                o += 1
            }
        }
        // Index readings get their spelling only now that they are kept.
        for k in kept.indices where kept[k].text.isEmpty { kept[k].text = model.word(kept[k].id) }
        if let identityID, !kept.contains(where: { $0.id == identityID }), let identity = found[identityID] {
            kept.append(identity)
        }
        return kept
    }

    /// Stripped keys (ASCII) that the observed characters may stand for, most likely first.
    func suggestedKeys(_ observed: [UInt32], table: ChannelTable?) -> [([UInt8], Float)] {
        var position = 0
        // Walk positions; each step consumes one or two observed scalars. The keys reaching each
        // position, by position (an array: a dictionary by position hashed at every append).
        var frontier = [[([UInt8], Float)]](repeating: [], count: observed.count + 1)
        frontier[0] = [([], 0)]
        while position < observed.count {
            guard !frontier[position].isEmpty else { position += 1; continue }
            let current = frontier[position]
            frontier[position] = []
            for length in 1...2 where position + length <= observed.count {
                let first = observed[position], second = length == 2 ? observed[position + 1] : 0
                var options: [(base: UInt8?, share: Float)] = []
                if let learned = table?.inverse[UInt64(first) << 21 | UInt64(second)] {
                    options = learned.map { ($0.base, $0.share) }
                }
                if length == 1 {
                    let base = ChannelModel.base(first)
                    if base != 0, !options.contains(where: { $0.base == base }) { options.append((base, 0.5)) }
                    if base == 0 { options.append((nil, 0.05)) }  // noise character: drop it
                }
                for option in options {
                    let logShare = log10(option.share)
                    for (key, score) in current {
                        var next = key
                        if let base = option.base { next.append(base) }
                        frontier[position + length].append((next, score + logShare))
                    }
                }
            }
            for index in frontier.indices where frontier[index].count > 8 {
                frontier[index] = Array(frontier[index].sorted { $0.1 > $1.1 }.prefix(8))
            }
            position += 1
        }
        let beams = frontier[observed.count].sorted { $0.1 > $1.1 }
        var seen = Set<[UInt8]>()
        return beams.filter { !$0.0.isEmpty && seen.insert($0.0).inserted }.prefix(6).map { $0 }
    }

    /// Keys in the index within `maxDistance` (0 or 1) edits of `key` (packed, `length` letters).
    /// A key may come more than once, and may have no candidate words (none passed the syllable
    /// check): callers take each key's `entries` once.
    /// The same keys with or without the deletion table (`ColdPathTables`); probing without it.
    func nearbyKeys(_ key: UInt64, length: Int, maxDistance: Int, deletions: KeyDeletions?, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        func appendLonger(_ key: UInt64) {
            if let deletions { deletions.appendLongerKeys(deletingTo: key, into: &result) } else { index.appendKeys(deletingTo: key, into: &result) }
        }
        if index.slot(of: key) != nil { result.append(key) }
        // A two-letter observation may have lost one letter (`cp` for `cấp`, `tp` for `tập`).
        if maxDistance == 0, length == 2 { appendLonger(key) }
        guard maxDistance >= 1 else { return }
        appendLonger(key)  // one letter missing in the observation
        for i in 0..<length {
            let deleted = CandidateGenerator.deleting(key, at: i)
            if index.slot(of: deleted) != nil { result.append(deleted) }  // one extra letter observed
            appendLonger(deleted)  // one letter substituted
        }
    }
}
