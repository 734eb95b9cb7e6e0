import Foundation
import VNFix

/// `vnfix bench normalize [FILE] [--size MB] [--no-uconv]`: TextNormalizer throughput on NFC and NFD text, with
/// ICU's `uconv -x any-nfc` timed on the same bytes in the same run (the ratio is what travels).
enum BenchNormalize {
    static let defaultCorpus = "Corpora/train/seeds-001-002.txt"
    static let uconv = "/usr/bin/uconv"
    static let rounds = 3

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try ArgumentScanner(arguments, valued: ["--size"], flags: ["--no-uconv"])
        let path = args.positional.first ?? defaultCorpus
        let megabytes = try args.integer("--size", in: 1...1000) ?? 20
        let seed = try InputSource(path: path).read()
        guard !seed.isEmpty else { throw CLIError(message: "\(path): empty file", code: ExitCode.dataError) }

        // Input: the file repeated to the target size, normalized once so the NFC run is all fast path.
        var nfc: [UInt8] = []
        nfc.reserveCapacity(megabytes << 20 + seed.count)
        let normalizer = TextNormalizer()
        var normalizedSeed: [UInt8] = []
        let changed = seed.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &normalizedSeed) }
        let unit = changed ? normalizedSeed : seed
        while nfc.count < megabytes << 20 { nfc.append(contentsOf: unit) }
        // Foundation's NFD is quadratic on long strings (CFStringNormalize moves the tail for each
        // change), so decompose the seed line by line and repeat that.
        var nfdUnit: [UInt8] = []
        for line in String(decoding: unit, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            nfdUnit.append(contentsOf: String(line).decomposedStringWithCanonicalMapping.utf8)
            nfdUnit.append(0x0A)
        }
        nfdUnit.removeLast()  // split gives one piece more than there are newlines
        var nfd: [UInt8] = []
        nfd.reserveCapacity(nfc.count / unit.count * nfdUnit.count)
        for _ in 0..<(nfc.count / unit.count) { nfd.append(contentsOf: nfdUnit) }

        print("input: \(path) repeated to \(format(Double(nfc.count) / 1e6)) MB NFC, \(format(Double(nfd.count) / 1e6)) MB NFD; best of \(rounds)")
        let nfcSpeed = bestSpeed(nfc) { input in
            var output: [UInt8] = []
            _ = input.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &output) }
        }
        let nfdSpeed = bestSpeed(nfd) { input in
            var output: [UInt8] = []
            _ = input.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &output) }
        }
        // Outside the timing: the NFD run must give back the NFC text, and the NFC run nothing.
        var check: [UInt8] = []
        let nfdChanged = nfd.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &check) }
        var unchanged: [UInt8] = []
        let nfcChanged = nfc.withUnsafeBufferPointer { normalizer.normalize(utf8: $0, into: &unchanged) }
        if !nfdChanged || check != nfc || nfcChanged {
            let at = (0..<min(check.count, nfc.count)).first { check[$0] != nfc[$0] } ?? min(check.count, nfc.count)
            print("warning: NFD input normalized to other bytes than the NFC input (first difference at byte \(at): \(String(decoding: check[max(0, at - 20)..<min(check.count, at + 20)], as: UTF8.self)) vs \(String(decoding: nfc[max(0, at - 20)..<min(nfc.count, at + 20)], as: UTF8.self))); NFC input changed: \(nfcChanged)")
        }
        print("TextNormalizer  NFC \(format(nfcSpeed)) MB/s   NFD \(format(nfdSpeed)) MB/s   (goals: ≥1000, ≥200)")

        if args.flag("--no-uconv") { return ExitCode.ok }
        guard FileManager.default.isExecutableFile(atPath: uconv) else {
            print("uconv: not found at \(uconv) (Debian: apt-get install icu-devtools); no reference ratio")
            return ExitCode.ok
        }
        let uconvNFC = try uconvSpeed(nfc)
        let uconvNFD = try uconvSpeed(nfd)
        print("uconv -x any-nfc NFC \(format(uconvNFC)) MB/s   NFD \(format(uconvNFD)) MB/s   (includes process start and file I/O)")
        print("ratio vnfix/uconv  NFC \(format(nfcSpeed / uconvNFC))×   NFD \(format(nfdSpeed / uconvNFD))×")
        return ExitCode.ok
    }

    /// Best MB/s (decimal megabytes) of `rounds` runs of `body` over `input`.
    static func bestSpeed(_ input: [UInt8], _ body: ([UInt8]) -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            best = min(best, BenchCommand.time { body(input) })
        }
        return Double(input.count) / 1e6 / best
    }

    /// Best MB/s of `uconv -x any-nfc` on the bytes, written to a temporary file first.
    static func uconvSpeed(_ input: [UInt8]) throws -> Double {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vnfix-bench-\(getpid()).txt")
        try Data(input).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var best = Double.infinity
        for _ in 0..<rounds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: uconv)
            process.arguments = ["-f", "utf-8", "-t", "utf-8", "-x", "any-nfc", file.path]
            process.standardOutput = FileHandle.nullDevice
            let seconds = try BenchCommand.time {
                try process.run()
                process.waitUntilExit()
            }
            guard process.terminationStatus == 0 else {
                throw CLIError(message: "uconv failed with status \(process.terminationStatus)", code: ExitCode.software)
            }
            best = min(best, seconds)
        }
        return Double(input.count) / 1e6 / best
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}
