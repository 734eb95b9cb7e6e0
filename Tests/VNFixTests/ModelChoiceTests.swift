import Foundation
import Testing
@testable import VNFix

/// The choice between the bundled language models (`Repairer.Session.prefersGeneralModel`): a
/// document without marks is decoded with the one its first lines, repaired, read likelier under.
@Suite struct ModelChoiceTests {
    static let repairer = OCRPatternTests.repairer

    /// Everyday prose and legal text, nothing like the seeds' reports (written for this test), with
    /// its marks.
    static let generalText = """
        Buổi sáng hôm ấy trời mưa nhỏ, những con đường trong làng ướt đẫm và vắng người qua lại.
        Bà cụ ngồi bên hiên nhà, nhìn ra cánh đồng lúa xanh mướt, nhớ về những ngày còn trẻ.
        Ngày đó, cả làng thường kéo nhau ra sông tắm mát mỗi khi chiều xuống.
        Theo quy định của pháp luật, người phạm tội giết người có thể bị phạt tù hoặc tử hình.
        Hiến pháp bảo đảm quyền tự do ngôn luận, tự do báo chí và quyền được thông tin của công dân.
        Tòa án nhân dân là cơ quan xét xử, thực hiện quyền tư pháp theo quy định của luật.
        Cậu bé chạy ra chợ mua cho mẹ mấy bó rau muống và một con cá rô còn tươi.
        Những đứa trẻ vui đùa trên bãi cỏ, tiếng cười của chúng vang khắp xóm nhỏ.
        Người nông dân mong trời tạnh để kịp gặt lúa trước khi cơn bão tiếp theo kéo đến.
        """

    /// `text` with every mark and stroke removed.
    static func stripped(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
        return String(String.UnicodeScalarView(decomposed.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }))
    }

    static func session(observing text: String) -> Repairer.Session {
        var session = Repairer.Session(repairer: repairer)
        session.observe(text)
        return session
    }

    @Test("general text without marks reads likelier under the general model; a report, under the default")
    func choice() throws {
        #expect(Self.repairer.generalModel != nil)
        #expect(Self.session(observing: Self.stripped(Self.generalText)).prefersGeneralModel())
        let report = try Repo.text("Corpora/eval/stripped-000/input.txt").split(separator: "\n").prefix(40).joined(separator: "\n")
        #expect(!Self.session(observing: report).prefersGeneralModel())
        // Too few words to choose by: the default.
        #expect(!Self.session(observing: "Nguoi nong dan mong troi tanh de kip gat lua").prefersGeneralModel())
    }

    /// The choices a parallel block inherits (`makeDocumentChoices`, made once from the finished
    /// estimate) are those a session makes as its lines first need them.
    @Test("document choices made at once equal those made on need", arguments: ["general", "report", "vie-scan", "mixed"])
    func documentChoicesAtOnce(document: String) throws {
        let general = Self.generalText.split(separator: "\n").map(String.init)
        let lines: [String]
        switch document {
        case "general": lines = (general + general).map(Self.stripped)
        case "report": lines = try Repo.text("Corpora/eval/stripped-000/input.txt").split(separator: "\n").prefix(40).map(String.init)
        case "vie-scan": lines = try Repo.text("Corpora/eval/ocr-vie-000-liberation-serif-scan/input.txt").split(separator: "\n").prefix(40).map(String.init)
        default: lines = (general + general).enumerated().map { $0.offset % 3 == 1 ? Self.stripped($0.element) : $0.element }
        }
        var eager = Repairer.Session(repairer: Self.repairer), onNeed = Repairer.Session(repairer: Self.repairer)
        for line in lines {
            eager.observeLeading(line)
            onNeed.observeLeading(line)
        }
        #expect(!eager.isEstimatingDamage)
        eager.makeDocumentChoices()
        #expect(eager.usesGeneralModel != nil || Self.repairer.general == nil || eager.kind == .marked && eager.markedMarginExtra! >= 0)
        for (k, line) in lines.enumerated() { _ = onNeed.repairLine(line, next: k + 1 < lines.count ? lines[k + 1] : nil) }
        #expect(eager.usesGeneralModel == onNeed.usesGeneralModel)
        #expect(eager.markedMarginExtra == onNeed.markedMarginExtra)
        if let second = onNeed.secondRun, eager.kind == .unmarked {
            #expect(eager.secondRun?.kind == second.kind && eager.secondRun?.readsEnglishModelOCR == second.readsEnglishModelOCR)
        }
        if document == "general" { #expect(eager.usesGeneralModel == true) }
    }

    @Test("right text keeps the default model; text with marks that needs repairs may take the general one")
    func documentsWithMarks() {
        let lines = Self.generalText.split(separator: "\n").map(String.init)
        var right = Self.session(observing: Self.generalText)
        #expect(right.repairLine(lines[0]).text == lines[0])
        #expect(right.usesGeneralModel != true)
        // Every third line typed without marks: a trial repair changes many words.
        let mixed = lines.enumerated().map { $0.offset % 3 == 1 ? Self.stripped($0.element) : $0.element }
        var damaged = Self.session(observing: mixed.joined(separator: "\n"))
        _ = damaged.repairLine(mixed[0])
        #expect(damaged.kind == .marked)
        #expect(damaged.usesGeneralModel == true)
    }

    @Test("the chosen model repairs the document: better than the default alone on general text")
    func repairsWithTheChoice() throws {
        let input = Self.stripped(Self.generalText)
        let chosen = Self.repairer.repair(input)
        let defaultOnly = try Repairer(modelURL: Bundle.module.url(forResource: "default", withExtension: "vnlm")).repair(input)
        func right(_ output: String) -> Int {
            zip(output.split(separator: " "), Self.generalText.split(separator: " ")).filter { $0.0.lowercased() == $0.1.lowercased() }.count
        }
        #expect(right(chosen) > right(defaultOnly), "\(chosen)\n\(defaultOnly)")
        // A second run changes nothing.
        #expect(Self.repairer.repair(chosen) == chosen)
    }

    @Test("a general model whose vocabulary differs from the model's is refused")
    func mismatchedGeneralModel() throws {
        var trainer = LanguageModelTrainer(options: .init(order: 3))
        trainer.add(text: Self.generalText)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-general-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("general.vnlm")
        try Data(trainer.build().binary).write(to: url)
        #expect {
            _ = try Repairer(generalModelURL: url)
        } throws: { error in
            guard let error = error as? VNFixError, case let .invalidModel(path, reason) = error else { return false }
            return path == url.path && reason.contains("vocabulary")
        }
    }
}
