/// A small option parser in the spirit of swift-argument-parser: long options with values
/// (`--to utf8` or `--to=utf8`), flags, short aliases, positional arguments and `--` to end options.
struct ArgumentScanner {
    private(set) var positional: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// - Parameters:
    ///   - valued: option names that take a value (with their leading dashes, e.g. "--to", "-o").
    ///   - flags: option names that take none.
    ///   - aliases: short name → long name.
    init(_ arguments: [String], valued: Set<String>, flags knownFlags: Set<String>, aliases: [String: String] = [:]) throws {
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            var argument = arguments[i]
            i += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                positional.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            let name = aliases[argument] ?? argument
            if valued.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard i < arguments.count else { throw CLIError.usage("missing value for '\(argument)'") }
                    value = arguments[i]
                    i += 1
                }
                values[name, default: []].append(value)
            } else if knownFlags.contains(name) {
                guard inlineValue == nil else { throw CLIError.usage("'\(argument)' takes no value") }
                flags.insert(name)
            } else {
                throw CLIError.usage("unknown option '\(argument)'")
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Every value given for a repeatable option, in order.
    func values(_ name: String) -> [String] { values[name] ?? [] }

    /// The last value given for an option.
    func value(_ name: String) -> String? { values[name]?.last }

    /// A value that must be one of `choices`.
    func choice<T>(_ name: String, _ choices: [String: T]) throws -> T? {
        guard let raw = value(name) else { return nil }
        guard let chosen = choices[raw] else {
            throw CLIError.usage("invalid value '\(raw)' for \(name); expected one of: \(choices.keys.sorted().joined(separator: ", "))")
        }
        return chosen
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = value(name) else { return nil }
        guard let number = Int(raw), range.contains(number) else {
            throw CLIError.usage("invalid value '\(raw)' for \(name); expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}
