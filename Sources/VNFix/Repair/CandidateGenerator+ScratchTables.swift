extension CandidateGenerator {
    /// The readings found for one token so far, by word ID: an open-addressing table over a list.
    /// A token collects a few hundred readings and asks "seen already?" for each index entry it
    /// reaches; a `Dictionary` hashed every ID with SipHash, which cost more than the lookups.
    struct ReadingTable {
        /// Slot → index in `readings` + 1 (0 = empty).
        private var slots: [Int32]
        private(set) var readings: [Candidate] = []

        init() {
            slots = [Int32](repeating: 0, count: 1024)
            readings.reserveCapacity(256)
        }

        @inline(__always)
        private func slot(_ id: WordID, mask: Int) -> Int { Int(truncatingIfNeeded: (UInt32(id) &* 0x9E37_79B1) >> 7) & mask }

        /// Index in `readings` of the reading of `id`, if found.
        @inline(__always)
        func index(of id: WordID) -> Int? {
            let mask = slots.count - 1
            var s = slot(id, mask: mask)
            while true {
                let entry = slots[s]
                if entry == 0 { return nil }
                if readings[Int(entry) - 1].id == id { return Int(entry) - 1 }
                s = (s &+ 1) & mask
            }
        }

        subscript(id: WordID) -> Candidate? {
            guard let index = index(of: id) else { return nil }
            return readings[index]
        }

        /// Adds the reading, or replaces the one of the same ID.
        mutating func set(_ candidate: Candidate) {
            if let index = index(of: candidate.id) {
                readings[index] = candidate
                return
            }
            if (readings.count + 1) * 2 > slots.count { grow() }
            readings.append(candidate)
            place(readings.count - 1)
        }

        private mutating func place(_ index: Int) {
            let mask = slots.count - 1
            var s = slot(readings[index].id, mask: mask)
            while slots[s] != 0 { s = (s &+ 1) & mask }
            slots[s] = Int32(index + 1)
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for index in readings.indices { place(index) }
        }
    }
}
