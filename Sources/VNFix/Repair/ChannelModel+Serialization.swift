import Foundation

/// A channel file is small text (tab-separated counts), read once at start-up:
///   `vnfix-channel<TAB>1`
///   `C<TAB>kind<TAB>gold<TAB>first<TAB>second<TAB>count`   (scalars in hex; 0 = none)
///   `T<TAB>kind<TAB>ocr token<TAB>gold token<TAB>count`
extension ChannelModel {
    static let magic = "vnfix-channel\t1"

    func serialized() -> String {
        var lines: [String] = [ChannelModel.magic]
        for kind in DamageKind.allCases {
            guard let table = tables[kind] else { continue }
            for (key, count) in table.counts.sorted(by: { $0.key < $1.key }) {
                let gold = key >> 42, first = (key >> 21) & 0x1FFFFF, second = key & 0x1FFFFF
                lines.append("C\t\(kind.rawValue)\t\(String(gold, radix: 16))\t\(String(first, radix: 16))\t\(String(second, radix: 16))\t\(Int(count))")
            }
            for (ocr, golds) in table.tokens.sorted(by: { $0.key < $1.key }) {
                for (gold, count) in golds.sorted(by: { $0.key < $1.key }) {
                    lines.append("T\t\(kind.rawValue)\t\(ocr)\t\(gold)\t\(count)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String, path: String) throws(VNFixError) -> ChannelModel {
        var tables: [DamageKind: ChannelTable] = [:]
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber == 1 {
                guard line == magic else { throw .invalidModel(path: path, reason: "not a vnfix channel file (line 1)") }
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 5, let kind = DamageKind(rawValue: String(fields[1])) else {
                throw .invalidModel(path: path, reason: "malformed line \(lineNumber)")
            }
            if fields[0] == "C", fields.count == 6, let gold = UInt64(fields[2], radix: 16),
               let first = UInt64(fields[3], radix: 16), let second = UInt64(fields[4], radix: 16),
               let count = Float(fields[5]) {
                let key = gold << 42 | first << 21 | second
                tables[kind, default: ChannelTable()].counts[key] = count
                tables[kind, default: ChannelTable()].goldTotals[UInt32(gold), default: 0] += count
            } else if fields[0] == "T", let count = Int(fields[4]) {
                tables[kind, default: ChannelTable()].tokens[String(fields[2]), default: [:]][String(fields[3])] = count
            } else {
                throw .invalidModel(path: path, reason: "malformed line \(lineNumber)")
            }
        }
        tables[.unmarked, default: ChannelTable()].addManualConfusions()
        for kind in tables.keys { tables[kind]!.buildInverse() }
        return ChannelModel(tables: tables)
    }

    static func load(contentsOf url: URL) throws(VNFixError) -> ChannelModel {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .invalidModel(path: url.path, reason: "cannot read file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: url.path)
    }
}
