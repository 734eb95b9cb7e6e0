import Foundation
import Testing
@testable import VNFix

/// Personal names in text without marks: the names list's pairs (`vnfix train-channel --names`)
/// and the surname at the head of a run of capitalised words (`DecoderTuning.surnameWeight`).
@Suite struct PersonalNameTests {
    static let repairer = OCRPatternTests.repairer

    /// Each line alone (a line without final punctuation carries its context into the next).
    /// Before the names list and the surname rule, these read Vũ Minh Tuân, Phần Thanh Sơn,
    /// Nguyên Thi Lan, Trần Văn Năm, Lễ Hoàng Anh, Phẩm Thi, Do Văn Hải, Huynh Vận Tải, Nguyên
    /// Thị Định, Nguyên Anh Hào, and `Ong` before a name.
    @Test("a name in text without marks is read as one", arguments: [
        ("bao cao cua Vu Minh Tuan ve tinh hinh", "của Vũ Minh Tuấn về"),
        ("y kien cua Phan Thanh Son tai phien hop", "của Phan Thanh Sơn tại"),
        ("giao cho Nguyen Thi Lan phu trach", "giao cho Nguyễn Thị Lan phụ trách"),
        ("dai dien cong ty la Tran Van Nam, Giam doc", "là Trần Văn Nam, Giám đốc"),
        ("Chu tich Le Hoang Anh da ky quyet dinh", "Chủ tịch Lê Hoàng Anh đã ký quyết định"),
        ("can bo Pham Thi Huong duoc khen thuong", "cán bộ Phạm Thị"),
        ("ong Do Van Hai trinh bay bao cao", "ông Đỗ Văn Hải trình bày báo cáo"),
        ("dong chi Huynh Van Tai, Truong phong", "đồng chí Huỳnh Văn Tài, Trưởng phòng"),
        ("Phat bieu cua nu tuong Nguyen Thi Dinh tai hoi nghi", "Nguyễn Thị Định"),
        ("Nguyen Anh Hao, Pho Giam doc So Noi vu", "Nguyễn Anh Hào, Phó Giám đốc Sở Nội vụ"),
        // An address term where a sentence starts (`Ong` stayed: the model barely knows `Ông` there).
        ("Ong Hung phat bieu tai hoi nghi.", "Ông Hưng phát biểu tại hội nghị."),
        ("Ong Tran Van Nam, Giam doc So Tai chinh, cho biet.", "Ông Trần Văn Nam, Giám đốc Sở Tài chính, cho biết."),
    ])
    func names(input: String, expected: String) {
        #expect(Self.repairer.repair(input).contains(expected))
    }

    /// The surname rule needs three capitalised words: two may be a place or a title, and small
    /// letters are no name (`nguyen van` is nguyên văn, verbatim).
    @Test("no surname reading outside a run of three capitalised words", arguments: [
        ("trich dan nguyen van loi phat bieu cua ong", "trích dẫn nguyên văn"),
        ("phong Quoc hoi), Bao Nhan dan, Dai truyen hinh", "Báo Nhân dân"),
    ])
    func notNames(input: String, expected: String) {
        #expect(Self.repairer.repair(input).contains(expected))
    }

    @Test("the surnames are the names list's first lines")
    func surnamesMatchTheList() throws {
        let lines = try Repo.text("Corpora/lexicon/names-vi.txt").split(separator: "\n").map(String.init)
        let leading = lines.prefix { !$0.contains(" ") }.map { VietnameseCase.lowercase($0) }
        #expect(leading == PersonalNames.surnames)
        // Every surname is a word of the bundled model, so none is lost at load.
        #expect(Self.repairer.generator.surnameIDs.count == PersonalNames.surnames.count)
    }

    @Test("a name's neighbouring syllables join the pairs capitalised together, counts kept")
    func namePairs() {
        let known = [CasePair(first: "cần", second: "thơ", capitalised: 4, total: 5)]
        let pairs = ChannelTraining.withNamePairs(known, ["Nguyễn", "Nguyễn Văn", "Cần Thơ", "Anh Dũng", "John Smith", "Trần  Thị  Mai"],
                                                  normalizer: TextNormalizer())
        #expect(pairs == [
            CasePair(first: "anh", second: "dũng", capitalised: 0, total: 0),
            CasePair(first: "cần", second: "thơ", capitalised: 4, total: 5),
            CasePair(first: "nguyễn", second: "văn", capitalised: 0, total: 0),
            CasePair(first: "thị", second: "mai", capitalised: 0, total: 0),
            CasePair(first: "trần", second: "thị", capitalised: 0, total: 0),
        ])
        // The bundled channel has them: `Nguyen Van` may read Nguyễn Văn where no sentence starts.
        let model = Self.repairer.model
        #expect(Self.repairer.generator.capitalisedPairs().contains(CandidateGenerator.pairKey(model.id(of: "nguyễn")!, model.id(of: "văn")!)))
    }
}
