extension LineDecoder {
    /// The decoder's per-line arrays, kept from line to line by a session (made anew for each
    /// line, their allocations and fills cost ~2 % of a repair's instructions). A decode takes
    /// each array out and gives it back at the end, emptied with its capacity kept (so a slot
    /// always holds an empty array), and one scratch serves one decode at a time: a session
    /// decodes one line at a time and makes its own scratch before use (as with `LMScoreCache`).
    final class Scratch {
        var positions: [Position] = []
        var beams: [Hypothesis] = []
        var beamStart: [Int] = []
        var chosen: [Int] = []
        var states: [LMState] = []
        var confidences: [Double] = []

        init() {}

        /// The (empty) array in `slot`, with its capacity, leaving the slot an array without storage
        /// (so the taken one is its storage's only reference, and refilling it does not copy).
        @inline(__always)
        static func take<Element>(_ slot: inout [Element]) -> [Element] {
            var taken: [Element] = []
            swap(&taken, &slot)
            return taken
        }

        /// Empties `array` and puts its storage back in `slot` for the next line.
        @inline(__always)
        static func giveBack<Element>(_ array: inout [Element], to slot: inout [Element]) {
            array.removeAll(keepingCapacity: true)
            swap(&array, &slot)
        }
    }
}
