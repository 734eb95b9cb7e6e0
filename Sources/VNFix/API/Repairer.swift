import Foundation

/// Repairs Vietnamese text: restores diacritics, undoes OCR damage and normalizes Unicode.
/// Create one and share it: it is read-only after creation and safe to use from many threads.
///
/// ```swift
/// let repairer = try Repairer()
/// repairer.repair("Vin phong Poan dai biéu Qubc hoi")  // "Văn phòng Đoàn đại biểu Quốc hội"
/// ```
public final class Repairer: Sendable {
    /// What the repairer may change.
    public enum Mode: String, Sendable, CaseIterable {
        /// Full repair: diacritics, OCR damage and normalization.
        case repair
        /// Only add or fix marks on letters (`d` → `đ` included): no letter changes, and tokens
        /// with digits or symbols are left alone.
        case restoreOnly = "restore"
        /// Only Unicode normalization (as `TextNormalizer`).
        case normalizeOnly = "normalize"
    }

    /// How a `Repairer` works: what it may change, the tone style of its output, how confident a
    /// change must be, and the charset of byte input.
    public struct Options: Sendable {
        /// What may change (default: full repair).
        public var mode: Mode
        /// Where tone marks sit in the output: `.preserve` (default) keeps the input's placement.
        public var toneStyle: ToneStyle
        /// Extra log10 advantage a change needs beyond the built-in margins (0 = defaults). In text
        /// with marks the built-in margin is wider where the first lines look right and narrower
        /// where they need repairs (a trial repair of the first ~200 words tells which).
        public var extraMargin: Float
        /// The charset of byte input (`repair(utf8:)`, `RepairStream`, `repairedLines`): UTF-8 by
        /// default, or a legacy one (TCVN3, VNI, VISCII, …), decoded line by line.
        public var inputCharset: Charset

        /// `Repairer.Options(mode: .restoreOnly, extraMargin: 0.5)` changes only marks, and only when surer.
        public init(mode: Mode = .repair, toneStyle: ToneStyle = .preserve, extraMargin: Float = 0, inputCharset: Charset = .utf8) {
            self.mode = mode
            self.toneStyle = toneStyle
            self.extraMargin = extraMargin
            self.inputCharset = inputCharset
        }
    }

    /// One repaired line and what changed in it.
    public struct LineResult: Sendable {
        /// The repaired line (without its line break).
        public var text: String
        /// What changed, in input order; empty when the line was kept as it was.
        public var corrections: [Correction]
    }

    /// The options this repairer was made with.
    public let options: Options
    let model: LanguageModel
    /// The same texts' model leaning to the general text, with the same word IDs; text without
    /// marks whose first lines read likelier under it is decoded with it (`Session`). Nil: none.
    var generalModel: LanguageModel? { general?.model }
    /// Where `generalModel` comes from: the bundled one is loaded on first use (its checksum pass
    /// reads all 6 MB, which a short input need not pay); nil: no general model.
    let general: GeneralModelSource?
    let generator: CandidateGenerator
    let normalizer: TextNormalizer

    /// Creates a repairer from a language model and a channel model (the bundled ones by default).
    /// `generalModelURL`: a second language model trained on the same texts as the first but
    /// weighted toward general text (the bundled `general.vnlm` when `modelURL` is nil too), used
    /// for documents without marks that read likelier under it; it must share the first model's
    /// vocabulary.
    public init(options: Options = Options(), modelURL: URL? = nil, channelURL: URL? = nil, generalModelURL: URL? = nil) throws(VNFixError) {
        self.options = options
        let model: LanguageModel
        if let modelURL { model = try LanguageModel.load(contentsOf: modelURL) } else { model = try LanguageModel.bundled() }
        let channel: ChannelModel
        if let channelURL { channel = try ChannelModel.load(contentsOf: channelURL) } else { channel = try Repairer.bundledChannel() }
        if let generalModelURL {
            // Given: checked now, so that a wrong file is reported at once.
            let general = try LanguageModel.load(contentsOf: generalModelURL)
            guard model.sharesVocabulary(with: general) else {
                throw .invalidModel(path: generalModelURL.path, reason: "its vocabulary differs from the language model's (train both on the same texts)")
            }
            self.general = GeneralModelSource(loaded: general)
        } else if modelURL == nil {
            // Bundled: loaded on first use; one that fails to load or does not match is not used.
            self.general = GeneralModelSource { [model] in
                guard let general = try? LanguageModel.bundled(named: "general"), model.sharesVocabulary(with: general) else { return nil }
                return general
            }
        } else {
            self.general = nil
        }
        self.model = model
        self.generator = CandidateGenerator(model: model, channel: channel)
        self.normalizer = TextNormalizer(options: .init(toneStyle: options.toneStyle))
    }

    init(options: Options, model: LanguageModel, channel: ChannelModel, generalModel: LanguageModel? = nil) {
        self.options = options
        self.model = model
        self.general = generalModel.flatMap { model.sharesVocabulary(with: $0) ? GeneralModelSource(loaded: $0) : nil }
        self.generator = CandidateGenerator(model: model, channel: channel)
        self.normalizer = TextNormalizer(options: .init(toneStyle: options.toneStyle))
    }

    static func bundledChannel() throws(VNFixError) -> ChannelModel {
        guard let url = Bundle.module.url(forResource: "default", withExtension: "vnch") else {
            throw .invalidModel(path: "default.vnch", reason: "the bundled channel model is missing from the package resources")
        }
        return try ChannelModel.load(contentsOf: url)
    }

    /// Repairs a whole text; line structure, spacing and line endings are kept.
    public func repair(_ text: String) -> String {
        var session = Session(repairer: self)
        session.listsAlternatives = false
        session.observe(text)
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        // Split on the byte 0x0A, not the Character "\n": "\r\n" is one Character in Swift and would
        // not split, so CRLF text became one long line (unlike `repair(utf8:)` and the CLI).
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        var line = String(Substring(lines[0]))  // split gives at least one piece
        for k in lines.indices {
            if k > 0 { output += "\n" }
            let next = k + 1 < lines.count ? String(Substring(lines[k + 1])) : nil
            output += session.repairLine(line, next: next).text
            if let next { line = next }
        }
        return output
    }

    /// A decoding session over consecutive lines of one document: it carries the language-model
    /// context across wrapped lines and the document's damage estimate.
    public struct Session {
        let repairer: Repairer
        var carried: LMState
        var tokens: [LineToken] = []
        /// The words of the text observed so far (`observe`), for the damage estimate.
        var counts = WordCounts()
        /// Lines decoded so far; from a few lines on, the beam prunes with score bounds (which cost
        /// a few ms to compute once per repairer, not worth it for a one-line input).
        var decodedLines = 0
        var scoreBounds: ScoreBounds?
        /// The line before ended in a foreign clause (`LineDecoder.followsForeignClause`). Only the
        /// line right before counts, not the last line with words: a line between that the repair
        /// changes may hold words when repaired (`Don't` read as Đơn), so carrying past it would
        /// make a second repair differ from the first.
        var followsForeignClause = false
        /// Language-model scores memoized across the session's lines (each copy of a session
        /// makes its own before use, so copies never share one).
        var scores: LMScoreCache
        /// The normalizer's verdicts on the words of the session's lines so far (as `scores`:
        /// each copy of a session makes its own before use).
        var normalizerMemory: TextNormalizer.Memory
        /// The decoder's per-line arrays (`LineDecoder.Scratch`; as `scores`: each copy of a
        /// session makes its own before use).
        var scratch = LineDecoder.Scratch()
        /// The last lookahead line and its normalized form: the next call usually repairs that
        /// very line, which then need not be normalized again.
        var lookaheadCache: (source: String, normalized: String)?
        /// Whether corrections list their alternatives (off where only the text is used).
        var listsAlternatives = true
        /// The document's first lines, up to `estimateWords` words: in text with marks, how many of
        /// their words a repair changes tells right text and clean scans from damaged OCR.
        var leadingLines: [String] = []
        var leadingWords = 0
        /// What text with marks adds to its margin (`markedMarginForLeadingLines`); nil until the
        /// first line with marks is repaired.
        var markedMarginExtra: Float?
        /// How a second run would read this document's output (`secondRunForLeadingLines`), which
        /// the settle passes take; nil until the first line of text without marks is settled.
        var secondRun: (kind: DamageKind, readsEnglishModelOCR: Bool)?

        /// Whether this document is decoded with `Repairer.generalModel` (`prefersGeneralModel`);
        /// nil until its first line is decoded (and for right text, which keeps the default).
        var usesGeneralModel: Bool?

        /// A session at the start of a document (fresh language-model context, no damage estimate yet).
        public init(repairer: Repairer) {
            self.repairer = repairer
            self.carried = repairer.model.startState
            self.scores = LMScoreCache(model: repairer.model)
            self.normalizerMemory = TextNormalizer.Memory(options: repairer.normalizer.options)
        }

        /// `repairer.normalizer.normalize(text)`, remembering its verdicts from line to line.
        mutating func normalize(_ text: String) -> String {
            if !isKnownUniquelyReferenced(&normalizerMemory) { normalizerMemory = TextNormalizer.Memory(options: repairer.normalizer.options) }
            return repairer.normalizer.normalize(text, remembering: normalizerMemory)
        }

        /// Feeds text to the damage estimate without repairing it (e.g. a document's first lines).
        public mutating func observe(_ text: String) {
            // Decomposed marks (NFD, or marks typed after their letters) count once composed: `Việt`
            // in NFD has no letter beyond Latin-1, and its marks would cut it into words.
            let hasCombiningMark = text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) }
            // Line by line, so that the first lines (up to `estimateWords` words) are kept as
            // given for the trial repair (`markedMarginForLeadingLines`), their words counted once.
            var rest = text.utf8[...]
            let model = repairer.model
            while true {
                let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
                let line = String(Substring(rest[..<end]))
                let share = Session.markedShare(hasCombiningMark ? repairer.normalizer.normalize(line) : line) { model.id(of: $0.lowercased()) != nil }
                counts += share
                if leadingWords < Session.estimateWords {
                    leadingLines.append(line)
                    leadingWords += share.words
                }
                guard end < rest.endIndex else { break }
                rest = rest[rest.index(after: end)...]
            }
        }

        /// What text with marks adds to its margin, from a trial repair of its first lines (this
        /// session's kind and models): `rightTextMargin` when it changes one word or fewer than 1
        /// in 100, else −`damagedTextMarginCut`. Right text and clean scans change 0–1 of their
        /// first 200 words, poor OCR 3–18 (`Tools/bench/RESULTS.md`, stop 21): in the first a right
        /// word that the model merely likes less is the commoner case, in the second a misreading.
        func markedMarginForLeadingLines() -> Float {
            let changed = trialRepair { $0.markedMarginExtra = 0 }.reduce(0) { $0 + $1.corrections.count }
            // One change is no evidence of damage in a short text: the model's mere preference
            // (`đâu là` → đầu) is as likely there.
            return changed < 2 || changed * 100 < leadingWords ? DecoderTuning.shared.rightTextMargin : -DecoderTuning.shared.damagedTextMarginCut
        }

        /// `markedMarginExtra`, worked out on first use.
        mutating func markedMargin() -> Float {
            if let markedMarginExtra { return markedMarginExtra }
            let margin = markedMarginForLeadingLines()
            markedMarginExtra = margin
            return margin
        }

        /// How a second run would read the output of text without marks, from a trial repair of
        /// its first lines: as text with marks where the repair gave it marks (Vietnamese), but as
        /// text without them where it stays mostly unmarked (a document mostly in another
        /// language, whose few repaired words read differently in the second run's context).
        func secondRunForLeadingLines() -> (kind: DamageKind, readsEnglishModelOCR: Bool) {
            // (The trial's own settle passes read its output as text with marks.)
            let output = trialRepair { $0.secondRun = (.marked, false) }.map(\.text)
            var second = Session(repairer: repairer)
            second.observe(output.joined(separator: "\n"))
            return (second.kind, second.looksOCRd)
        }

        /// A trial repair of the document's first lines (`leadingLines`), each with the next as its
        /// lookahead, by a fresh session with this one's damage estimate, set up by `configure`.
        func trialRepair(_ configure: (inout Session) -> Void) -> [LineResult] {
            var trial = Session(repairer: repairer)
            trial.counts = counts
            trial.listsAlternatives = false
            configure(&trial)
            var results: [LineResult] = []
            for (k, line) in leadingLines.enumerated() {
                results.append(trial.repairLine(line, next: k + 1 < leadingLines.count ? leadingLines[k + 1] : nil))
            }
            return results
        }

        /// Whether a line of a document with marks was typed without them (pasted from elsewhere,
        /// or typed in a hurry): no letter beyond ASCII, and six words or more, or two to five
        /// words that each spell a syllable of the model with its marks stripped (`Kinh gui cac
        /// dong chi`, `Danh sach dai bieu`; not `Pay troll` or `Be different: conform.`, too
        /// short for the decoder to tell a foreign clause by).
        /// Bytes only: a letter with a mark leads with C3–C6 (Latin-1 and Latin Extended), CC–CD
        /// (a combining mark) or E1 B8–BB (Latin Extended Additional, most Vietnamese letters), so
        /// a line with marks is told at its first marked letter; typographic punctuation
        /// (`“ ” – …`) is no mark.
        static func isTypedWithoutMarks(_ line: String, spellsSyllable: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            var line = line
            return line.withUTF8 { bytes in
                var words = 0, inWord = false
                for (i, byte) in bytes.enumerated() {
                    if (0xC3...0xC6).contains(byte) || byte == 0xCC || byte == 0xCD { return false }
                    if byte == 0xE1, i + 1 < bytes.count, (0xB8...0xBB).contains(bytes[i + 1]) { return false }
                    let isLetter = TokenScanner.isASCIILetter(byte)
                    if isLetter, !inWord { words += 1 }
                    inWord = isLetter
                }
                if words >= 6 { return true }
                guard words >= 2 else { return false }
                // A short line: every word a syllable (the line is ASCII here, and short).
                var start = 0
                for i in 0...bytes.count {
                    let isLetter = i < bytes.count && TokenScanner.isASCIILetter(bytes[i])
                    if isLetter { continue }
                    if i > start, !spellsSyllable(UnsafeBufferPointer(rebasing: bytes[start..<i])) { return false }
                    start = i + 1
                }
                return true
            }
        }

        /// The word tokens of `text` (`WordCounts`); `unknownLatinAccented` counts the accented
        /// ones that `isKnown` does not know (0 without it).
        static func markedShare(_ text: String, isKnown: ((String) -> Bool)? = nil) -> WordCounts {
            var counts = WordCounts()
            var inWord = false, wordMarked = false, wordLatin = false
            let scalars = text.unicodeScalars
            var wordStart = scalars.startIndex
            func endWord(_ end: String.UnicodeScalarView.Index) {
                if wordLatin, let isKnown, !isKnown(String(scalars[wordStart..<end])) { counts.unknownLatinAccented += 1 }
            }
            var i = scalars.startIndex
            while i < scalars.endIndex {
                let scalar = scalars[i]
                let packed = LetterTables.shared.packed(scalar.value)
                if packed != 0 {
                    if !inWord { inWord = true; wordMarked = false; wordLatin = false; counts.words += 1; wordStart = i }
                    if scalar.value > 0xFF, !wordMarked { wordMarked = true; counts.marked += 1 }
                    if (0xC0...0xFF).contains(scalar.value), !wordLatin { wordLatin = true; counts.latinAccented += 1 }
                } else if inWord {
                    inWord = false
                    endWord(i)
                }
                i = scalars.index(after: i)
            }
            if inWord { endWord(scalars.endIndex) }
            return counts
        }

        /// Whether the text looks English-model OCR'd (≥ 3 % of words with a Latin-1 accent, which
        /// text typed without marks never has): only then is a `?`, `'` or `’` after a word read as
        /// a lost horn, and a short digit token (`6`, `16i`) as a word. That OCR writes no letter
        /// beyond Latin-1, so in text without marks that has some such letters (`tổng`, `của`),
        /// accented words the model knows (`Báo cáo`) are Vietnamese typed or repaired with their
        /// marks, and only unknown ones count (`nhiém`): a document mostly in English whose few
        /// Vietnamese lines were repaired is not OCR'd on a second run when it was not on the first.
        var looksOCRd: Bool {
            let accented = kind == .unmarked && counts.marked > 0 ? counts.unknownLatinAccented : counts.latinAccented
            return accented * 100 >= counts.words * 3 && accented > 0
        }

        /// Corrections from the input to `output` after two decoding passes: token cores correspond
        /// one to one (the decoder replaces cores only), so the k-th core of the input maps to the
        /// k-th of the output; details (confidence, alternatives) come from the pass that last changed it.
        static func compose(input: String, output: String, first: [Correction], second: [Correction]) -> [Correction] {
            var inputTokens: [LineToken] = [], outputTokens: [LineToken] = []
            var a = input, b = output
            a.withUTF8 { TokenScanner.tokens(in: $0, into: &inputTokens) }
            b.withUTF8 { TokenScanner.tokens(in: $0, into: &outputTokens) }
            guard inputTokens.count == outputTokens.count else { return second }
            let inputBytes = Array(input.utf8), outputBytes = Array(output.utf8)
            var byOutputStart: [Int: Correction] = [:]
            for correction in second { byOutputStart[correction.outputRange.lowerBound] = correction }
            var firstByInput: [Int: Correction] = [:]
            for correction in first { firstByInput[correction.inputRange.lowerBound] = correction }
            var result: [Correction] = []
            for (i, o) in zip(inputTokens, outputTokens) {
                // A trailing OCR mark read as part of the word (`ct?` → `cử`) is gone from the output token.
                let markLength = i.markEnd - i.core.upperBound
                let absorbed = markLength > 0 && (i.token.upperBound - i.core.upperBound) - (o.token.upperBound - o.core.upperBound) == markLength
                let inputRange = absorbed ? i.coreWithMark : i.core
                let original = inputBytes[inputRange], replacement = outputBytes[o.core]
                guard !original.elementsEqual(replacement) else { continue }
                var correction = byOutputStart[o.core.lowerBound] ?? firstByInput[i.core.lowerBound]
                    ?? Correction(inputRange: inputRange, outputRange: o.core, original: "", replacement: "", confidence: 1, alternatives: [])
                correction.inputRange = inputRange
                correction.outputRange = o.core
                correction.original = String(decoding: original, as: UTF8.self)
                correction.replacement = String(decoding: replacement, as: UTF8.self)
                result.append(correction)
            }
            return result
        }

        /// Normalization never touches ASCII spaces or punctuation, so the k-th token core of the
        /// normalized line is the k-th of the original: move correction ranges over to it.
        static func mapToOriginal(_ corrections: [Correction], normalized: String, original: String) -> [Correction] {
            var normalizedTokens: [LineToken] = [], originalTokens: [LineToken] = []
            var a = normalized, b = original
            a.withUTF8 { TokenScanner.tokens(in: $0, into: &normalizedTokens) }
            b.withUTF8 { TokenScanner.tokens(in: $0, into: &originalTokens) }
            guard normalizedTokens.count == originalTokens.count else { return corrections }
            let bytes = Array(original.utf8)
            return corrections.map { correction in
                var mapped = correction
                if let k = normalizedTokens.firstIndex(where: { $0.core == correction.inputRange || $0.coreWithMark == correction.inputRange }) {
                    let withMark = normalizedTokens[k].core != correction.inputRange
                    mapped.inputRange = withMark ? originalTokens[k].coreWithMark : originalTokens[k].core
                    mapped.original = String(decoding: bytes[mapped.inputRange], as: UTF8.self)
                }
                return mapped
            }
        }

        /// `body` with the bytes of `text`, or with nil when there is no text.
        static func withUTF8<R>(_ text: inout String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
            guard text != nil else { return body(nil) }
            return text!.withUTF8 { body($0) }
        }

        var kind: DamageKind { Session.kind(of: counts) }

        /// The damage kind that word counts tell: text with marks where 12 % or more of the words
        /// carry one.
        static func kind(of counts: WordCounts) -> DamageKind {
            counts.words == 0 || Double(counts.marked) / Double(counts.words) < 0.12 ? .unmarked : .marked
        }

        /// Repairs one line (without its line terminator; a trailing `\r` is kept). `next`, the
        /// document's next line if known, gives the line's last word its right context.
        public mutating func repairLine(_ line: String, next: String? = nil) -> LineResult {
            var normalized: String
            // Bytes, not `==`: String equality is canonical equivalence (NFD equals NFC).
            if let cached = lookaheadCache, cached.source.hasSameBytes(as: line) {
                normalized = cached.normalized
            } else {
                normalized = normalize(line)
            }
            lookaheadCache = nil
            let line = line
            if repairer.options.mode == .normalizeOnly { return LineResult(text: normalized, corrections: []) }
            if counts.words == 0 { observe(line) }
            var isEmpty = true
            for b in normalized.utf8 where !TokenScanner.isSpace(b) { isEmpty = false; break }
            if isEmpty {
                carried = repairer.model.startState
                followsForeignClause = false
                return LineResult(text: normalized, corrections: [])
            }
            let general = chooseModel()
            let model = general ?? repairer.model
            if !isKnownUniquelyReferenced(&scores) { scores = LMScoreCache(model: model) }
            var decoder = LineDecoder(model: model, generator: repairer.generator)
            decoder.scores = scores
            if !isKnownUniquelyReferenced(&scratch) { scratch = LineDecoder.Scratch() }
            decoder.scratch = scratch
            decoder.listsAlternatives = listsAlternatives
            decoder.followsForeignClause = followsForeignClause
            decodedLines += 1
            if scoreBounds == nil, decodedLines > 4 {
                scoreBounds = general.map { repairer.generator.scoreBounds(of: $0) } ?? repairer.generator.scoreBounds()
            }
            decoder.scoreBounds = scoreBounds
            decoder.restoreOnly = repairer.options.mode == .restoreOnly
            decoder.readsEnglishModelOCR = looksOCRd
            var kind = self.kind
            // A line typed without marks in a document with them (pasted from elsewhere) is
            // repaired as such; read as text with marks, its words stayed as typed.
            if kind == .marked, Session.isTypedWithoutMarks(normalized, spellsSyllable: repairer.generator.spellsSyllable) {
                kind = .unmarked
                decoder.readsEnglishModelOCR = false
            }
            decoder.margin.unmarked += repairer.options.extraMargin
            decoder.margin.marked += repairer.options.extraMargin
            if kind == .marked {
                decoder.languageModelWeight = DecoderTuning.shared.markedLanguageModelWeight
                decoder.margin.marked += markedMargin()
            }
            let stateBefore = carried
            var lookahead = next.map { normalize($0) }
            if let next, let lookahead { lookaheadCache = (next, lookahead) }
            let result = normalized.withUTF8 { bytes in
                Session.withUTF8(&lookahead) { decoder.decode(line: bytes, kind: kind, carried: &carried, tokens: &tokens, lookahead: $0) }
            }
            followsForeignClause = result.endsForeign ?? false
            var text = String(decoding: result.output, as: UTF8.self)
            var corrections = result.corrections
            if !corrections.isEmpty, DecoderTuning.shared.settlePasses > 0 {
                // Repaired text carries marks, so a second run would read it as marked text. Settle
                // the line under that reading now (until nothing changes), so that repairing the
                // output again changes nothing.
                // The same decoder (mode, margins, bounds, memo) with marked text's weight and a narrower beam.
                // Text without marks whose output stays mostly unmarked (a document mostly in
                // another language) is read by a second run as text without marks: settle it so.
                // (Not where that run would take it for English-model OCR: a few words with Latin-1
                // marks alone, `VI và XI`, are too little to read OCR into.)
                if kind == .unmarked, secondRun == nil { secondRun = secondRunForLeadingLines() }
                let settleKind = kind == .unmarked && !secondRun!.readsEnglishModelOCR ? secondRun!.kind : .marked
                var settle = decoder
                settle.beamWidth = DecoderTuning.shared.settleBeamWidth
                if DecoderTuning.shared.settleCut > 0 { settle.searchCut = DecoderTuning.shared.settleCut }
                if settleKind == .marked {
                    settle.languageModelWeight = DecoderTuning.shared.markedLanguageModelWeight
                    settle.penalizesMarkedLetterChanges = false
                    settle.settlesTypedText = kind == .unmarked && !decoder.readsEnglishModelOCR && !decoder.restoreOnly
                } else {
                    settle.readsEnglishModelOCR = false
                }
                for _ in 0..<DecoderTuning.shared.settlePasses {
                    var state = stateBefore
                    var again = text
                    let second = again.withUTF8 { bytes in
                        Session.withUTF8(&lookahead) { settle.decode(line: bytes, kind: settleKind, carried: &state, tokens: &tokens, lookahead: $0) }
                    }
                    guard !second.corrections.isEmpty else { break }
                    text = String(decoding: second.output, as: UTF8.self)
                    carried = state
                    corrections = Session.compose(input: normalized, output: text, first: corrections, second: second.corrections)
                }
            }
            if !normalized.hasSameBytes(as: line) {
                corrections = Session.mapToOriginal(corrections, normalized: normalized, original: line)
            }
            return LineResult(text: repairer.options.toneStyle == .preserve ? text : normalize(text), corrections: corrections)
        }
    }
}

/// Word tokens of a text, as the damage estimate counts them (`Repairer.Session.markedShare`).
struct WordCounts: Sendable {
    var words = 0
    /// With a letter that only Vietnamese uses (beyond Latin-1).
    var marked = 0
    /// With a Latin-1 accented letter (`nhiém`, `dén`): English-model OCR's reading of marks.
    var latinAccented = 0
    /// Those of them that are no word of the model (`nhiém`, not `Báo`; `Session.looksOCRd`).
    var unknownLatinAccented = 0

    static func += (total: inout WordCounts, more: WordCounts) {
        total.words += more.words
        total.marked += more.marked
        total.latinAccented += more.latinAccented
        total.unknownLatinAccented += more.unknownLatinAccented
    }
}
