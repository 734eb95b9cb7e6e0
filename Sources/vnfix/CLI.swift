import Foundation
import VNFix

/// Exit codes of sysexits(3), as swift-argument-parser and most Unix tools use them.
enum ExitCode {
    static let ok: Int32 = 0
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let cantCreate: Int32 = 73
    static let ioError: Int32 = 74
}

/// A failure the CLI reports: a message for stderr and the exit code that goes with it.
struct CLIError: Error {
    var message: String
    var code: Int32
    var showUsage = false

    static func usage(_ message: String) -> CLIError { CLIError(message: message, code: ExitCode.usage, showUsage: true) }
}

/// A subcommand: its name, a one-line summary, its `--help` text and its body.
protocol Command: SendableMetatype {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static func run(_ arguments: [String]) throws -> Int32
}

enum CLI {
    /// Every subcommand; `vnfix FILE…` with no subcommand runs the first (repair) when it exists.
    static let commands: [any Command.Type] = [
        RepairCommand.self,
        NormalizeCommand.self,
        TrainCommand.self,
        ConvertModelCommand.self,
        TrainChannelCommand.self,
        EvalCommand.self,
        ExplainCommand.self,
        BenchCommand.self,
    ]

    static var overview: String {
        var text = """
            vnfix: repair Vietnamese text (restore diacritics, undo OCR damage, normalize Unicode and legacy encodings).

            USAGE: vnfix <subcommand> [options] [FILE…|-]

            SUBCOMMANDS:

            """
        for command in commands {
            text += "  " + command.name.padding(toLength: 14, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += "\nSee 'vnfix <subcommand> --help' for the options of each.\n"
        return text
    }

    static func main(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            // `vnfix < file` and `cmd | vnfix` repair standard input; a bare `vnfix` at a terminal explains itself.
            if isatty(0) == 0 { return main(["repair", "-"]) }
            FileHandle.standardError.write(Data(overview.utf8))
            return ExitCode.usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            FileHandle.standardOutput.write(Data(overview.utf8))
            return ExitCode.ok
        }
        if first == "--version" {
            print("vnfix \(VNFix.version)")
            return ExitCode.ok
        }
        let command: any Command.Type
        var rest = Array(arguments.dropFirst())
        if let named = commands.first(where: { $0.name == first }) {
            command = named
        } else if let defaultCommand = commands.first(where: { $0.name == "repair" }) {
            command = defaultCommand
            rest = arguments
        } else {
            return report(CLIError.usage("unknown subcommand '\(first)'"), command: nil)
        }
        if rest.contains("--help") || rest.contains("-h") {
            FileHandle.standardOutput.write(Data(command.help.utf8))
            return ExitCode.ok
        }
        do {
            return try command.run(rest)
        } catch let error as CLIError {
            return report(error, command: command)
        } catch {
            return report(CLIError(message: error.localizedDescription, code: ExitCode.software), command: command)
        }
    }

    static func report(_ error: CLIError, command: (any Command.Type)?) -> Int32 {
        var text = "vnfix: error: \(error.message)\n"
        if error.showUsage {
            let help = command?.help ?? overview
            if let usage = help.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("USAGE:") }) {
                text += usage.trimmingCharacters(in: .whitespaces) + "\n"
            }
            text += "Run 'vnfix \(command.map { $0.name + " " } ?? "")--help' for usage.\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
        return error.code
    }
}
