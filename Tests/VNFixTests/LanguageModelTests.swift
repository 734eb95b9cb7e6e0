import Foundation
import Testing
@testable import VNFix

/// A small corpus with repeated phrases, so every order has contexts with several continuations.
private let corpus = """
    Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh.
    Đoàn đại biểu Quốc hội tỉnh tổ chức tiếp xúc cử tri.
    Hội đồng nhân dân tỉnh tổ chức kỳ họp thứ 12.
    Thường trực Hội đồng nhân dân tỉnh chỉ đạo các Ban của Hội đồng nhân dân.
    Các đại biểu Quốc hội tham gia đầy đủ các kỳ họp; Văn phòng phục vụ tốt kỳ họp.
    Năm 2023, Văn phòng được giao 31 biên chế và 08 hợp đồng lao động.
    """

private func trained(order: Int = 3, prune: [Int] = [1, 1, 1],
                     smoothing: LanguageModelTrainer.Smoothing = .modifiedKneserNey) throws -> (TrainedModel, LanguageModel) {
    var trainer = LanguageModelTrainer(options: .init(order: order, pruneThresholds: prune, smoothing: smoothing))
    trainer.add(text: corpus)
    let model = trainer.build()
    return (model, try LanguageModel.load(bytes: model.binary))
}

/// Σ_w P(w | context) over the whole vocabulary (except <s>, which is never predicted).
private func mass(_ model: LanguageModel, after words: [String]) -> Double {
    var state = model.startState
    for word in words { state = model.score(state, model.id(of: word) ?? LanguageModel.unknownWordID).next }
    var total = 0.0
    for id in 0..<model.vocabularySize where WordID(id) != LanguageModel.sentenceStartID {
        total += pow(10, Double(model.score(state, WordID(id)).log10Probability))
    }
    return total
}

@Suite("Language model")
struct LanguageModelTests {
    /// A list's entries (`linesEndSentences: false`) start like sentences but end none: the model
    /// has `<s> thủ` and `thủ đô`, and no word followed by `</s>`.
    @Test("a list trains without sentence ends")
    func listEntriesEndNoSentence() throws {
        var options = LanguageModelTrainer.Options(order: 2)
        options.linesEndSentences = false
        var list = LanguageModelTrainer(options: options)
        list.add(text: "thủ đô\ncông sở\ngiam giữ\n")
        let listModel = list.build()
        let bigrams = listModel.arpa.split(separator: "\n").filter { $0.split(separator: "\t").count >= 2 && $0.split(separator: "\t")[1].contains(" ") }
        // Nor does the count of `</s>` (kept for mixing models) count the entries' ends.
        #expect(try LanguageModel.load(bytes: listModel.binary).count(LanguageModel.sentenceEndID) == 0)
        #expect(bigrams.contains { $0.split(separator: "\t")[1] == "thủ đô" })
        #expect(bigrams.contains { $0.split(separator: "\t")[1] == "<s> thủ" })
        #expect(!bigrams.contains { $0.split(separator: "\t")[1].hasSuffix(" </s>") })
        var text = LanguageModelTrainer(options: .init(order: 2))
        text.add(text: "thủ đô\ncông sở\n")
        let textModel = text.build()
        #expect(textModel.arpa.contains("đô </s>"))
        #expect(try LanguageModel.load(bytes: textModel.binary).count(LanguageModel.sentenceEndID) == 2)
    }

    @Test("Probabilities sum to one in every kind of context", arguments: [2, 3, 4])
    func normalized(order: Int) throws {
        let (_, model) = try trained(order: order)
        for context in [[], ["hội"], ["đồng", "nhân"], ["đại", "biểu", "quốc"], ["tỉnh"], ["không", "có"]] {
            let total = mass(model, after: context)
            // 8-bit quantization of orders ≥ 2 moves each value slightly.
            #expect(abs(total - 1) < 0.03, "context \(context): Σp = \(total)")
        }
    }

    @Test("Every smoothing method gives a normalized, distinct model", arguments: LanguageModelTrainer.Smoothing.allCases)
    func smoothingNormalized(smoothing: LanguageModelTrainer.Smoothing) throws {
        let (trainedModel, model) = try trained(order: 3, smoothing: smoothing)
        for context in [[], ["hội"], ["đồng", "nhân"], ["không", "có"]] {
            #expect(abs(mass(model, after: context) - 1) < 0.03, "\(smoothing) context \(context)")
        }
        if smoothing != .modifiedKneserNey {
            #expect(trainedModel.binary != (try trained(order: 3).0.binary))
        }
    }

    @Test("Pruned models stay normalized")
    func prunedNormalized() throws {
        let (full, _) = try trained(order: 3)
        let (pruned, model) = try trained(order: 3, prune: [2, 2])
        #expect(pruned.ngramCounts[2] < full.ngramCounts[2])
        for context in [["hội", "đồng"], ["văn"], []] {
            #expect(abs(mass(model, after: context) - 1) < 0.03)
        }
    }

    @Test("Seen continuations score higher than unseen ones")
    func contextMatters() throws {
        let (_, model) = try trained()
        var state = model.startState
        for word in ["hội", "đồng"] { state = model.score(state, model.id(of: word)!).next }
        let seen = model.score(state, model.id(of: "nhân")!).log10Probability
        let unseen = model.score(state, model.id(of: "phòng")!).log10Probability
        #expect(seen > unseen + 1)
        #expect(model.id(of: "không-có-từ-này") == nil)
        #expect(model.word(model.id(of: "quốc")!) == "quốc")
        #expect(model.count(model.id(of: "hội")!) == 7)
    }

    @Test("Training is deterministic")
    func deterministic() throws {
        let (a, _) = try trained()
        let (b, _) = try trained()
        #expect(a.binary == b.binary)
    }

    @Test("ARPA export and import round-trip", arguments: [2, 3, 4])
    func arpaRoundTrip(order: Int) throws {
        let (_, model) = try trained(order: order)
        let arpa = model.arpa()
        #expect(arpa.hasPrefix("\\data\\\nngram 1="))
        let again = try LanguageModel.load(bytes: LanguageModel.convertARPA(arpa))
        #expect(again.ngramCounts == model.ngramCounts)
        // IDs are reassigned on import (ARPA has no counts), after which the text is a fixed point.
        let third = try LanguageModel.load(bytes: LanguageModel.convertARPA(again.arpa()))
        #expect(third.arpa() == again.arpa())
        var s1 = model.startState, s2 = again.startState
        for word in ["hội", "đồng", "nhân", "dân", "xyz"] {
            let a = model.score(s1, model.id(of: word) ?? 0), b = again.score(s2, again.id(of: word) ?? 0)
            #expect(abs(a.log10Probability - b.log10Probability) < 1e-4)
            s1 = a.next
            s2 = b.next
        }
    }

    /// A trigram whose last pair is no bigram (`b c` below): Kneser–Ney training never makes one,
    /// but an ARPA file may have it.
    static let suffixlessARPA = """
        \\data\\
        ngram 1=7
        ngram 2=2
        ngram 3=1

        \\1-grams:
        -1.0\t<unk>\t0
        -99\t<s>\t-0.5
        -1.0\t</s>\t0
        -1.5\t<num>\t0
        -0.5\ta\t-0.3
        -0.6\tb\t-0.2
        -0.7\tc\t0

        \\2-grams:
        -0.3\t<s> a\t-0.1
        -0.2\ta b\t-0.1

        \\3-grams:
        -0.05\ta b c

        \\end\\

        """

    @Test("Trigram queries (pair filter, context node in the state, unseen pairs from parts) agree with the general search",
          arguments: ["full", "pruned", "suffixless ARPA"])
    func trigramViewAgrees(kind: String) throws {
        let model: LanguageModel
        var sentences = corpus.split(separator: "\n").map { $0.split(separator: " ").map { $0.lowercased() } }
        switch kind {
        case "full": model = try trained(order: 3).1
        case "pruned": model = try trained(order: 3, prune: [2, 2]).1
        default:
            model = try LanguageModel.load(bytes: LanguageModel.convertARPA(LanguageModelTests.suffixlessARPA))
            sentences = [["a", "b", "c"], ["b", "c", "a"]]
        }
        // Every state the sentences pass through, with and without a sentence start.
        var states = [model.startState, model.emptyState]
        for sentence in sentences {
            for start in [model.startState, model.emptyState] {
                var state = start
                for word in sentence {
                    state = model.score(state, model.id(of: word) ?? LanguageModel.unknownWordID).next
                    states.append(state)
                }
            }
        }
        var compared = 0, unseen = 0
        let view = model.trigram
        for state in states {
            // The decoder's parts of an unseen pair's score (`TrigramView.scoreUnseenPair`).
            let backoff = view.unseenPairBackoff(state)
            for word in 0..<(model.vocabularySize + 1) {  // one past the vocabulary: scored as <unk>
                let fast = model.score(state, WordID(word)), reference = model.scoreBySearch(state, WordID(word))
                #expect(fast.log10Probability == reference.log10Probability, "\(kind): \(state) \(word)")
                #expect([fast.next.w0, fast.next.w1, fast.next.w2] == [reference.next.w0, reference.next.w1, reference.next.w2])
                compared += 1
                let scored = model.scoredWord(WordID(word))
                if let backoff, !view.mayContainPair(state.w2, scored) {
                    let parts = view.scoreUnseenPair(backoff: backoff, view.unseenPairWord(scored), empty: model.emptyState)
                    #expect(parts.log10Probability == fast.log10Probability, "\(kind): \(state) \(word)")
                    #expect(parts.next == fast.next)
                    unseen += 1
                }
            }
        }
        #expect(compared > 100)
        #expect(unseen > 10)
        if kind == "suffixless ARPA" {
            // P(c | a b) is the trigram's, though no bigram (b, c) exists.
            var state = model.startState
            for word in ["a", "b"] { state = model.score(state, model.id(of: word)!).next }
            #expect(abs(model.score(state, model.id(of: "c")!).log10Probability - -0.05) < 0.01)
        }
    }

    @Test("ARPA errors name the line")
    func arpaErrors() {
        #expect(throws: VNFixError.self) { try LanguageModel.convertARPA("\\data\\\nngram 1=2\n\\1-grams:\n-1 a\n", path: "x.arpa") }
        #expect(throws: VNFixError.self) { try LanguageModel.convertARPA("\\data\\\nngram 1=1\nngram 2=1\n\\1-grams:\nbad line\n\\end\\\n") }
    }

    @Test("Corrupt, truncated and wrong-version files are refused", arguments: ["flip", "truncate", "version", "magic", "empty"])
    func refusesDamage(damage: String) throws {
        let (trainedModel, _) = try trained()
        var bytes = trainedModel.binary
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x5A
        case "truncate": bytes.removeLast(100)
        case "version": bytes[8] = 9
        case "magic": bytes[0] = UInt8(ascii: "X")
        default: bytes = []
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-lm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.vnlm")
        try Data(bytes).write(to: url)
        do {
            _ = try LanguageModel.load(contentsOf: url)
            Issue.record("a damaged model (\(damage)) was accepted")
        } catch {
            guard case let .invalidModel(path, reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == url.path)
            let expected = ["flip": "checksum", "truncate": "truncated", "version": "version 9", "magic": "magic", "empty": "shorter"][damage]!
            #expect(reason.contains(expected), "\(reason)")
        }
    }

    @Test("Offsets arrays round-trip, with and without overflow blocks", arguments: [
        [UInt32](0..<100),
        (0..<100).map { UInt32($0 * 40) },  // every block overflows
        [0, 0, 0, 300, 300, 301, 5000, 5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, 70000, 70001, 70002],
        [7],
    ])
    func offsetsRoundTrip(values: [UInt32]) {
        let encoded = EncodedOffsets(values)
        var file = [UInt8](repeating: 0, count: encoded.blockWords.count * 4 + values.count + encoded.overflow.count * 4 + 8)
        let array = ModelLayout.OffsetsArray(blocks: 0, deltas: encoded.blockWords.count * 4,
                                             overflow: encoded.blockWords.count * 4 + values.count)
        file.withUnsafeMutableBytes { raw in
            for (b, word) in encoded.blockWords.enumerated() { raw.storeBytes(of: word, toByteOffset: array.blocks + b * 4, as: UInt32.self) }
            for (i, delta) in encoded.deltas.enumerated() { raw[array.deltas + i] = delta }
            for (i, value) in encoded.overflow.enumerated() { raw.storeBytes(of: value, toByteOffset: array.overflow + i * 4, as: UInt32.self) }
        }
        let decoded = file.withUnsafeBytes { raw in values.indices.map { UInt32(ModelLayout.offset(raw.baseAddress!, array, $0)) } }
        #expect(decoded == values)
    }

    @Test("Half floats widen exactly, every bit pattern")
    func halfFloats() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits)), got = halfToFloat(bits)
            if expected.isNaN { #expect(got.isNaN); continue }
            #expect(got.bitPattern == expected.bitPattern, "\(bits)")
        }
    }

    @Test("Counts keep 12 significant bits", arguments: [0, 1, 4095, 4096, 4097, 65535, 1_000_003, 134_000_000] as [UInt32])
    func countCode(count: UInt32) {
        let decoded = CountCode.decode(CountCode.encode(count))
        if count < 4096 { #expect(decoded == count) }
        #expect(decoded <= count)
        #expect(Double(count - decoded) <= Double(count) / 2048)
    }

    @Test("The bundled model loads and knows common syllables")
    func bundled() throws {
        let model = try LanguageModel.bundled()
        #expect(model.order == 3)
        #expect(model.vocabularySize > 10_000)
        for word in ["của", "được", "những", "nước", "quốc", "hội"] { #expect(model.id(of: word) != nil, "\(word)") }
        // 'của' after 'hoạt động' is far likelier than 'cửa'.
        var state = model.startState
        for word in ["hoạt", "động"] { state = model.score(state, model.id(of: word)!).next }
        #expect(model.score(state, model.id(of: "của")!).log10Probability > model.score(state, model.id(of: "cửa")!).log10Probability + 1)
    }
}
