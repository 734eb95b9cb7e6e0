import Foundation
import Testing
@testable import VNFix

/// The tables built at start-up (channel token memory, candidate index) are built cheaply; each
/// is checked here against the plain construction it replaced.
@Suite struct StartupTablesTests {
    static let model = try! LanguageModel.bundled()
    static let channelText: String = {
        let url = Bundle.module.url(forResource: "default", withExtension: "vnch")!
        return String(decoding: FileManager.default.contents(atPath: url.path)!, as: UTF8.self)
    }()

    // MARK: Channel file

    /// The token memory writes back the lines it was read from (the `C` lines differ: reading adds
    /// the manual confusions to the counts).
    @Test func bundledTokenMemoryRoundTrips() throws {
        let channel = try ChannelModel.parse(Self.channelText, path: "default.vnch")
        func tokenLines(_ text: String) -> [Substring] { text.split(separator: "\n").filter { $0.hasPrefix("T\t") } }
        let written = channel.serialized()
        #expect(tokenLines(written) == tokenLines(Self.channelText))
        #expect(tokenLines(written).count == 9_637)  // the bundled file's T lines (grep -c "^T" default.vnch)
    }

    @Test func tokenMemoryMatchesTheFileLines() throws {
        let channel = try ChannelModel.parse(Self.channelText, path: "default.vnch")
        var expected: [DamageKind: [String: [String: Int]]] = [:]
        for line in Self.channelText.split(separator: "\n") where line.hasPrefix("T\t") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            expected[DamageKind(rawValue: fields[1])!, default: [:]][fields[2], default: [:]][fields[3]] = Int(fields[4])!
        }
        for kind in DamageKind.allCases {
            let memory = channel.tables[kind]!.tokens
            for (ocr, golds) in expected[kind] ?? [:] {
                let readings = try #require(memory.readings(of: ocr))
                var found: [String: Int] = [:]
                for reading in readings { found[memory.gold(reading)] = memory.count(reading) }
                #expect(found == golds)
            }
            #expect(memory.readings(of: "khôngcó") == nil)
        }
    }

    /// The capitalisation counts and pairs, kept as the file's bytes, write back the lines they were
    /// read from, and read as the counts the lines say.
    @Test func bundledCaseLinesRoundTrip() throws {
        let channel = try ChannelModel.parse(Self.channelText, path: "default.vnch")
        func lines(_ text: String, _ tag: String) -> [Substring] { text.split(separator: "\n").filter { $0.hasPrefix(tag) } }
        let written = channel.serialized()
        #expect(lines(written, "K\t") == lines(Self.channelText, "K\t"))
        #expect(lines(written, "P\t") == lines(Self.channelText, "P\t"))
        #expect(lines(written, "K\t").count == 7_149 && lines(written, "P\t").count == 22_702)  // grep -c "^K" / "^P" default.vnch
        let table = try #require(channel.tables[.unmarked])
        let firstCount = try #require(lines(Self.channelText, "K\t").first).split(separator: "\t").map(String.init)
        #expect(table.capitalisation.first == CaseCount(word: firstCount[2], capitalised: Int(firstCount[3])!, total: Int(firstCount[4])!))
        let lastPair = try #require(lines(Self.channelText, "P\t").last).split(separator: "\t").map(String.init)
        #expect(table.capitalisedPairs.last == CasePair(first: lastPair[2], second: lastPair[3], capitalised: Int(lastPair[4])!, total: Int(lastPair[5])!))
    }

    /// Loading the file (validated once, parsed on its bytes) reads what parsing its text reads.
    @Test func loadingTheFileMatchesParsingItsText() throws {
        let url = Bundle.module.url(forResource: "default", withExtension: "vnch")!
        let loaded = try ChannelModel.load(contentsOf: url), parsed = try ChannelModel.parse(Self.channelText, path: "default.vnch")
        #expect(loaded.serialized() == parsed.serialized())
    }

    @Test func invalidUTF8InAChannelFileIsAnErrorNamingItsPlace() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-bad-\(UUID().uuidString).vnch")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Array("vnfix-channel\t2\nT\teng\tkhong\tkh".utf8) + [0xC3, 0x28] + Array("ng\t3\n".utf8)).write(to: url)
        #expect(throws: VNFixError.invalidModel(path: url.path, reason: "invalid UTF-8 at line 2, byte 30")) {
            try ChannelModel.load(contentsOf: url)
        }
    }

    // MARK: Candidate index

    /// An index entry keeps its letters inline: every length an index key has (up to 8) reads back
    /// as given; a longer word has no entry.
    @Test("index entries keep their letters", arguments: ["", "a", "đường", "nghiêng", "khuyếch", "abcdefgh", "abcdefghi"])
    func indexEntryLetters(word: String) {
        let letters = word.unicodeScalars.map(\.value)
        let entry = CandidateGenerator.IndexEntry(id: 7, letters: letters)
        if letters.count > 8 {
            #expect(entry == nil)
        } else {
            #expect(entry?.id == 7)
            #expect(entry?.withLetters { Array($0) } == letters)
        }
    }

    /// The key set (the capitalised word pairs, the keys a token visits) holds what a `Set` built
    /// from the same keys holds (duplicates, key 0 and the largest pair keys included), growing
    /// from a small start, and answers `insert` as `Set` does.
    @Test func keySetMatchesASet() {
        var generator = SystemRandomNumberGenerator()
        var keys: [UInt64] = [0, CandidateGenerator.pairKey(0x7FFF_FFFF, 0xFFFF_FFFF), CandidateGenerator.pairKey(3, 4), CandidateGenerator.pairKey(3, 4)]
        for _ in 0..<5_000 { keys.append(CandidateGenerator.pairKey(WordID.random(in: 0..<200_000, using: &generator), WordID.random(in: 0..<200_000, using: &generator))) }
        var set = UInt64Set(minimumCapacity: 8), expected = Set<UInt64>()
        for key in keys { #expect(set.insert(key) == expected.insert(key).inserted) }
        #expect(set.count == expected.count)
        #expect(keys.allSatisfy { set.contains($0) })
        for _ in 0..<20_000 {
            let probe = CandidateGenerator.pairKey(WordID.random(in: 0..<200_000, using: &generator), WordID.random(in: 0..<200_000, using: &generator))
            #expect(set.contains(probe) == expected.contains(probe))
        }
        #expect(UInt64Set.empty.isEmpty && !UInt64Set.empty.contains(0))
    }

    // MARK: Foreign words

    /// The open-addressing table holds what a `Dictionary` built from the same lists holds.
    @Test func foreignWordTableMatchesADictionary() {
        var expected: [UInt64: ForeignWords.Frequencies] = [:]
        for (lane, list) in ForeignWords.packed.enumerated() {
            for entry in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let letters = entry.prefix { $0.isLetter }, digits = entry.drop { $0.isLetter }
                let key = letters.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                expected[key, default: ForeignWords.Frequencies(repeating: ForeignWords.unlisted)][lane] = -Float(Int(digits)!) / 100
            }
        }
        let table = ForeignWords.frequencies
        #expect(table.count == expected.count)
        #expect(expected.count > 15_000)
        var mismatches = 0
        for (key, frequencies) in expected where table[key] != frequencies { mismatches += 1 }
        #expect(mismatches == 0)
        // Keys no list has: one letter, a word of none of the languages, and the empty key.
        for absent: UInt64 in [0x61, 0x7468_7565, 0x7a7a_7a7a_7a7a_7a] { #expect(table[absent] == nil) }
    }

    @Test func laterTokenLineReplacesTheCount() throws {
        let text = "vnfix-channel\t1\nT\teng\tkhong\tkhông\t3\nT\teng\tkhong\tkhống\t1\nT\teng\tkhong\tkhông\t5\n"
        let memory = try ChannelModel.parse(text, path: "x.vnch").tables[.unmarked]!.tokens
        let readings = try #require(memory.readings(of: "khong"))
        #expect(readings.map { "\(memory.gold($0)) \(memory.count($0))" } == ["không 5", "khống 1"])
    }

    /// Each reading knows how often its gold token occurs in the pairs under any form.
    @Test func goldTotalsCountEveryForm() throws {
        let text = "vnfix-channel\t2\nT\tvie\tnêu\tnếu\t5\nT\tvie\tnếu\tnếu\t86\nT\tvie\tneu\tnếu\t1\nT\tvie\tneu\tnêu\t2\n"
        let memory = try ChannelModel.parse(text, path: "x.vnch").tables[.marked]!.tokens
        func totals(_ form: String) throws -> [String] {
            try #require(memory.readings(of: form)).map { "\(memory.gold($0)) \(memory.count($0))/\(memory.goldTotal($0))" }
        }
        #expect(try totals("nêu") == ["nếu 5/92"])
        #expect(try totals("neu") == ["nếu 1/92", "nêu 2/2"])
    }

    /// A remembered reading of a form that is a word itself scores P(gold | form) when the pairs
    /// show the form read as itself, and P(form | gold) when they never do (the word is missing
    /// from the pairs' text): then `nêu` is not taken for a certain misreading of `nếu`.
    @Test func rememberedReadingOfAWordNeverSeenAsItself() throws {
        func channel(of form: String, as gold: String, in text: String) throws -> Float {
            let generator = CandidateGenerator(model: Self.model, channel: try ChannelModel.parse("vnfix-channel\t2\n" + text, path: "x.vnch"))
            let candidates = generator.candidates(for: form.unicodeScalars.map(\.value), kind: .marked)
            return try #require(candidates.first { $0.id == Self.model.id(of: gold) }).channel
        }
        let misreadOnly = "T\tvie\tnêu\tnếu\t5\nT\tvie\tnếu\tnếu\t87\n"
        #expect(abs(try channel(of: "nêu", as: "nếu", in: misreadOnly) - log10(Float(5) / 92)) < 1e-4)
        let alsoRight = misreadOnly + "T\tvie\tnêu\tnêu\t28\n"
        #expect(abs(try channel(of: "nêu", as: "nếu", in: alsoRight) - (log10(Float(5) / 33) - 0.3)) < 1e-4)
        // A form that is no word (`c6`) has no reading of its own to weigh: the share stays P(gold | form).
        let code = "T\teng\tc6\tcó\t40\nT\teng\tcó\tcó\t400\n"
        let generator = CandidateGenerator(model: Self.model, channel: try ChannelModel.parse("vnfix-channel\t2\n" + code, path: "x.vnch"))
        let reading = try #require(generator.candidates(for: "c6".unicodeScalars.map(\.value), kind: .unmarked).first { $0.id == Self.model.id(of: "có") })
        #expect(abs(reading.channel - -0.3) < 1e-4)  // every c6 was có: log10(40 / 40) - 0.3
    }

    /// Version 1 files (before the `W` lines) still read.
    @Test func versionOneStillReads() throws {
        let model = try ChannelModel.parse("vnfix-channel\t1\nT\teng\tkhong\tkhông\t3\n", path: "x.vnch")
        #expect(model.tables[.unmarked]!.tokens.readings(of: "khong")?.count == 1)
        #expect(model.tables[.marked]!.dictionaryWords.isEmpty)
    }

    @Test func tokensAreComparedAsNFC() throws {
        let decomposed = "hoa\u{0300}"  // hoà as a + combining grave
        let text = "vnfix-channel\t1\nT\tvie\t\(decomposed)\thoà\t2\n"
        let memory = try ChannelModel.parse(text, path: "x.vnch").tables[.marked]!.tokens
        #expect(memory.readings(of: "hoà").map { $0.count } == 1)
        #expect(memory.readings(of: decomposed).map { $0.count } == 1)
    }

    @Test(arguments: [
        ("", "empty channel file"),
        ("vnfix-model\t1\n", "not a vnfix channel file (line 1)"),
        ("vnfix-channel\t3\n", "channel file version 3 is not one this vnfix reads (1–2)"),
        ("vnfix-channel\tx\n", "channel file version x is not one this vnfix reads (1–2)"),
        ("vnfix-channel\t2\nW\tvie\tbấy\n", "malformed line 2"),
        ("vnfix-channel\t2\nW\tvie\tbấy\tgiờ\t1\n", "malformed line 2"),
        ("vnfix-channel\t2\nW\tvie\t\tgiờ\n", "malformed line 2"),
        ("vnfix-channel\t1\nT\teng\tkhong\tkhông\n", "malformed line 2"),
        ("vnfix-channel\t1\nT\teng\tkhong\tkhông\tmany\n", "malformed line 2"),
        ("vnfix-channel\t1\nT\tfra\tkhong\tkhông\t1\n", "malformed line 2"),
        ("vnfix-channel\t1\nT\teng\tkhong\tkhông\t1\t1\n", "malformed line 2"),
        ("vnfix-channel\t1\nC\teng\t61\t61\t0\t4\nC\teng\tzz\t61\t0\t4\n", "malformed line 3"),
    ])
    func malformedChannelFileIsAClearError(text: String, reason: String) {
        #expect(throws: VNFixError.invalidModel(path: "bad.vnch", reason: reason)) {
            try ChannelModel.parse(text, path: "bad.vnch")
        }
    }

    // MARK: Candidate index

    /// The index as it was built before `SyllableKeyIndex`: every word checked at start-up, a
    /// dictionary of ID arrays by key, and one of longer keys by one-letter deletion.
    static func referenceIndex() -> (idsByKey: [UInt64: [WordID]], keysByDeletion: [UInt64: [UInt64]]) {
        var idsByKey: [UInt64: [WordID]] = [:]
        var key: [UInt8] = []
        for id in WordID(4)..<WordID(model.vocabularySize) where model.count(id) >= 1 {
            let word = model.word(id)
            key.removeAll(keepingCapacity: true)
            let ok = word.utf8.withContiguousStorageIfAvailable { Diacritics.stripWord($0, lowercase: true, into: &key) } ?? false
            guard ok, !key.isEmpty, let packed = CandidateGenerator.pack(key) else { continue }
            guard Syllable.isValid(word) || word.unicodeScalars.contains("đ") else { continue }
            idsByKey[packed, default: []].append(id)
        }
        var keysByDeletion: [UInt64: [UInt64]] = [:]
        for packed in idsByKey.keys where CandidateGenerator.length(packed) >= 2 {
            for i in 0..<CandidateGenerator.length(packed) {
                keysByDeletion[CandidateGenerator.deleting(packed, at: i), default: []].append(packed)
            }
        }
        return (idsByKey, keysByDeletion)
    }

    @Test func candidateIndexMatchesTheDictionaryIndex() throws {
        let generator = CandidateGenerator(model: Self.model, channel: try Repairer.bundledChannel())
        let index = SyllableKeyIndex(model: Self.model, minimumCount: 1)
        let reference = Self.referenceIndex()
        // Same words by key (checked lazily now, so keys whose words all fail have none).
        for (key, ids) in reference.idsByKey {
            #expect(generator.entries(forKey: key).map(\.id) == ids)
        }
        for key in index.allKeys where reference.idsByKey[key] == nil {
            #expect(generator.entries(forKey: key).isEmpty)
        }
        // Same one-deletion neighbours among keys with words; probing also finds the keys whose
        // words all fail the check, and exactly those besides.
        var probed: [UInt64] = []
        var allByDeletion: [UInt64: Set<UInt64>] = [:]
        for packed in index.allKeys where CandidateGenerator.length(packed) >= 2 {
            for i in 0..<CandidateGenerator.length(packed) { allByDeletion[CandidateGenerator.deleting(packed, at: i), default: []].insert(packed) }
        }
        // The deletion table the generator reads gives the same keys as probing, each once.
        var tabled: [UInt64] = []
        let deletions = KeyDeletions(keys: index.allKeys)
        for (key, longer) in allByDeletion {
            probed.removeAll()
            index.appendKeys(deletingTo: key, into: &probed)
            #expect(Set(probed) == longer)
            let withWords = Set(probed.filter { reference.idsByKey[$0] != nil })
            #expect(withWords == Set(reference.keysByDeletion[key] ?? []))
            tabled.removeAll()
            deletions.appendLongerKeys(deletingTo: key, into: &tabled)
            #expect(tabled.count == longer.count && Set(tabled) == longer)
        }
        for key in [UInt64(0), CandidateGenerator.pack(Array("qqqq".utf8))!, CandidateGenerator.pack(Array("nghieeng".utf8))!] {
            probed.removeAll()
            index.appendKeys(deletingTo: key, into: &probed)
            #expect(probed.isEmpty)
            deletions.appendLongerKeys(deletingTo: key, into: &probed)
            #expect(probed.isEmpty)
        }
        #expect(index.slot(of: 0) == nil)
    }

    @Test func invalidUTF8WordsAreNotIndexed() {
        let letters = LetterTables.shared
        func key(_ bytes: [UInt8]) -> UInt64? { bytes.withUnsafeBufferPointer { SyllableKeyIndex.strippedKey($0, letters) } }
        #expect(key(Array("Đoàn".utf8)) == CandidateGenerator.pack(Array("doan".utf8)))
        #expect(key(Array("nghiêng".utf8)) == CandidateGenerator.pack(Array("nghieng".utf8)))
        #expect(key(Array("nghiêngga".utf8)) == nil)  // nine letters
        #expect(key([]) == nil)
        #expect(key([0x61, 0x80]) == nil)  // stray continuation byte
        #expect(key([0xC1, 0x81]) == nil)  // overlong A
        #expect(key([0xE0, 0x81, 0x81]) == nil)  // overlong A
        #expect(key([0xE1, 0xBA]) == nil)  // truncated
        #expect(key(Array("a1".utf8)) == nil)
    }
}
