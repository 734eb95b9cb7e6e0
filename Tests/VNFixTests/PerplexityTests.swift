import Foundation
import Testing
@testable import VNFix

@Suite("Perplexity")
struct PerplexityTests {
    static func model() throws -> LanguageModel {
        var trainer = LanguageModelTrainer(options: .init(order: 3))
        trainer.add(text: "Văn phòng Đoàn đại biểu. Văn phòng Quốc hội.\nĐoàn đại biểu Quốc hội 12 người.")
        return try LanguageModel.load(bytes: trainer.build().binary)
    }

    @Test("text is split into sentences and words as in training")
    func tokenization() throws {
        let model = try Self.model()
        let sentences = model.sentenceWordIDs(of: "Văn phòng: Quốc hội\nxyzzy 12")
        #expect(sentences.count == 3)
        #expect(sentences[0] == [model.id(of: "văn")!, model.id(of: "phòng")!])
        #expect(sentences[1] == [model.id(of: "quốc")!, model.id(of: "hội")!])
        #expect(sentences[2] == [LanguageModel.unknownWordID, LanguageModel.numberID])
    }

    @Test("perplexity sums log10 p over words and </s>, leaving OOVs out")
    func perplexity() throws {
        let model = try Self.model()
        let text = "Văn phòng xyzzy Quốc hội."
        let result = model.perplexity(of: text)
        #expect(result.tokens == 5)
        #expect(result.oov == 1)
        var state = model.startState
        var total: Double = 0
        for word in ["văn", "phòng", "xyzzy", "quốc", "hội"] {
            let id = model.id(of: word) ?? LanguageModel.unknownWordID
            let (p, next) = model.score(state, id)
            if id != LanguageModel.unknownWordID { total += Double(p) }
            state = next
        }
        total += Double(model.endScore(state))
        let expected = pow(10, -total / Double(5 - 1 + 1))
        #expect(abs(result.perplexity - expected) < 1e-9 * expected)
        #expect(model.perplexity(of: "Văn phòng Đoàn đại biểu.").perplexity < model.perplexity(of: "biểu đại Đoàn phòng Văn.").perplexity)
    }
}
