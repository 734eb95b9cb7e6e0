extension Syllable {
    /// Where the tone belongs in this (valid) syllable under `style`; `.preserve` answers as `.old`.
    func toneTarget(_ l: UnsafeBufferPointer<VietnameseLetter>, style: ToneStyle) -> Int {
        let v = vowels
        // A vowel with a modifier always takes the tone; of ươ, the ơ (người, thuở, bướu).
        var lastModified: Int?
        for i in v where l[i].modifier != .none { lastModified = i }
        if let lastModified { return lastModified }
        if !final.isEmpty { return v.upperBound - 1 }  // toán, hoạch, huýt
        if v.count >= 3 { return v.lowerBound + 1 }  // ngoài, khuỷu, ngoẹo
        if v.count == 2 {
            let a = l[v.lowerBound].base, b = l[v.lowerBound + 1].base
            let glide = (a == UInt8(ascii: "o") && (b == UInt8(ascii: "a") || b == UInt8(ascii: "e")))
                || (a == UInt8(ascii: "u") && b == UInt8(ascii: "y"))
            if glide, style == .new { return v.lowerBound + 1 }
        }
        return v.lowerBound
    }

    /// True when the tone sits where `style` allows (both conventions are allowed under `.preserve`).
    func toneIsPlaced(_ l: UnsafeBufferPointer<VietnameseLetter>, style: ToneStyle) -> Bool {
        guard let toneIndex else { return true }
        if toneIndex == toneTarget(l, style: style == .new ? .new : .old) { return true }
        return style == .preserve && toneIndex == toneTarget(l, style: .new)
    }
}

/// Moves tone marks between the vowels of a syllable.
public enum TonePlacement {
    /// Puts the tone of a valid syllable where `style` wants it (and a misplaced one, as in `tóan`
    /// or `nứơc`, where it belongs). Returns false and leaves `letters` alone for invalid syllables
    /// and syllables that are already right.
    @discardableResult
    public static func apply(_ style: ToneStyle, to letters: inout [VietnameseLetter]) -> Bool {
        letters.withUnsafeMutableBufferPointer { apply(style, to: $0) }
    }

    /// The same on a word given as a string; returns the word unchanged when nothing applies.
    public static func apply(_ style: ToneStyle, to word: String) -> String {
        guard var letters = VietnameseLetter.letters(of: word) else { return word }
        return apply(style, to: &letters) ? VietnameseLetter.string(of: letters) : word
    }

    static func apply(_ style: ToneStyle, to letters: UnsafeMutableBufferPointer<VietnameseLetter>) -> Bool {
        let l = UnsafeBufferPointer(letters)
        let syllable = Syllable.parse(l)
        guard syllable.isValid, let from = syllable.toneIndex, !syllable.toneIsPlaced(l, style: style) else {
            return false
        }
        let to = syllable.toneTarget(l, style: style)
        let tone = letters[from].tone
        letters[from].tone = .none
        letters[to].tone = tone
        return true
    }
}
