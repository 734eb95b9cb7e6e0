/// Public entry for learning a channel model (used by `vnfix train-channel`).
public enum ChannelTraining {
    /// Learns from line pairs and returns the channel file's text. `marked` says whether the OCR
    /// side carries Vietnamese marks (Vietnamese-model OCR) or not (English-model OCR, stripped).
    /// `caseText`: clean running text (lines) whose capitalisation the channel learns.
    /// `dictionary`: a word list, one word per line; its two-syllable words are kept
    /// (`ChannelTable.dictionaryWords`).
    public static func train(_ lines: [(ocr: String, gold: String, marked: Bool)], caseText: [String] = [], dictionary: [String] = []) -> String {
        let normalizer = TextNormalizer()
        let pairs = lines.map { (ocr: normalizer.normalize($0.ocr), gold: normalizer.normalize($0.gold), kind: $0.marked ? DamageKind.marked : .unmarked) }
        var model = ChannelModel.learn(pairs: pairs)
        if !caseText.isEmpty {
            let statistics = ChannelModel.caseStatistics(of: caseText)
            model.tables[.unmarked]?.capitalisation = statistics.words
            model.tables[.unmarked]?.capitalisedPairs = statistics.pairs
        }
        if !dictionary.isEmpty { model.tables[.marked]?.dictionaryWords = dictionaryWords(dictionary, normalizer: normalizer) }
        return model.serialized()
    }

    /// The two-syllable entries of a word list, lowercase NFC, each once, sorted (so that the file
    /// does not depend on the list's order).
    static func dictionaryWords(_ entries: [String], normalizer: TextNormalizer) -> [DictionaryWord] {
        var seen = Set<String>()
        var words: [DictionaryWord] = []
        for entry in entries {
            let parts = VietnameseCase.lowercase(normalizer.normalize(entry)).split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts.allSatisfy({ Syllable.isValid(String($0)) }) else { continue }
            let key = parts.joined(separator: " ")
            guard seen.insert(key).inserted else { continue }
            words.append(DictionaryWord(first: String(parts[0]), second: String(parts[1])))
        }
        return words.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }
}
