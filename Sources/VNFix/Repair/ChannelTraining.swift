/// Public entry for learning a channel model (used by `vnfix train-channel`).
public enum ChannelTraining {
    /// Learns from line pairs and returns the channel file's text. `marked` says whether the OCR
    /// side carries Vietnamese marks (Vietnamese-model OCR) or not (English-model OCR, stripped).
    /// `caseText`: clean running text (lines) whose capitalisation the channel learns.
    /// `names`: personal names (`Nguyễn Văn`, `Anh Dũng`); each two neighbouring syllables join the
    /// pairs capitalised together (`ChannelTable.capitalisedPairs`), as if the case text had them.
    /// `dictionary`: a word list, one word per line; its two-syllable words are kept
    /// (`ChannelTable.dictionaryWords`).
    public static func train(_ lines: [(ocr: String, gold: String, marked: Bool)], caseText: [String] = [], names: [String] = [], dictionary: [String] = []) -> String {
        let normalizer = TextNormalizer()
        let pairs = lines.map { (ocr: normalizer.normalize($0.ocr), gold: normalizer.normalize($0.gold), kind: $0.marked ? DamageKind.marked : .unmarked) }
        var model = ChannelModel.learn(pairs: pairs)
        if !caseText.isEmpty {
            let statistics = ChannelModel.caseStatistics(of: caseText)
            model.tables[.unmarked]?.capitalisation = statistics.words
            model.tables[.unmarked]?.capitalisedPairs = statistics.pairs
        }
        if !names.isEmpty {
            let pairs = model.tables[.unmarked]?.capitalisedPairs ?? []
            model.tables[.unmarked]?.capitalisedPairs = withNamePairs(pairs, names, normalizer: normalizer)
        }
        if !dictionary.isEmpty { model.tables[.marked]?.dictionaryWords = dictionaryWords(dictionary, normalizer: normalizer) }
        return model.serialized()
    }

    /// `pairs` and each two neighbouring syllables of the names that it lacks, sorted as
    /// `caseStatistics` sorts. A name's pair has no counts of running text (0 of 0): the list says
    /// the two go together in names, not how often.
    static func withNamePairs(_ pairs: [CasePair], _ names: [String], normalizer: TextNormalizer) -> [CasePair] {
        var seen = Set(pairs.map { $0.first + " " + $0.second })
        var merged = pairs
        for name in names {
            let parts = VietnameseCase.lowercase(normalizer.normalize(name)).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.allSatisfy({ Syllable.isValid($0) }) else { continue }
            for (first, second) in zip(parts, parts.dropFirst()) where seen.insert(first + " " + second).inserted {
                merged.append(CasePair(first: first, second: second, capitalised: 0, total: 0))
            }
        }
        return merged.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
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
