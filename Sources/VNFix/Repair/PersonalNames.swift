/// Vietnamese personal names: what the decoder knows of them beyond the pairs capitalised together
/// (`CandidateGenerator.capitalisedPairs`, which include the names of `Corpora/lexicon/names-vi.txt`).
enum PersonalNames {
    /// The common surnames, most common first: the one-syllable lines that open
    /// `Corpora/lexicon/names-vi.txt` (vn-fullname-generator's list, taken from vi.wikipedia, and
    /// Faker's `Mai`; MIT). A test checks that the two agree.
    static let surnames = [
        "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng",
        "bùi", "đỗ", "hồ", "ngô", "dương", "lý", "đoàn", "trương", "mai",
    ]
}
