import Foundation

/// One input of a command: a file path or standard input (`-`).
struct InputSource {
    var path: String
    var isStandardInput: Bool { path == "-" }
    var displayName: String { isStandardInput ? "<stdin>" : path }

    /// Reads the whole input. A missing or unreadable file is exit 66 with its name.
    func read() throws -> [UInt8] {
        if isStandardInput {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError(message: "\(path): no such file", code: ExitCode.noInput)
        }
        guard !isDirectory.boolValue else {
            throw CLIError(message: "\(path): is a directory", code: ExitCode.noInput)
        }
        // Straight into the array: one copy, no Data in between.
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CLIError(message: "\(path): cannot read: \(String(cString: strerror(errno)))", code: ExitCode.noInput)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw CLIError(message: "\(path): cannot read: \(String(cString: strerror(errno)))", code: ExitCode.noInput)
        }
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0, errno == EINTR { continue }
                if got <= 0 { break }
                count += got
            }
        }
        // A file that grows while read (or a special file reporting size 0): read the rest.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw CLIError(message: "\(path): cannot read: \(String(cString: strerror(errno)))", code: ExitCode.ioError) }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Calls `body` with the whole input. A regular file of 1 MiB or more is mapped read-only
    /// instead of copied (the copy into fresh memory cost more than normalizing it); anything
    /// else is read. Another process truncating the file while it is mapped would stop us with
    /// SIGBUS, as it would `grep` or `rg`: an accepted risk for an input named on the command line.
    func withContents<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        if !isStandardInput, let mapped = InputSource.map(path) {
            defer { munmap(mapped.baseAddress, mapped.count) }
            return try body(UnsafeRawBufferPointer(mapped).assumingMemoryBound(to: UInt8.self))
        }
        let bytes = try read()
        return try bytes.withUnsafeBufferPointer(body)
    }

    /// The file mapped read-only and populated, or nil (not a regular file, small, or mmap failed:
    /// the caller reads it, and reports any error then).
    static func map(_ path: String) -> UnsafeMutableRawBufferPointer? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 1 << 20 else { return nil }
        let count = Int(info.st_size)
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
              address != MAP_FAILED else { return nil }
        return UnsafeMutableRawBufferPointer(start: address, count: count)
    }

    static func list(_ positional: [String]) -> [InputSource] {
        positional.isEmpty ? [InputSource(path: "-")] : positional.map { InputSource(path: $0) }
    }
}

/// Where a command's output goes.
enum OutputTarget {
    case standardOutput
    case file(String)
    case inPlace

    /// Writes `bytes` for `source`. Files are written to a temporary file beside the target and
    /// renamed over it, so a failure or a kill never leaves a truncated file.
    func write(_ bytes: UnsafeBufferPointer<UInt8>, for source: InputSource) throws {
        if case .standardOutput = self {
            StandardOutput.write(UnsafeRawBufferPointer(bytes))
        } else {
            try write(Array(bytes), for: source)
        }
    }

    func write(_ bytes: [UInt8], for source: InputSource) throws {
        switch self {
        case .standardOutput:
            StandardOutput.write(bytes)
        case .file(let path):
            try OutputTarget.writeAtomically(bytes, to: path)
        case .inPlace:
            try OutputTarget.writeAtomically(bytes, to: source.path)
        }
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).vnfix-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CLIError(message: "\(path): cannot create output file", code: ExitCode.cantCreate)
        }
        // Keep the permissions of a file we replace.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let permissions = attributes[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError(message: "\(path): cannot replace file: \(reason)", code: ExitCode.ioError)
        }
    }
}

/// Buffered, unlocked writes to stdout.
enum StandardOutput {
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    static func write(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
            let written = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
            if written <= 0 {
                if errno == EINTR { continue }
                FileHandle.standardError.write(Data("vnfix: error: cannot write to standard output: \(String(cString: strerror(errno)))\n".utf8))
                exit(ExitCode.ioError)
            }
            offset += written
        }
    }
}
