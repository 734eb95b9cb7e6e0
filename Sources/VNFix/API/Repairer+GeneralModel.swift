import Foundation

// The choice between the bundled language models: the default (leaning to the in-domain reports)
// and the general one (the same texts leaning to the general text).

extension Repairer.Session {
    /// Whether a document of text without marks reads likelier under `Repairer.generalModel`
    /// than under the default model: its first lines (`leadingLines`, 50 words or more), given
    /// a trial repair with the default model, are scored by both, and the likelier wins. A
    /// report like the seeds reads likelier under the default (seed003-dev's gold: −2,566 against
    /// −2,599 over 101 lines), news and legal text under the general one (300 lines of VLSP 2013:
    /// −27,111 against −26,758). Right text keeps the default model (the general one changed
    /// more of it): only text with marks that its trial repair finds damaged
    /// (`markedMarginForLeadingLines`) is weighed. A document whose repair stays mostly without
    /// marks (mostly another language) keeps the default too.
    func prefersGeneralModel() -> Bool {
        guard leadingWords >= Self.modelChoiceWords, let general = repairer.generalModel else { return false }
        // The trial decodes with the default model and takes this session's settled choices.
        let (secondRun, markedMarginExtra) = (secondRun ?? (.marked, false), markedMarginExtra)
        let trial = trialRepair {
            $0.usesGeneralModel = false
            $0.secondRun = secondRun
            $0.markedMarginExtra = markedMarginExtra
        }
        var defaultScore: Float = 0, generalScore: Float = 0
        var output = WordCounts()
        for text in trial.map(\.text) {
            output += Self.markedShare(text)
            defaultScore += repairer.languageModelScore(text, model: repairer.model)
            generalScore += repairer.languageModelScore(text, model: general)
        }
        // A document mostly in another language stays mostly without marks: its words are no
        // words of either model, and what they score says nothing of its Vietnamese.
        guard Self.kind(of: output) == .marked else { return false }
        return generalScore > defaultScore
    }

    /// The general model where this document is decoded with it, else nil. Decided once, before
    /// its first line is decoded (`prefersGeneralModel`), for text without marks and for text with
    /// marks that its trial repair finds damaged (`markedMargin`); right text keeps the default,
    /// under which it changes least.
    mutating func chooseModel() -> LanguageModel? {
        if usesGeneralModel == nil, repairer.general != nil, kind == .unmarked || markedMargin() < 0 {
            usesGeneralModel = prefersGeneralModel()
            if usesGeneralModel == true { scores = LMScoreCache(model: repairer.generalModel!) }
        }
        return generalModelInUse
    }

    /// The general model when this document is decoded with it (`chooseModel`), else nil.
    var generalModelInUse: LanguageModel? { usesGeneralModel == true ? repairer.generalModel : nil }

    /// Fewer leading words than this are too few to choose a model by (`prefersGeneralModel`).
    static let modelChoiceWords = 50
}

/// A language model loaded once, on first use, or given loaded (`Repairer.general`).
final class GeneralModelSource: @unchecked Sendable {
    private let lock = NSLock()
    private var load: (@Sendable () -> LanguageModel?)?
    private var loaded: LanguageModel?

    init(loaded model: LanguageModel) { loaded = model }

    init(load: @escaping @Sendable () -> LanguageModel?) { self.load = load }

    /// The model, loading it on the first call (nil when it cannot be loaded).
    var model: LanguageModel? {
        lock.lock()
        defer { lock.unlock() }
        if let load {
            loaded = load()
            self.load = nil
        }
        return loaded
    }
}
