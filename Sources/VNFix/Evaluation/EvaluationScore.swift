import Foundation

/// Accuracy figures for a repaired text against gold, defined as `shared/tools/score.py` defines
/// them: syllables are runs of letters/digits (plus following combining marks); accuracy is the
/// share of gold syllables matched by a Levenshtein alignment, case-insensitively and insensitive
/// to tone-mark placement; CER is the character edit distance of whitespace-collapsed text.
/// Files are aligned line by line (the bundled sets are line-aligned), which on such files gives
/// the same counts as score.py's whole-file alignment.
public struct EvaluationScore: Sendable, Equatable {
    /// Counts over the lines added so far (tokens as score.py splits them).
    public var goldTokens = 0
    /// Gold syllables matched (case- and tone-placement-insensitive).
    public var matched = 0
    public var characterEdits = 0
    public var goldCharacters = 0
    /// Gold syllables the input already had right and the output got wrong.
    public var harmed = 0
    /// Gold syllables the input had right.
    public var rightInInput = 0
    /// Most frequent remaining errors: (gold, output) → count.
    public var errors: [String: Int] = [:]

    public init() {}

    /// Share of gold syllables matched (case- and tone-placement-insensitive).
    public var accuracy: Double { goldTokens == 0 ? 1 : Double(matched) / Double(goldTokens) }
    /// As score.py: edits over the characters of the whole gold text with whitespace collapsed,
    /// so the space that joins one line to the next counts too.
    public var characterErrorRate: Double {
        let total = goldCharacters + max(0, goldLines - 1)
        return total == 0 ? 0 : Double(characterEdits) / Double(total)
    }
    /// Gold lines with at least one non-space character.
    public var goldLines = 0
    /// Share of gold syllables that were right in the input and are wrong in the output.
    public var harmRate: Double { goldTokens == 0 ? 0 : Double(harmed) / Double(goldTokens) }

    /// Adds one line: the input, the system's output and the gold text.
    public mutating func add(input: String, output: String, gold: String) {
        let g = EvaluationScore.keys(gold), o = EvaluationScore.keys(output), i = EvaluationScore.keys(input)
        goldTokens += g.count
        let outputPairs = EvaluationScore.align(g, o)
        matched += outputPairs.filter { g[$0.0] == o[$0.1] }.count
        let inputPairs = EvaluationScore.align(g, i)
        let rightBefore = Set(inputPairs.filter { g[$0.0] == i[$0.1] }.map(\.0))
        let rightAfter = Set(outputPairs.filter { g[$0.0] == o[$0.1] }.map(\.0))
        rightInInput += rightBefore.count
        harmed += rightBefore.subtracting(rightAfter).count
        let goldTokensRaw = EvaluationScore.tokens(gold), outputTokensRaw = EvaluationScore.tokens(output)
        for (a, b) in outputPairs where g[a] != o[b] {
            errors["\(goldTokensRaw[a]) → \(outputTokensRaw[b])", default: 0] += 1
        }
        let (edits, characters) = EvaluationScore.characterEdits(gold: gold, output: output)
        goldCharacters += characters
        characterEdits += edits
        if characters > 0 { goldLines += 1 }
    }

    /// Adds another score's counts (to total several sets).
    public mutating func add(_ other: EvaluationScore) {
        goldTokens += other.goldTokens
        matched += other.matched
        characterEdits += other.characterEdits
        goldCharacters += other.goldCharacters
        goldLines += other.goldLines
        harmed += other.harmed
        rightInInput += other.rightInInput
        for (key, count) in other.errors { errors[key, default: 0] += count }
    }

    // MARK: Definitions shared with score.py

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Syllable tokens of NFC text.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if isTokenScalar(scalar) || (!current.isEmpty && isMark(scalar)) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// Case-folded, tone-placement-insensitive key: letters without tone marks, then the tones.
    static func toneKey(_ token: String) -> String {
        let folded = token.lowercased().decomposedStringWithCanonicalMapping
        var kept = String.UnicodeScalarView()
        var tones = ""
        for scalar in folded.unicodeScalars {
            switch scalar.value {
            case 0x0300: tones += "2"
            case 0x0301: tones += "1"
            case 0x0303: tones += "4"
            case 0x0309: tones += "3"
            case 0x0323: tones += "5"
            default: kept.append(scalar)
            }
        }
        let base = String(kept).precomposedStringWithCanonicalMapping
        return tones.isEmpty ? base : base + "#" + tones
    }

    static func keys(_ text: String) -> [String] { tokens(text).map(toneKey) }

    /// score.py's CER on one line: words aligned, then each run of unequal words (each with a
    /// trailing space) scored by character edit distance.
    static func characterEdits(gold: String, output: String) -> (edits: Int, goldCharacters: Int) {
        let g = gold.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let o = output.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let characters = g.isEmpty ? 0 : g.reduce(0) { $0 + $1.unicodeScalars.count } + g.count - 1
        var edits = 0
        var gi = 0, oi = 0
        var pendingGold: [Unicode.Scalar] = [], pendingOutput: [Unicode.Scalar] = []
        func flush() {
            edits += levenshtein(pendingGold, pendingOutput)
            pendingGold.removeAll(); pendingOutput.removeAll()
        }
        for (a, b) in align(g, o) where g[a] == o[b] {
            while gi < a { pendingGold += g[gi].unicodeScalars; pendingGold.append(" "); gi += 1 }
            while oi < b { pendingOutput += o[oi].unicodeScalars; pendingOutput.append(" "); oi += 1 }
            flush()
            gi = a + 1; oi = b + 1
        }
        while gi < g.count { pendingGold += g[gi].unicodeScalars; pendingGold.append(" "); gi += 1 }
        while oi < o.count { pendingOutput += o[oi].unicodeScalars; pendingOutput.append(" "); oi += 1 }
        flush()
        return (edits, characters)
    }

    /// Levenshtein alignment (unit costs; ties prefer match/substitution): aligned index pairs.
    static func align(_ a: [String], _ b: [String]) -> [(Int, Int)] {
        let m = a.count, n = b.count
        if m == 0 || n == 0 { return [] }
        var dp = [Int](repeating: 0, count: (m + 1) * (n + 1))
        let w = n + 1
        for i in 0...m { dp[i * w] = i }
        for j in 0...n { dp[j] = j }
        for i in 1...m {
            for j in 1...n {
                dp[i * w + j] = min(dp[(i - 1) * w + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), dp[(i - 1) * w + j] + 1, dp[i * w + j - 1] + 1)
            }
        }
        var pairs: [(Int, Int)] = []
        var i = m, j = n
        while i > 0, j > 0 {
            if dp[i * w + j] == dp[(i - 1) * w + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1) {
                pairs.append((i - 1, j - 1)); i -= 1; j -= 1
            } else if dp[i * w + j] == dp[(i - 1) * w + j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
        }
        return pairs.reversed()
    }

    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count), current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
