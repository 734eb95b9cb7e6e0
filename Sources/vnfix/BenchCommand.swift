import Foundation
import VNFix

/// `vnfix bench <target>`: throughput and memory figures, measured in one run against a
/// reference where one exists (machines are noisy; ratios travel, absolute numbers do not).
enum BenchCommand: Command {
    static let name = "bench"
    static let summary = "Measure speed and memory (normalize, lm, repair)."

    /// Each benchmark: name, one-line summary, body taking the remaining arguments.
    static let benchmarks: [(name: String, summary: String, run: @Sendable ([String]) throws -> Int32)] = [
        ("normalize", "TextNormalizer MB/s on NFC and NFD text vs uconv -x any-nfc [FILE] [--size MB]", BenchNormalize.run),
        ("lm", BenchLM.summary, BenchLM.run),
        ("repair", BenchRepair.summary, BenchRepair.run),
    ]

    static var help: String {
        var text = """
            OVERVIEW: Measure throughput and memory. Build with -c release before trusting numbers.

            USAGE: vnfix bench <target> [options]

            TARGETS:

            """
        for benchmark in benchmarks {
            text += "  " + benchmark.name.padding(toLength: 12, withPad: " ", startingAt: 0) + benchmark.summary + "\n"
        }
        return text
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let target = arguments.first else { throw CLIError.usage("bench needs a target: \(benchmarks.map(\.name).joined(separator: ", "))") }
        guard let benchmark = benchmarks.first(where: { $0.name == target }) else {
            throw CLIError.usage("unknown bench target '\(target)'; expected one of: \(benchmarks.map(\.name).joined(separator: ", "))")
        }
        return try benchmark.run(Array(arguments.dropFirst()))
    }

    /// Peak resident set size of this process in bytes (Linux: VmHWM).
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return digits * 1024
        }
        return 0
    }

    /// Seconds of wall time that `body` takes.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
