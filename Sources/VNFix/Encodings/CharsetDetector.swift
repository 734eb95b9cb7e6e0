import Foundation

/// Guesses the charset of Vietnamese text from its bytes.
///
/// ```swift
/// let (charset, confidence) = CharsetDetector.detect(bytes)
/// ```
///
/// Order of evidence:
/// 1. Valid UTF-8 with multi-byte sequences is UTF-8: legacy Vietnamese text is practically never
///    valid UTF-8 by accident (its letters are high bytes next to ASCII). So is UTF-8 with a few
///    broken sequences among many good ones (the caller then reports the damage).
/// 2. Pure ASCII is UTF-8, unless it is dense with numeric references to non-ASCII characters
///    (NCR) or with VIQR marks that make valid syllables.
/// 3. Otherwise each legacy charset decodes a sample, and the one whose words are most often valid
///    Vietnamese syllables (`Syllable.parse`) wins, less a penalty for bytes it cannot map, for
///    control characters it produces and (TCVN3) for VN1-only bytes. A wrong table turns `Việt` into strings such as `ViÖt` or
///    `Vi·t` that no syllable grammar accepts, so the margin is usually wide.
public enum CharsetDetector {
    /// How many bytes are examined: enough words for a stable vote, fast on big files.
    public static let sampleSize = 64 * 1024

    /// Legacy charsets tried in step 3, in order of preference on a tie.
    static let legacyCandidates: [Charset] = [.tcvn3, .vni, .viscii, .cp1258, .vps]

    /// The most likely charset and a confidence in 0…1.
    public static func detect<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> (charset: Charset, confidence: Double)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        // The sample starts a little before the first non-ASCII byte, so a long ASCII header
        // does not hide the text that decides.
        guard let firstHigh = bytes.firstIndex(where: { $0 >= 0x80 }) else {
            return detectASCII(Array(bytes.prefix(sampleSize)))
        }
        var start = max(0, firstHigh - 1024)
        while start > 0, bytes[start - 1] != 0x0A, start > firstHigh - 2048 { start -= 1 }  // prefer a line start
        var sample = Array(bytes[start..<min(bytes.count, start + sampleSize)])
        if start + sample.count < bytes.count {
            // Do not let a multi-byte character cut by the sample boundary count as invalid UTF-8.
            var end = sample.count
            while end > 0, sample.count - end < 3, sample[end - 1] & 0xC0 == 0x80 { end -= 1 }
            if end > 0, sample[end - 1] >= 0xC0 { sample.removeSubrange((end - 1)...) }
        }
        let (multibyte, invalid) = sample.withUnsafeBufferPointer(utf8Evidence)
        if invalid == 0 { return (.utf8, 0.99) }
        // Mostly valid UTF-8 with a few broken sequences is damaged UTF-8, not a legacy charset:
        // legacy text almost never forms a valid multi-byte sequence by chance.
        if multibyte > 4 * invalid { return (.utf8, Double(multibyte) / Double(multibyte + invalid)) }

        var best: (charset: Charset, score: Double) = (.cp1258, -.infinity)
        var second = -Double.infinity
        for candidate in legacyCandidates {
            let score = plausibility(of: sample, as: candidate)
            if score > best.score {
                second = best.score
                best = (candidate, score)
            } else if score > second {
                second = score
            }
        }
        let margin = second.isFinite ? best.score - second : 1
        let confidence = max(0, min(1, best.score)) * min(1, 0.5 + margin)
        return (best.charset, confidence)
    }

    /// Valid multi-byte UTF-8 sequences and invalid bytes in `bytes`.
    static func utf8Evidence(_ bytes: UnsafeBufferPointer<UInt8>) -> (multibyte: Int, invalid: Int) {
        var multibyte = 0, invalid = 0
        var start = 0
        while start < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            let end = UTF8Validation.firstInvalidOffset(in: rest) ?? rest.count
            for k in 0..<end where rest[k] >= 0xC0 { multibyte += 1 }
            if end == rest.count { break }
            invalid += 1
            start += end + 1
        }
        return (multibyte, invalid)
    }

    /// Fraction of words with a non-ASCII letter that are valid syllables, minus penalties for
    /// unmappable bytes and control characters. Roughly -2…1.
    static func plausibility(of sample: [UInt8], as charset: Charset) -> Double {
        var replacements = 0
        guard let text = try? charset.decode(sample, lossy: true, replacements: &replacements) else { return -.infinity }
        var words = 0, valid = 0, controls = 0
        for scalar in text.unicodeScalars where scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t" && scalar != "\u{0C}" {
            controls += 1
        }
        for word in text.split(whereSeparator: { $0.isWhitespace || ($0.isASCII && !$0.isLetter) }) where !word.allSatisfy(\.isASCII) {
            words += 1
            if Syllable.parse(String(word)).isValid { valid += 1 }
        }
        let highBytes = max(1, sample.lazy.filter { $0 >= 0x80 }.count)
        // TCVN3 reads VN1's capitals for tolerance, but ABC-font text never holds them: a text
        // that needs them is more likely another charset (short cp1258 lines can read as TCVN3).
        let rare = charset == .tcvn3 ? sample.lazy.filter { LegacyTables.tcvn3DecodeOnly.contains($0) }.count : 0
        let validFraction = words == 0 ? 0 : Double(valid) / Double(words)
        return validFraction - Double(2 * (replacements + controls) + rare) / Double(highBytes)
    }

    static func detectASCII(_ sample: [UInt8]) -> (charset: Charset, confidence: Double) {
        // NCR: references to Vietnamese letters.
        let text = String(decoding: sample, as: UTF8.self)
        let references = text.components(separatedBy: "&#").count - 1
        if references >= 2, let decoded = try? Charset.ncr.decode(sample),
           decoded.unicodeScalars.contains(where: { $0.value >= 0x80 && VietnameseLetter($0) != nil }) {
            return (.ncr, 0.9)
        }
        // VIQR: words where marks were consumed, and how many of them are valid syllables.
        if let decoded = try? Charset.viqr.decode(sample) {
            let source = text.split(whereSeparator: \.isWhitespace)
            let target = decoded.split(whereSeparator: \.isWhitespace)
            var marked = 0, validMarked = 0
            if source.count == target.count {
                for (before, after) in zip(source, target) where before != after {
                    marked += 1
                    let core = after.trimmingCharacters(in: .punctuationCharacters)
                    if Syllable.parse(core).isValid { validMarked += 1 }
                }
            }
            let density = source.isEmpty ? 0 : Double(marked) / Double(source.count)
            let validity = marked == 0 ? 0 : Double(validMarked) / Double(marked)
            if marked >= 3, density >= 0.15, validity >= 0.8 {
                return (.viqr, min(1, validity * min(1, density * 2)))
            }
        }
        return (.utf8, 1)
    }
}
