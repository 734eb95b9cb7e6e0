import Foundation

// The executable is a thin shell over the VNFix library: parse arguments, call, report.
exit(CLI.main(Array(CommandLine.arguments.dropFirst())))
