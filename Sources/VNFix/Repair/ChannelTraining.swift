/// Public entry for learning a channel model (used by `vnfix train-channel`).
public enum ChannelTraining {
    /// Learns from line pairs and returns the channel file's text. `marked` says whether the OCR
    /// side carries Vietnamese marks (Vietnamese-model OCR) or not (English-model OCR, stripped).
    /// `caseText`: clean running text (lines) whose capitalisation the channel learns.
    public static func train(_ lines: [(ocr: String, gold: String, marked: Bool)], caseText: [String] = []) -> String {
        let normalizer = TextNormalizer()
        let pairs = lines.map { (ocr: normalizer.normalize($0.ocr), gold: normalizer.normalize($0.gold), kind: $0.marked ? DamageKind.marked : .unmarked) }
        var model = ChannelModel.learn(pairs: pairs)
        if !caseText.isEmpty {
            let statistics = ChannelModel.caseStatistics(of: caseText)
            model.tables[.unmarked]?.capitalisation = statistics.words
            model.tables[.unmarked]?.capitalisedPairs = statistics.pairs
        }
        return model.serialized()
    }
}
