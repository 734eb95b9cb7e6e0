/// The token memory of a channel table: lowercased OCR forms and the gold tokens each was read
/// as, with counts. It is read at every start-up (thousands of entries), so it is stored as UTF-8
/// in one buffer with an open-addressing index on the OCR form's bytes: loading builds no
/// `String`s or nested dictionaries, and a lookup hashes the token's bytes once.
///
/// Tokens are kept in NFC, the form `String` equality compares, so byte equality is token
/// equality (the trainer and the bundled model only ever write NFC; other input is normalized).
struct TokenMemory: Sendable {
    /// An OCR form: its bytes and its readings (a range of `readings`).
    private struct Form {
        var start: Int32, length: Int32
        var firstReading: Int32, readingCount: Int32
    }

    /// A gold token and how often the form was read as it.
    private struct Reading {
        var start: Int32, length: Int32
        var count: Int
        /// How often the gold token occurs in the pairs, read as any form (this one included).
        var goldTotal: Int = 0
    }

    /// UTF-8 of every OCR form and gold token, back to back.
    private var bytes: [UInt8] = []
    private var forms: [Form] = []
    private var readings: [Reading] = []
    /// Slot → form index + 1 (0 = empty); a power-of-two count, at most half full.
    private var slots: [Int32] = [0, 0]

    /// An empty memory.
    init() {}

    /// The memory of a `String`-keyed table (as the trainer counts it).
    init(_ counts: [String: [String: Int]]) {
        var builder = Builder()
        for (ocr, golds) in counts {
            for (gold, count) in golds {
                var ocr = ocr, gold = gold
                ocr.withUTF8 { ocr in gold.withUTF8 { gold in builder.set(ocr: ocr, gold: gold, count: count) } }
            }
        }
        self = builder.finish()
    }

    var isEmpty: Bool { forms.isEmpty }

    /// The readings of an OCR form (indices for `gold(_:)` and `count(_:)`), or nil when the
    /// memory has not seen it.
    func readings(of ocr: String) -> Range<Int>? {
        guard !forms.isEmpty else { return nil }
        var key = ocr
        if !key.withUTF8(NFCQuickCheck.isNFC) { key = TextNormalizer.standardNFC(key) }
        return key.withUTF8 { key in
            guard let form = form(of: key) else { return nil }
            let first = Int(forms[form].firstReading)
            return first..<first + Int(forms[form].readingCount)
        }
    }

    /// The gold token of a reading.
    func gold(_ reading: Int) -> String {
        let entry = readings[reading]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.start + entry.length)]), as: UTF8.self)
        }
    }

    /// How often the form was read as the reading's gold token.
    func count(_ reading: Int) -> Int { readings[reading].count }

    /// How often the reading's gold token occurs in the pairs, under any form: with `count`, the
    /// share of its occurrences that came out as this form (P(form | gold), the channel's direction).
    func goldTotal(_ reading: Int) -> Int { readings[reading].goldTotal }

    /// Every entry as (OCR form, gold token, count), sorted by form then gold token (as `String`s:
    /// the order of the file format).
    func sortedEntries() -> [(ocr: String, gold: String, count: Int)] {
        var result: [(ocr: String, gold: String, count: Int)] = []
        result.reserveCapacity(readings.count)
        bytes.withUnsafeBufferPointer { bytes in
            func string(_ start: Int32, _ length: Int32) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + length)]), as: UTF8.self)
            }
            for form in forms {
                let ocr = string(form.start, form.length)
                for reading in readings[Int(form.firstReading)..<Int(form.firstReading + form.readingCount)] {
                    result.append((ocr, string(reading.start, reading.length), reading.count))
                }
            }
        }
        result.sort { a, b in a.ocr != b.ocr ? a.ocr < b.ocr : a.gold < b.gold }
        return result
    }

    // MARK: Index

    private func form(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(ModelLayout.hash(key)) & mask  // the vocabulary's FNV-1a: tokens are a few bytes long
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let form = forms[Int(entry - 1)]
            if TokenMemory.equal(bytes, form.start, form.length, key) { return Int(entry - 1) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(_ bytes: [UInt8], _ start: Int32, _ length: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(length) == key.count else { return false }
        return bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(start + length)]).hasSameBytes(as: key) }
    }

    // MARK: Building

    /// Collects entries (a later entry for the same form and gold token replaces the count of the
    /// earlier one, as assigning into a dictionary would), then lays them out by form.
    struct Builder {
        private var memory = TokenMemory()
        /// Readings in arrival order, each with the index of the next reading of its form (-1 = last).
        private var pending: [(reading: Reading, next: Int32)] = []
        /// Per form: its first and last pending reading.
        private var chains: [(head: Int32, tail: Int32)] = []

        /// A builder with room for about `capacity` entries.
        init(capacity: Int = 0) {
            memory.bytes.reserveCapacity(capacity * 12)
            memory.forms.reserveCapacity(capacity)
            pending.reserveCapacity(capacity)
            chains.reserveCapacity(capacity)
            var slots = 2
            while slots < capacity * 2 { slots *= 2 }
            memory.slots = [Int32](repeating: 0, count: slots)
        }

        /// Records that the OCR form `ocr` was read as `gold` `count` times (UTF-8; NFC or not).
        mutating func set(ocr: UnsafeBufferPointer<UInt8>, gold: UnsafeBufferPointer<UInt8>, count: Int) {
            guard NFCQuickCheck.isNFC(ocr), NFCQuickCheck.isNFC(gold) else {
                // Rare: store the NFC spelling, so that byte equality stays token equality.
                var ocr = TextNormalizer.standardNFC(String(decoding: ocr, as: UTF8.self))
                var gold = TextNormalizer.standardNFC(String(decoding: gold, as: UTF8.self))
                ocr.withUTF8 { ocr in gold.withUTF8 { gold in setNFC(ocr: ocr, gold: gold, count: count) } }
                return
            }
            setNFC(ocr: ocr, gold: gold, count: count)
        }

        private mutating func setNFC(ocr: UnsafeBufferPointer<UInt8>, gold: UnsafeBufferPointer<UInt8>, count: Int) {
            let form = formIndex(ocr)
            var index = chains[form].head
            while index >= 0 {
                let reading = pending[Int(index)].reading
                if TokenMemory.equal(memory.bytes, reading.start, reading.length, gold) {
                    pending[Int(index)].reading.count = count
                    return
                }
                index = pending[Int(index)].next
            }
            let reading = Reading(start: Int32(memory.bytes.count), length: Int32(gold.count), count: count)
            memory.bytes.append(contentsOf: gold)
            let new = Int32(pending.count)
            pending.append((reading, -1))
            if chains[form].tail >= 0 { pending[Int(chains[form].tail)].next = new } else { chains[form].head = new }
            chains[form].tail = new
        }

        /// The index of a form, added if new.
        private mutating func formIndex(_ ocr: UnsafeBufferPointer<UInt8>) -> Int {
            if let form = memory.form(of: ocr) { return form }
            if (memory.forms.count + 1) * 2 > memory.slots.count { grow() }
            let form = memory.forms.count
            memory.forms.append(Form(start: Int32(memory.bytes.count), length: Int32(ocr.count), firstReading: 0, readingCount: 0))
            memory.bytes.append(contentsOf: ocr)
            chains.append((-1, -1))
            memory.insert(form: form)
            return form
        }

        private mutating func grow() {
            memory.slots = [Int32](repeating: 0, count: memory.slots.count * 2)
            for form in memory.forms.indices { memory.insert(form: form) }
        }

        /// The memory, each form's readings contiguous and in arrival order.
        mutating func finish() -> TokenMemory {
            var result = memory
            result.readings.reserveCapacity(pending.count)
            for form in result.forms.indices {
                result.forms[form].firstReading = Int32(result.readings.count)
                var index = chains[form].head
                while index >= 0 {
                    result.readings.append(pending[Int(index)].reading)
                    index = pending[Int(index)].next
                }
                result.forms[form].readingCount = Int32(result.readings.count) - result.forms[form].firstReading
            }
            result.countGoldTotals()
            return result
        }
    }

    /// Sets each reading's `goldTotal`: its gold token's counts summed over every form. Readings
    /// with the same gold token meet in an open-addressing table of the first one's index, keyed
    /// by the bytes' hash (start-up work: a `Dictionary` of byte slices took 3 ms here).
    private mutating func countGoldTotals() {
        guard !readings.isEmpty else { return }
        var slotCount = 2
        while slotCount < readings.count * 2 { slotCount <<= 1 }
        let mask = slotCount - 1
        var first = [Int32](repeating: -1, count: slotCount)
        var representative = [Int32](repeating: 0, count: readings.count)
        var totals = [Int](repeating: 0, count: readings.count)
        bytes.withUnsafeBufferPointer { bytes in
            func gold(_ r: Reading) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[Int(r.start)..<Int(r.start + r.length)]) }
            for index in readings.indices {
                let key = gold(readings[index])
                var slot = Int(ModelLayout.hash(key)) & mask
                while first[slot] >= 0, !gold(readings[Int(first[slot])]).hasSameBytes(as: key) { slot = (slot + 1) & mask }
                if first[slot] < 0 { first[slot] = Int32(index) }
                representative[index] = first[slot]
                totals[Int(first[slot])] += readings[index].count
            }
        }
        for index in readings.indices { readings[index].goldTotal = totals[Int(representative[index])] }
    }

    /// Puts a form (whose bytes are stored) into the index.
    private mutating func insert(form: Int) {
        let mask = slots.count - 1
        let key = forms[form]
        var slot = bytes.withUnsafeBufferPointer { Int(ModelLayout.hash(UnsafeBufferPointer(rebasing: $0[Int(key.start)..<Int(key.start + key.length)]))) } & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(form + 1)
    }
}
