import Foundation
import Testing
@testable import VNFix

/// Dictionary words in text without marks: a reading that makes a two-syllable word of the
/// dictionary with its neighbour's reading gains `DecoderTuning.dictionaryWordWeight`.
/// A syllable makes one such word at most: without that rule, three rows of other suites read
/// `thân thế là` (thế là), `Tổng kết thúc` (kết thúc) and `cơ quan dạng`.
@Suite struct DictionaryWordTests {
    static let repairer = OCRPatternTests.repairer

    /// Each line alone. Without the bonus these read hội hợp, vật từ, nhà bảo, tân tinh: the model
    /// has seen those pairs no more often than the words, and the other syllables more often.
    @Test("a reading that makes a dictionary word with its neighbour wins", arguments: [
        ("to chuc hoi hop dung thoi gian quy dinh", "tổ chức hội họp đúng thời gian quy định"),
        ("ho tro vat tu y te cho cac benh vien", "hỗ trợ vật tư y tế cho các bệnh viện"),
        ("anh ay la mot nha bao co kinh nghiem", "anh ấy là một nhà báo có kinh nghiệm"),
        ("nguoi benh can duoc cham soc tan tinh", "người bệnh cần được chăm sóc tận tình"),
    ])
    func dictionaryWords(input: String, expected: String) {
        #expect(Self.repairer.repair(input) == expected)
    }

    @Test("explain lists the output's dictionary words, one word per syllable")
    func explainListsWords() {
        let report = Self.repairer.explain("Tong ket thuc hien, to chuc hoi hop")
        #expect(report.contains("dictionary words in the output (+0.60 each): tổng kết, thực hiện, tổ chức, hội họp\n"))
        // Not across punctuation, and `kết thúc` is no word here: `kết` ended one.
        #expect(Self.repairer.dictionaryWords(in: "thực hiện, tổ chức") == ["thực hiện", "tổ chức"])
        #expect(Self.repairer.dictionaryWords(in: "thực, hiện") == [])
        #expect(Self.repairer.dictionaryWords(in: "tổng kết thúc") == ["tổng kết"])
    }

    @Test("the dictionary's pairs, grouped by first word, ascending and without duplicates")
    func pairsByFirstWord() {
        let words = DictionaryWords(pairs: [(3, 9), (1, 4), (3, 2), (1, 4), (0, 7), (3, 5)], vocabularySize: 10)
        #expect(words.count == 5)
        #expect(Array(words.seconds(after: 3)) == [2, 5, 9])
        #expect(Array(words.seconds(after: 1)) == [4])
        #expect(words.seconds(after: 2).isEmpty)
        #expect(words.seconds(after: 9).isEmpty)
        // A word the table was not built for (a model's reserved IDs are below its size; this guards the bounds).
        #expect(words.seconds(after: 10).isEmpty)
        #expect(words.contains(3, 5) && words.contains(0, 7) && !words.contains(3, 4) && !words.contains(7, 0))
        #expect(DictionaryWords(pairs: [], vocabularySize: 4).isEmpty)
    }

    /// The bundled dictionary as the repairer loads it: every two-syllable line whose syllables
    /// are words of the model.
    @Test("the bundled dictionary's words are read into word IDs")
    func bundledDictionary() {
        let generator = Self.repairer.generator, model = Self.repairer.model
        let words = generator.dictionaryWords()
        #expect(words.count > 20_000)
        #expect(words.contains(model.id(of: "thủ")!, model.id(of: "đô")!))
        #expect(words.contains(model.id(of: "vật")!, model.id(of: "tư")!))
        #expect(!words.contains(model.id(of: "thu")!, model.id(of: "do")!))
    }
}
