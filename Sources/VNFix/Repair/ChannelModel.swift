import Foundation

/// What the input looks like, which decides how it was damaged.
enum DamageKind: String, Sendable, CaseIterable {
    /// English-model OCR or text with marks stripped: most marks are missing or Latinized.
    case unmarked = "eng"
    /// Text that already carries Vietnamese marks (typed text, Vietnamese-model OCR).
    case marked = "vie"
}

/// P(OCR characters | intended letter), learned from aligned (OCR, gold) pairs, plus a token
/// memory (whole OCR forms seen for a gold syllable). Scores are log10.
struct ChannelTable: Sendable {
    /// (gold scalar, OCR chunk of up to two scalars) → count. Gold 0 marks an inserted OCR character.
    var counts: [UInt64: Float] = [:]
    var goldTotals: [UInt32: Float] = [:]
    /// Lowercased OCR token → gold token → count.
    var tokens = TokenMemory()
    /// OCR chunk → stripped gold base letters it stood for, with shares (for candidate keys).
    var inverse: [UInt64: [(base: UInt8, share: Float)]] = [:]
    /// How often each word of the training text is written with a capital where no sentence
    /// starts (`CaseCount`); part of the channel for capitalised tokens (`Đảng` vs `đang`).
    /// Kept as the file's bytes (`word<TAB>capitalised<TAB>total<LF>` each) and read in place
    /// (`forEachCaseCount`): 7k `K` lines and 23k `P` lines parsed into strings cost ~4 ms of
    /// start-up, and the generator wants word IDs, not strings.
    var capitalisationText: [UInt8] = []
    /// Pairs of words the training text writes both capitalised where no sentence starts, in most
    /// of their uses there (`Cần Thơ`, `Điện Biên`, `Nguyễn Thị`): evidence for a pair of
    /// capitalised tokens (`CasePair`). As the file's bytes (`first<TAB>second<TAB>capitalised<TAB>total<LF>`).
    var capitalisedPairText: [UInt8] = []

    /// Calls `body` with the tab-separated fields of each line of `text` that has `count` of them
    /// (the texts that keep the file's `W`, `K` and `P` lines as bytes). They hold lines the parser
    /// checked (or the setters wrote), so every line has its count.
    private static func forEachLine(of text: [UInt8], fields count: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) -> Void) {
        text.withUnsafeBufferPointer { text in
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: count) { fields in
                var start = 0
                while start < text.count {
                    // One pass over the line's bytes, ending each field at a tab and the last at the line feed.
                    var found = 0, fieldStart = start, i = start
                    while i < text.count, text[i] != 0x0A {
                        if text[i] == 0x09 {
                            if found < count { fields[found] = fieldStart..<i }
                            found += 1
                            fieldStart = i + 1
                        }
                        i += 1
                    }
                    if found < count { fields[found] = fieldStart..<i }
                    if found + 1 == count { body(text, UnsafeBufferPointer(fields)) }
                    start = i + 1
                }
            }
        }
    }

    /// The value of a field of decimal digits.
    @inline(__always)
    private static func decimal(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        text[range].reduce(0) { $0 * 10 + Int($1 &- 0x30) }
    }

    /// Calls `body` with each capitalisation count's word (bytes in place), capitalised uses and total.
    func forEachCaseCount(_ body: (UnsafeBufferPointer<UInt8>, _ capitalised: Int, _ total: Int) -> Void) {
        Self.forEachLine(of: capitalisationText, fields: 3) { text, fields in
            body(UnsafeBufferPointer(rebasing: text[fields[0]]), Self.decimal(text, fields[1]), Self.decimal(text, fields[2]))
        }
    }

    /// Calls `body` with each capitalised pair's two words (bytes in place), capitalised uses and total.
    func forEachCasePair(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, _ capitalised: Int, _ total: Int) -> Void) {
        Self.forEachLine(of: capitalisedPairText, fields: 4) { text, fields in
            body(UnsafeBufferPointer(rebasing: text[fields[0]]), UnsafeBufferPointer(rebasing: text[fields[1]]),
                 Self.decimal(text, fields[2]), Self.decimal(text, fields[3]))
        }
    }

    /// The capitalisation counts as values (training writes them; tests read them).
    var capitalisation: [CaseCount] {
        get {
            var counts: [CaseCount] = []
            forEachCaseCount { counts.append(CaseCount(word: String(decoding: $0, as: UTF8.self), capitalised: $1, total: $2)) }
            return counts
        }
        set {
            capitalisationText = []
            for count in newValue { capitalisationText += Array("\(count.word)\t\(count.capitalised)\t\(count.total)\n".utf8) }
        }
    }

    /// The capitalised pairs as values (training writes them; tests read them).
    var capitalisedPairs: [CasePair] {
        get {
            var pairs: [CasePair] = []
            forEachCasePair {
                pairs.append(CasePair(first: String(decoding: $0, as: UTF8.self), second: String(decoding: $1, as: UTF8.self), capitalised: $2, total: $3))
            }
            return pairs
        }
        set {
            capitalisedPairText = []
            for pair in newValue { capitalisedPairText += Array("\(pair.first)\t\(pair.second)\t\(pair.capitalised)\t\(pair.total)\n".utf8) }
        }
    }
    /// Words of two syllables from a dictionary (`first second`, lowercase), kept with the marked
    /// table: in text with marks, a word that makes one of them with its neighbour is likelier
    /// typed right than misread (`lúc bấy giờ`, `bàng quan`), so a change to it must win by more.
    /// Kept as the file's bytes (`first<TAB>second<LF>` each), read into word IDs on first use
    /// (`CandidateGenerator.dictionaryWords`): 22k lines parsed into strings cost 5 ms of start-up.
    var dictionaryText: [UInt8] = []

    /// Calls `body` with each dictionary word's two syllables, as bytes in place.
    func forEachDictionaryWord(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        Self.forEachLine(of: dictionaryText, fields: 2) { text, fields in
            body(UnsafeBufferPointer(rebasing: text[fields[0]]), UnsafeBufferPointer(rebasing: text[fields[1]]))
        }
    }

    var dictionaryWords: [DictionaryWord] {
        get {
            var words: [DictionaryWord] = []
            forEachDictionaryWord { words.append(DictionaryWord(first: String(decoding: $0, as: UTF8.self), second: String(decoding: $1, as: UTF8.self))) }
            return words
        }
        set {
            dictionaryText = []
            for word in newValue { dictionaryText += Array(word.first.utf8) + [0x09] + Array(word.second.utf8) + [0x0A] }
        }
    }

    @inline(__always)
    static func key(gold: UInt32, _ first: UInt32, _ second: UInt32) -> UInt64 {
        UInt64(gold) << 42 | UInt64(first) << 21 | UInt64(second)
    }

    mutating func add(gold: UInt32, chunk: ArraySlice<UInt32>, count: Float = 1) {
        let first = chunk.first ?? 0
        let second = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
        counts[ChannelTable.key(gold: gold, first, second), default: 0] += count
        goldTotals[gold, default: 0] += count
    }

    /// Adds `OCRConfusions.manual` as pseudo-counts proportional to each letter's learned total.
    mutating func addManualConfusions() {
        for row in OCRConfusions.manual {
            guard let gold = row.gold.unicodeScalars.first?.value else { continue }
            let observed = row.observed.unicodeScalars.map(\.value)
            let total = max(goldTotals[gold] ?? 0, 100)
            add(gold: gold, chunk: observed[...], count: total * row.perHundred / 100)
        }
    }

    /// Builds the inverse map used to guess stripped keys from OCR characters.
    mutating func buildInverse() {
        var byChunk: [UInt64: [UInt8: Float]] = [:]
        for (key, count) in counts {
            let gold = UInt32(key >> 42)
            guard gold != 0 else { continue }
            let chunkKey = key & ((1 << 42) - 1)
            let base = ChannelModel.base(gold)
            guard base != 0 else { continue }
            byChunk[chunkKey, default: [:]][base, default: 0] += count
        }
        inverse = [:]
        for (chunk, bases) in byChunk {
            let total = bases.values.reduce(0, +)
            guard total >= 2 else { continue }
            var options: [(base: UInt8, share: Float)] = []
            // Rare readings count too (1 %: `g` is a ợ in `dugc`/`durgc` next to thousands of g's;
            // 4 % left `durgc` without a candidate): the key beam keeps the likely ones first.
            for (base, count) in bases where count / total >= 0.01 { options.append((base: base, share: count / total)) }
            options.sort { a, b in a.share != b.share ? a.share > b.share : a.base < b.base }
            if !options.isEmpty { inverse[chunk] = options }
        }
    }
}

/// The channel: how likely an observed token is, given the syllable that was meant.
struct ChannelModel: Sendable {
    var tables: [DamageKind: ChannelTable]
    /// Final log10 substitution scores of every learned (gold, chunk) pair and each gold letter's
    /// smoothing denominator, per kind (index = kind == .marked), built by `prepared()` so that
    /// scoring a candidate costs one hash lookup per alignment cell and no logarithms.
    private(set) var fast: [FastTable]? = nil

    struct FastTable: Sendable {
        var logProb: FlatScoreTable
        /// log10(total + beta) by gold scalar (index < 0x2000), else from `goldTotals`.
        var logDenominator: [Float]
        /// Every scalar other than a letter or a digit that the training pairs' OCR wrote (`€`, `\`,
        /// `’`): `readsSymbol`.
        var symbols: Set<UInt32> = []
        /// log10(beta · backoff) of each back-off under this kind, by `BackoffCase` (the score of
        /// an unseen substitution before its denominator).
        var unseenLogs: [Float] = []
    }

    /// Whether OCR of this kind was seen to write `scalar`, a character that is neither a letter
    /// nor a digit. One that it never wrote (`<` inside a word, `😀`, `中`, `ж`) is the text's own,
    /// not damage to read away: a token holding one stays as it is (`ket😀` lost its emoji to kết).
    /// From the fast tables (`prepared()`, as `CandidateGenerator` holds the channel); without
    /// them, no symbol is read.
    func readsSymbol(_ scalar: UInt32, kind: DamageKind) -> Bool {
        fast?[kind == .marked ? 1 : 0].symbols.contains(scalar) ?? false
    }

    /// The scalars of `symbols`, from a table's counts.
    /// (For text with marks, an ASCII symbol only when seen `minimumMarkedSymbolCount` times or
    /// more: one seen a few times, `^` or `=` in the Vietnamese-model pairs, is too little evidence
    /// to read it out of right text, where it is typed far more often than OCR makes it. OCR's
    /// non-ASCII characters (`‘`, `ö`, `ø`) are no one's typing inside a word: any count. English-
    /// model OCR's ASCII symbols are read only in text that shows that OCR, at any count: `\uat` xuất.)
    static func symbols(of table: ChannelTable?, kind: DamageKind) -> Set<UInt32> {
        let minimumASCII: Float = kind == .marked ? minimumMarkedSymbolCount : 0
        guard let table else { return [] }
        var counts: [UInt32: Float] = [:]
        for (key, count) in table.counts {
            for scalar in [UInt32((key >> 21) & 0x1F_FFFF), UInt32(key & 0x1F_FFFF)] where scalar != 0 {
                guard LetterTables.shared.packed(scalar) == 0, !(0x30...0x39).contains(scalar) else { continue }
                counts[scalar, default: 0] += count
            }
        }
        return Set(counts.filter { $0.key >= 0x80 || $0.value >= minimumASCII }.keys)
    }

    static let minimumMarkedSymbolCount: Float = 10

    init(tables: [DamageKind: ChannelTable]) {
        self.tables = tables
    }

    /// A copy with the fast scoring tables built (same scores, faster).
    func prepared() -> ChannelModel {
        var copy = self
        var fast: [FastTable] = []
        for kind in [DamageKind.unmarked, .marked] {
            var logProb: [UInt64: Float] = [:]
            var logDenominator = [Float](repeating: log10(ChannelModel.beta), count: 0x2000)
            if let table = tables[kind] {
                for (gold, total) in table.goldTotals where gold < 0x2000 { logDenominator[Int(gold)] = log10(total + ChannelModel.beta) }
                for key in table.counts.keys {
                    let gold = UInt32(key >> 42), first = UInt32((key >> 21) & 0x1F_FFFF), second = UInt32(key & 0x1F_FFFF)
                    let length = first == 0 ? 0 : second == 0 ? 1 : 2
                    logProb[key] = substitution(kind, table: table, gold: gold, first, second, length: length)
                }
            }
            fast.append(FastTable(logProb: FlatScoreTable(logProb), logDenominator: logDenominator, symbols: ChannelModel.symbols(of: tables[kind], kind: kind),
                                  unseenLogs: BackoffCase.allCases.map { log10(ChannelModel.beta * $0.value(kind)) }))
        }
        copy.fast = fast
        return copy
    }

    static let beta: Float = 2

    /// Lowercase stripped ASCII base of a letter scalar, or 0 when it is not a letter.
    @inline(__always)
    static func base(_ scalar: UInt32) -> UInt8 {
        let packed = LetterTables.shared.packed(scalar)
        guard packed != 0 else { return 0 }
        return UInt8(truncatingIfNeeded: packed & 0x7F)
    }

    /// log10 P(chunk | gold) under `kind`, smoothed towards a hand-set back-off.
    func substitution(_ kind: DamageKind, gold: UInt32, _ first: UInt32, _ second: UInt32, length: Int) -> Float {
        substitution(kind, table: tables[kind], gold: gold, first, second, length: length)
    }

    @inline(__always)
    func substitution(_ kind: DamageKind, table: ChannelTable?, gold: UInt32, _ first: UInt32, _ second: UInt32, length: Int) -> Float {
        let backoff = ChannelModel.backoff(kind, gold: gold, first, second, length: length)
        guard let table else { return log10(backoff) }
        let count = table.counts[ChannelTable.key(gold: gold, first, second)] ?? 0
        let total = table.goldTotals[gold] ?? 0
        let beta = ChannelModel.beta
        var p = (count + beta * backoff) / (total + beta)
        if kind == .unmarked, length == 1, first == UInt32(ChannelModel.base(gold)) {
            // Stripped text: a bare base letter is the usual rendering of any mark.
            p = 0.5 * p + 0.5
        }
        return log10(max(p, 1e-9))
    }

    static func backoff(_ kind: DamageKind, gold: UInt32, _ first: UInt32, _ second: UInt32, length: Int) -> Float {
        BackoffCase.of(gold: gold, goldBase: base(gold), first, second, length: length, base: base).value(kind)
    }

    /// The hand-set back-offs of a substitution, by what the observed chunk shares with the gold
    /// letter (`backoff`; the prepared tables keep each one's logarithm, `FastTable.unseenLogs`).
    enum BackoffCase: Int, CaseIterable {
        case inserted, deletion, sameLetter, sameBase, otherLetter, pairWithBase, pairWithout

        func value(_ kind: DamageKind) -> Float {
            switch self {
            case .inserted: 0.002  // an inserted OCR character
            case .deletion: 0.001
            case .sameLetter: kind == .marked ? 0.995 : 0.8
            case .sameBase: kind == .marked ? 0.002 : 0.05
            case .otherLetter: 0.0002
            case .pairWithBase: 0.0005
            case .pairWithout: 0.00002
            }
        }

        /// The case of the chunk `first`, `second` (`length` scalars) read for `gold`, whose base
        /// letter is `goldBase` (`base` gives a scalar's).
        @inline(__always)
        static func of(gold: UInt32, goldBase: UInt8, _ first: UInt32, _ second: UInt32, length: Int,
                       base: (UInt32) -> UInt8) -> BackoffCase {
            if gold == 0 { return .inserted }
            switch length {
            case 0: return .deletion
            case 1:
                if first == gold { return .sameLetter }
                let firstBase = base(first)
                return firstBase != 0 && firstBase == goldBase ? .sameBase : .otherLetter
            default:
                return base(first) == goldBase || base(second) == goldBase ? .pairWithBase : .pairWithout
            }
        }
    }

    /// log10(total + beta) of `gold`: what an unseen substitution's score is divided by.
    @inline(__always)
    static func unseenDenominator(_ gold: UInt32, table: ChannelTable, fastTable: FastTable) -> Float {
        gold < 0x2000 ? fastTable.logDenominator[Int(gold)] : log10((table.goldTotals[gold] ?? 0) + ChannelModel.beta)
    }

    /// Stripped text: a bare base letter is the usual rendering of any mark, so in text without
    /// marks its unseen substitution (count 0, p = beta·backoff / (total + beta)) is mixed half
    /// and half with certainty.
    @inline(__always)
    static func bareBaseScore(backoff: Float, denominator: Float) -> Float {
        log10(max(0.5 * (ChannelModel.beta * backoff) / pow(10, denominator) + 0.5, 1e-9))
    }

    /// The substitution score `score` uses: the prepared table when there is one, else computed.
    @inline(__always)
    func scoringSubstitution(_ kind: DamageKind, table: ChannelTable?, fastTable: FastTable?, gold: UInt32, _ first: UInt32, _ second: UInt32, length: Int) -> Float {
        guard let fastTable, let table else { return self.substitution(kind, table: table, gold: gold, first, second, length: length) }
        if let hit = fastTable.logProb[ChannelTable.key(gold: gold, first, second)] { return hit }
        // Unseen pair: count 0, so p = beta·backoff / (total + beta).
        let denominator = ChannelModel.unseenDenominator(gold, table: table, fastTable: fastTable)
        let goldBase = ChannelModel.base(gold)
        let backoffCase = BackoffCase.of(gold: gold, goldBase: goldBase, first, second, length: length, base: ChannelModel.base)
        if kind == .unmarked, length == 1, first == UInt32(goldBase) {
            return ChannelModel.bareBaseScore(backoff: backoffCase.value(kind), denominator: denominator)
        }
        return max(fastTable.unseenLogs[backoffCase.rawValue] - denominator, -9)
    }

    /// The substitutions of one gold letter against a token's observed scalars, as `ChannelScorer`
    /// lays out a row: deletion, then each observed scalar alone, then each with the next (the
    /// last cell unused, 0). The values `scoringSubstitution` gives cell by cell, with what depends
    /// on the gold letter alone worked out once a row: its denominator, its base letter and, in
    /// text without marks, its bare base letter's score. (Per cell, those had cost ~100
    /// instructions; a cold token computes ~30 rows.)
    func appendSubstitutionRow(_ kind: DamageKind, table: ChannelTable?, fastTable: FastTable?, gold: UInt32,
                               observed: [UInt32], into row: inout [Float]) {
        let m = observed.count
        @inline(__always) func fill(_ cell: (_ first: UInt32, _ second: UInt32, _ length: Int) -> Float) {
            row.append(cell(0, 0, 0))
            for i in 0..<m { row.append(cell(observed[i], 0, 1)) }
            for i in 0..<m { row.append(i + 1 < m ? cell(observed[i], observed[i + 1], 2) : 0) }
        }
        guard let fastTable, let table, gold != 0 else {
            fill { scoringSubstitution(kind, table: table, fastTable: fastTable, gold: gold, $0, $1, length: $2) }
            return
        }
        let denominator = ChannelModel.unseenDenominator(gold, table: table, fastTable: fastTable)
        let letters = LetterTables.shared
        @inline(__always) func base(_ scalar: UInt32) -> UInt8 {
            let packed = letters.packed(scalar)
            return packed == 0 ? 0 : UInt8(truncatingIfNeeded: packed & 0x7F)
        }
        let goldBase = base(gold), logs = fastTable.unseenLogs, unmarked = kind == .unmarked
        var bareBase: Float? = nil
        fill { first, second, length in
            if let hit = fastTable.logProb[ChannelTable.key(gold: gold, first, second)] { return hit }
            let backoffCase = BackoffCase.of(gold: gold, goldBase: goldBase, first, second, length: length, base: base)
            if unmarked, length == 1, first == UInt32(goldBase) {
                if bareBase == nil { bareBase = ChannelModel.bareBaseScore(backoff: backoffCase.value(kind), denominator: denominator) }
                return bareBase!
            }
            return max(logs[backoffCase.rawValue] - denominator, -9)
        }
    }

    /// log10 P(observed | intended): best alignment of observed scalars to intended letters,
    /// each letter producing 0–2 observed scalars, plus inserted noise characters.
    func score(_ kind: DamageKind, observed: [UInt32], intended: [UInt32]) -> Float {
        var scorer = ChannelScorer(self, kind, observed: observed)
        return scorer.score(intended)
    }

    /// A scorer of many intended syllables against one observed token (same scores as `score`).
    func scorer(_ kind: DamageKind, observed: [UInt32]) -> ChannelScorer { ChannelScorer(self, kind, observed: observed) }
}

/// Scores intended syllables against one observed token with the alignment of `ChannelModel.score`:
/// every substitution score of a (gold letter, observed position) is looked up once per token,
/// not once per candidate and alignment cell, and the alignment is computed column by column
/// (one column per intended letter), so a candidate that shares its first letters with the one
/// scored before it starts from that one's columns. Scores are bit-identical to `score`'s
/// row-by-row relaxation: every cell is the maximum of the same sums (max is exact, and each sum is
/// accumulated along its path in the same order).
struct ChannelScorer {
    let model: ChannelModel
    let kind: DamageKind
    let observed: [UInt32]
    let table: ChannelTable?
    let fastTable: ChannelModel.FastTable?
    /// Insertion of observed[i] (gold 0).
    private var insertion: [Float]
    /// Row per gold letter seen so far: deletion, then substitution of observed[i] (m values),
    /// then of observed[i], observed[i + 1] (m values, the last unused).
    private var rows: [Float] = []
    /// Dense letter index (`ChannelScorer.letterIndex`) → row index + 1 (0 = not computed yet).
    private var rowOfLetter: [Int32]
    /// Alignment columns of the previous candidate: column j (m + 1 cells) after its first j letters.
    private var columns: [Float] = []
    /// The previous candidate's letters (the prefix its columns belong to).
    private var previous: [UInt32] = []
    /// `ChannelScorer.letterIndex`, held (a static read in `rowStart` ran its once-check per letter).
    private let letterIndex = ChannelScorer.letterIndex
    /// Per row of `rows` (in its order): the largest score the row's letter can add to an alignment
    /// (`upperBound`).
    private var rowMaxima: [Float] = []
    /// The most the observed scalars' insertions can add (those above 0; `upperBound`).
    private var insertionBound: Float = 0

    /// Scalar (< 0x1F00) → 1 + dense index of the lowercase letters and ASCII (0 = none).
    static let letterIndex: [UInt8] = {
        var index = [UInt8](repeating: 0, count: Int(LetterTables.limit))
        var next = 1
        for scalar in 0..<Int(LetterTables.limit) where next < 255 {
            let isASCII = scalar >= 0x20 && scalar < 0x7F
            let packed = LetterTables.shared.packed(UInt32(scalar))
            if isASCII || (packed != 0 && packed & 0x2000 == 0) {
                index[scalar] = UInt8(next)
                next += 1
            }
        }
        return index
    }()

    init(_ model: ChannelModel, _ kind: DamageKind, observed: [UInt32]) {
        self.model = model
        self.kind = kind
        self.observed = observed
        self.table = model.tables[kind]
        self.fastTable = model.fast?[kind == .marked ? 1 : 0]
        insertion = []
        rowOfLetter = []
        guard observed.count <= 12 else { return }
        insertion.reserveCapacity(observed.count)
        for scalar in observed {
            insertion.append(model.scoringSubstitution(kind, table: table, fastTable: fastTable, gold: 0, scalar, 0, length: 1))
        }
        for value in insertion where value > 0 { insertionBound += value }
        rowOfLetter = [Int32](repeating: 0, count: 256)
        rows.reserveCapacity(24 * (2 * observed.count + 1))
        rowMaxima.reserveCapacity(24)
        columns = [Float](repeating: 0, count: 13 * (observed.count + 1))
        // Column 0: the first i observed scalars inserted (the only path to (i, 0)).
        columns[0] = 0
        for i in 0..<observed.count { columns[i + 1] = columns[i] + insertion[i] }
    }

    private var rowWidth: Int { 2 * observed.count + 1 }

    /// Start of the row of `gold` in `rows` (computed on first use).
    private mutating func rowStart(_ gold: UInt32) -> Int {
        let dense = gold < LetterTables.limit ? Int(letterIndex[Int(gold)]) : 0
        if dense != 0 {
            let slot = rowOfLetter[dense]
            if slot != 0 { return (Int(slot) - 1) * rowWidth }
            let start = appendRow(gold)
            rowOfLetter[dense] = Int32(start / rowWidth + 1)
            return start
        }
        // Other scalars are rare: a fresh row at the end, not remembered.
        return appendRow(gold)
    }

    /// Computes the row of `gold` at the end of `rows`, with its maximum; returns its start.
    private mutating func appendRow(_ gold: UInt32) -> Int {
        let start = rows.count, m = observed.count
        model.appendSubstitutionRow(kind, table: table, fastTable: fastTable, gold: gold, observed: observed, into: &rows)
        // Deletion, m one-scalar substitutions, m - 1 two-scalar ones (the row's last cell is unused).
        var maximum = rows[start]
        if m > 0 { for cell in (start + 1)..<(start + 2 * m) { maximum = max(maximum, rows[cell]) } }
        rowMaxima.append(maximum)
        return start
    }

    /// At least `score(intended)` (never below it): every alignment adds, for each intended
    /// letter, one cell of its row, and for some observed scalars their insertion. A few
    /// additions per letter where `score` fills a column per letter, so a candidate that could
    /// not rank among those kept need not be aligned (`CandidateGenerator.generate`). Padded
    /// by `upperBoundPadding`: the sums run in another order than the alignment's, and may round
    /// differently.
    mutating func upperBound(_ intended: [UInt32]) -> Float {
        intended.withUnsafeBufferPointer { upperBound($0) }
    }

    mutating func upperBound(_ intended: UnsafeBufferPointer<UInt32>) -> Float {
        let m = observed.count, n = intended.count
        if m > 12 || n > 12 { return -99 }  // `score`'s own answer
        var bound = insertionBound + ChannelScorer.upperBoundPadding
        for letter in intended {
            let dense = letter < LetterTables.limit ? Int(letterIndex[Int(letter)]) : 0
            if dense != 0, rowOfLetter[dense] != 0 {
                bound += rowMaxima[Int(rowOfLetter[dense]) - 1]
            } else {
                _ = rowStart(letter)  // computes the row: its maximum is the last
                bound += rowMaxima[rowMaxima.count - 1]
            }
        }
        return bound
    }

    /// Far above the rounding of a dozen float additions of scores of magnitude < 100 (ulp < 1e-5).
    static let upperBoundPadding: Float = 0.01

    /// log10 P(observed | intended), as `ChannelModel.score`.
    mutating func score(_ intended: [UInt32]) -> Float {
        intended.withUnsafeBufferPointer { score($0) }
    }

    mutating func score(_ intended: UnsafeBufferPointer<UInt32>) -> Float {
        let m = observed.count, n = intended.count
        if m > 12 || n > 12 { return -99 }
        // Columns 0…shared are those of the previous candidate (same first `shared` letters).
        var shared = 0
        while shared < n, shared < previous.count, previous[shared] == intended[shared] { shared += 1 }
        // Only the letters after the shared prefix change (by hand: the generic range replacement
        // cost more than the alignment of a short word).
        // (Written through one buffer: each element written alone paid a uniqueness check.)
        if previous.count > n {
            previous.removeLast(previous.count - n)
        } else if previous.count < n {
            previous.append(contentsOf: repeatElement(0, count: n - previous.count))
        }
        previous.withUnsafeMutableBufferPointer { previous in
            for j in shared..<n { previous[j] = intended[j] }
        }
        let height = m + 1
        // The letters' rows first (computing one appends to `rows`), then the columns in one pass
        // over plain memory (per letter, the buffer accesses each paid a uniqueness check).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 12) { rowStarts in
            for j in shared..<n { rowStarts[j] = rowStart(intended[j]) }
            return rows.withUnsafeBufferPointer { rows in
                insertion.withUnsafeBufferPointer { insertion in
                    columns.withUnsafeMutableBufferPointer { columns in
                        for j in shared..<n {
                            let row = rowStarts[j]
                            let before = j &* height, here = (j &+ 1) &* height
                            let deletion = rows[row]
                            // Cell (i, j + 1): deletion from (i, j), one scalar from (i - 1, j), two from
                            // (i - 2, j), an insertion from (i - 1, j + 1).
                            columns[here] = columns[before] + deletion
                            var i = 1
                            while i <= m {
                                var best = columns[before &+ i] + deletion
                                let one = columns[before &+ i &- 1] + rows[row &+ i]  // row + 1 + (i - 1)
                                if one > best { best = one }
                                if i >= 2 {
                                    let two = columns[before &+ i &- 2] + rows[row &+ m &+ i &- 1]  // row + 1 + m + (i - 2)
                                    if two > best { best = two }
                                }
                                let inserted = columns[here &+ i &- 1] + insertion[i &- 1]
                                if inserted > best { best = inserted }
                                columns[here &+ i] = best
                                i &+= 1
                            }
                        }
                        return columns[n &* height &+ m]
                    }
                }
            }
        }
    }
}

/// A read-only open-addressing map from (gold, chunk) keys to scores: the same lookups as a
/// `Dictionary<UInt64, Float>`, with a multiplicative hash instead of SipHash.
struct FlatScoreTable: Sendable {
    private var keys: [UInt64]
    private var values: [Float]
    private let mask: Int

    init(_ dictionary: [UInt64: Float]) {
        var size = 16
        while size < dictionary.count * 3 { size *= 2 }
        mask = size - 1
        keys = [UInt64](repeating: 0, count: size)
        values = [Float](repeating: 0, count: size)
        // Keys are below 2^63 (gold < 2^21 shifted by 42): the top bit marks a used slot.
        for (key, value) in dictionary {
            var slot = FlatScoreTable.slot(key, mask)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key | 1 << 63
            values[slot] = value
        }
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    subscript(key: UInt64) -> Float? {
        let stored = key | 1 << 63
        var slot = FlatScoreTable.slot(key, mask)
        while true {
            let k = keys[slot]
            if k == stored { return values[slot] }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// A word's uses in running text where no sentence starts, and how many of them are capitalised.
struct CaseCount: Sendable, Equatable {
    var word: String
    var capitalised: Int
    var total: Int
}

/// A two-syllable word of a dictionary (lowercase), as the channel file keeps it (`W` lines).
struct DictionaryWord: Sendable, Equatable {
    var first: String
    var second: String
}

/// Two adjacent words' uses in running text where no sentence starts at the second, and how many
/// of them have both capitalised.
struct CasePair: Sendable, Equatable {
    var first: String
    var second: String
    var capitalised: Int
    var total: Int
}

// MARK: - Learning from aligned pairs

extension ChannelModel {
    /// Learns tables from line-aligned (OCR, gold) files.
    static func learn(pairs: [(ocr: String, gold: String, kind: DamageKind)]) -> ChannelModel {
        var tables: [DamageKind: ChannelTable] = [:]
        for kind in DamageKind.allCases {
            var table = ChannelTable()
            let tokenPairs = pairs.filter { $0.kind == kind }.flatMap { alignTokens(ocr: $0.ocr, gold: $0.gold, withMarks: kind == .unmarked) }
            var tokenCounts: [String: [String: Int]] = [:]
            for (o, g) in tokenPairs { tokenCounts[o, default: [:]][g, default: 0] += 1 }
            table.tokens = TokenMemory(tokenCounts)
            // Two rounds: align with heuristic costs, then with the learned ones.
            var model = ChannelModel(tables: [:])
            for _ in 0..<2 {
                var next = ChannelTable()
                next.tokens = table.tokens
                for (o, g) in tokenPairs {
                    let observed = Array(o.unicodeScalars.map(\.value)), intended = Array(g.unicodeScalars.map(\.value))
                    for (gold, chunk) in model.alignment(kind, observed: observed, intended: intended) {
                        next.add(gold: gold, chunk: chunk[...])
                    }
                }
                table = next
                model = ChannelModel(tables: [kind: table])
            }
            table.buildInverse()
            tables[kind] = table
        }
        return ChannelModel(tables: tables)
    }

    /// How often each word (lowercase vocabulary form) of `lines` is capitalised where no sentence
    /// starts (`TokenScanner.startsSentence`); words written all in capitals are not counted, nor
    /// words seen fewer than `minimumTotal` times. Sorted by word.
    /// And, in the same pass, the pairs of adjacent words (no punctuation between them,
    /// `TokenScanner.joinsPreviousWord`) written both capitalised in at least `minimumPairCount`
    /// uses and in at least half of their uses where no sentence starts at the second. Sorted by words.
    static func caseStatistics(of lines: [String], minimumTotal: Int = 3, minimumPairCount: Int = 2) -> (words: [CaseCount], pairs: [CasePair]) {
        var counts: [String: (capitalised: Int, total: Int)] = [:]
        var pairCounts: [String: [String: (capitalised: Int, total: Int)]] = [:]
        var tokens: [LineToken] = []
        let normalizer = TextNormalizer()
        for line in lines {
            var text = normalizer.normalize(line)
            text.withUTF8 { bytes in
                TokenScanner.tokens(in: bytes, into: &tokens)
                // The previous token's word and whether it was capitalised (nil: no word to pair with).
                var previous: (word: String, title: Bool)? = nil
                for index in tokens.indices {
                    let before = previous
                    previous = nil
                    let core = UnsafeBufferPointer(rebasing: bytes[tokens[index].core])
                    guard let word = LanguageModelTrainer.word(tokens[index], in: bytes), word != LanguageModelTrainer.numberWord else { continue }
                    let pattern = CasePattern.of(core)
                    guard pattern != .upper else { continue }
                    previous = (word, pattern == .title)
                    // At a sentence start the capital is the rule: no evidence (but the word may start a pair).
                    guard !TokenScanner.startsSentence(tokens, index, in: bytes, lineStartsSentence: true) else { continue }
                    counts[word, default: (0, 0)].total += 1
                    if pattern == .title { counts[word, default: (0, 0)].capitalised += 1 }
                    if let before, TokenScanner.joinsPreviousWord(tokens, index) {
                        pairCounts[before.word, default: [:]][word, default: (0, 0)].total += 1
                        if before.title, pattern == .title { pairCounts[before.word]![word]!.capitalised += 1 }
                    }
                }
            }
        }
        let words = counts.filter { $0.value.total >= minimumTotal }
            .map { CaseCount(word: $0.key, capitalised: $0.value.capitalised, total: $0.value.total) }
            .sorted { $0.word < $1.word }
        var pairs: [CasePair] = []
        for (first, seconds) in pairCounts {
            for (second, count) in seconds where count.capitalised >= minimumPairCount && count.capitalised * 2 >= count.total {
                pairs.append(CasePair(first: first, second: second, capitalised: count.capitalised, total: count.total))
            }
        }
        pairs.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return (words, pairs)
    }

    /// The best alignment as (gold letter or 0 for an insertion, OCR chunk) pairs.
    func alignment(_ kind: DamageKind, observed: [UInt32], intended: [UInt32]) -> [(UInt32, [UInt32])] {
        let m = observed.count, n = intended.count
        guard m <= 16, n <= 16 else { return [] }
        let width = n + 1
        var dp = [Float](repeating: -1e9, count: (m + 1) * width)
        var back = [UInt8](repeating: 0, count: (m + 1) * width)  // 1 ins, 2 del, 3 sub1, 4 sub2
        dp[0] = 0
        for i in 0...m {
            for j in 0...n {
                let here = dp[i * width + j]
                if here <= -1e8 { continue }
                func relax(_ ii: Int, _ jj: Int, _ s: Float, _ op: UInt8) {
                    if s > dp[ii * width + jj] { dp[ii * width + jj] = s; back[ii * width + jj] = op }
                }
                if i < m { relax(i + 1, j, here + substitution(kind, gold: 0, observed[i], 0, length: 1), 1) }
                guard j < n else { continue }
                relax(i, j + 1, here + substitution(kind, gold: intended[j], 0, 0, length: 0), 2)
                if i < m { relax(i + 1, j + 1, here + substitution(kind, gold: intended[j], observed[i], 0, length: 1), 3) }
                if i + 1 < m { relax(i + 2, j + 1, here + substitution(kind, gold: intended[j], observed[i], observed[i + 1], length: 2), 4) }
            }
        }
        var result: [(UInt32, [UInt32])] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            switch back[i * width + j] {
            case 1: result.append((0, [observed[i - 1]])); i -= 1
            case 2: result.append((intended[j - 1], [])); j -= 1
            case 3: result.append((intended[j - 1], [observed[i - 1]])); i -= 1; j -= 1
            case 4: result.append((intended[j - 1], [observed[i - 2], observed[i - 1]])); i -= 2; j -= 1
            default: return []
            }
        }
        return result.reversed()
    }

    /// Aligns the tokens of one OCR line with its gold line (Levenshtein over tokens, similarity of
    /// stripped forms) and returns lowercased (OCR core, gold core) pairs that correspond 1:1.
    /// `withMarks`: OCR cores keep a trailing horn/hook mark (English-model OCR).
    static func alignTokens(ocr: String, gold: String, withMarks: Bool = false) -> [(String, String)] {
        let o = cores(ocr, withMarks: withMarks), g = cores(gold)
        let m = o.count, n = g.count
        if m == 0 || n == 0 { return [] }
        // A trailing OCR mark (`ct?` cử) takes no part in matching the tokens up: match on the cores
        // without it (the same tokens, in the same order).
        let os = (withMarks ? cores(ocr) : o).map { lettersForDigits(Diacritics.strip($0)) }
        let gs = g.map { lettersForDigits(Diacritics.strip($0)) }
        var dp = [[Float]](repeating: [Float](repeating: 0, count: n + 1), count: m + 1)
        for i in 0...m { dp[i][0] = Float(i) }
        for j in 0...n { dp[0][j] = Float(j) }
        var cost = [[Float]](repeating: [Float](repeating: 1, count: n), count: m)
        for i in 0..<m { for j in 0..<n { cost[i][j] = normalizedDistance(os[i], gs[j]) } }
        for i in 1...m {
            for j in 1...n {
                dp[i][j] = min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + cost[i - 1][j - 1] * 1.5)
            }
        }
        var pairs: [(String, String)] = []
        var i = m, j = n
        while i > 0, j > 0 {
            if dp[i][j] == dp[i - 1][j - 1] + cost[i - 1][j - 1] * 1.5 {
                if cost[i - 1][j - 1] <= 0.6 { pairs.append((o[i - 1], g[j - 1])) }
                i -= 1; j -= 1
            } else if dp[i][j] == dp[i - 1][j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
        }
        return pairs.reversed()
    }

    /// The letters English-model OCR most often reads as digits (`6` ở, `1a` là, `4p` áp), so that
    /// a digit token lines up with its word (and a number with itself).
    static func lettersForDigits(_ text: String) -> String {
        String(text.map { character -> Character in
            switch character {
            case "0", "6": "o"
            case "1": "l"
            case "4": "a"
            default: character
            }
        })
    }

    /// Lowercased token cores of a line; `withMarks`: with the trailing mark OCR may have made of
    /// a horn or hook (`ct?`), as the decoder reads it.
    static func cores(_ line: String, withMarks: Bool = false) -> [String] {
        var result: [String] = []
        var bytes = Array(line.utf8)
        var tokens: [LineToken] = []
        bytes.withUnsafeMutableBufferPointer { buffer in
            TokenScanner.tokens(in: UnsafeBufferPointer(buffer), into: &tokens)
            for token in tokens where !token.core.isEmpty {
                let core = String(decoding: UnsafeBufferPointer(rebasing: buffer[withMarks ? token.coreWithMark : token.core]), as: UTF8.self)
                result.append(VietnameseCase.lowercase(core))
            }
        }
        return result
    }

    static func normalizedDistance(_ a: String, _ b: String) -> Float {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty || y.isEmpty { return 1 }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return Float(previous[y.count]) / Float(max(x.count, y.count))
    }
}
