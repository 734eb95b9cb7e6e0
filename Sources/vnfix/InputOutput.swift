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
        let (descriptor, info) = try openFile()
        defer { close(descriptor) }
        return try readAll(descriptor, size: Int(info.st_size))
    }

    /// Calls `body` with the whole input. A regular file of 1 MiB or more is mapped read-only
    /// instead of copied (the copy into fresh memory cost more than normalizing it); anything
    /// else is read. Another process truncating the file while it is mapped would stop us with
    /// SIGBUS, as it would `grep` or `rg`: an accepted risk for an input named on the command line.
    func withContents<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        if isStandardInput { return try read().withUnsafeBufferPointer(body) }
        let (descriptor, info) = try openFile()
        defer { close(descriptor) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size >= 1 << 20,
           let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), address != MAP_FAILED {
            defer { munmap(address, size) }
            return try body(UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size))
        }
        return try readAll(descriptor, size: size).withUnsafeBufferPointer(body)
    }

    /// The file opened for reading, with its status. A missing, directory or unreadable file is
    /// exit 66 with its name.
    func openFile() throws -> (descriptor: Int32, info: stat) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError(message: "\(path): no such file", code: ExitCode.noInput)
        }
        guard !isDirectory.boolValue else {
            throw CLIError(message: "\(path): is a directory", code: ExitCode.noInput)
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CLIError(message: "\(path): cannot read: \(String(cString: strerror(errno)))", code: ExitCode.noInput)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw CLIError(message: "\(path): cannot read: \(reason)", code: ExitCode.noInput)
        }
        return (descriptor, info)
    }

    /// Everything left to read from `descriptor`, straight into the array (one copy, no Data in
    /// between); `size` is the expected length.
    func readAll(_ descriptor: Int32, size: Int) throws -> [UInt8] {
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
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
        switch self {
        case .standardOutput:
            StandardOutput.write(UnsafeRawBufferPointer(bytes))
        case .file(let path):
            try OutputTarget.writeAtomically(bytes, to: path)
        case .inPlace:
            try OutputTarget.writeAtomically(bytes, to: source.path)
        }
    }

    func write(_ bytes: [UInt8], for source: InputSource) throws {
        try bytes.withUnsafeBufferPointer { try write($0, for: source) }
    }

    static func writeAtomically(_ bytes: some Collection<UInt8>, to path: String) throws {
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
