import Foundation

/// Buffered writes to a file descriptor as a `TextOutputStream`; the first write error is kept
/// (a text stream cannot throw) and reported by `flush()`.
final class DescriptorSink: TextOutputStream {
    let descriptor: Int32
    let name: String
    private var buffer: [UInt8] = []
    private(set) var failure: String?

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { drain() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { drain() }
    }

    private func drain() {
        guard failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "\(name): write failed: \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func flush() throws {
        drain()
        if let failure { throw CLIError(message: failure, code: ExitCode.ioError) }
    }
}

/// A struct wrapper so a shared sink can be the `Output` of a `RepairStream`.
struct SinkStream: TextOutputStream {
    let sink: DescriptorSink
    mutating func write(_ string: String) { sink.write(string) }
}

/// A file written beside its destination and renamed over it on `commit()`: readers never see
/// a partial file, and the destination is untouched if anything fails or the process is killed.
final class AtomicFile {
    let destination: String
    let temporaryPath: String
    let sink: DescriptorSink
    private var done = false

    init(destination: String) throws {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).vnfix-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CLIError(message: "\(destination): cannot create output file: \(String(cString: strerror(errno)))", code: ExitCode.cantCreate)
        }
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        sink = DescriptorSink(descriptor: descriptor, name: destination)
    }

    func commit() throws {
        defer { done = true }
        do {
            try sink.flush()
        } catch {
            abandon()
            throw error
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: destination), let permissions = attributes[.posixPermissions] as? NSNumber {
            fchmod(sink.descriptor, mode_t(permissions.uint16Value))
        } else {
            fchmod(sink.descriptor, 0o644)
        }
        guard fsync(sink.descriptor) == 0, close(sink.descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CLIError(message: "\(destination): cannot write: \(reason)", code: ExitCode.ioError)
        }
        guard rename(temporaryPath, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CLIError(message: "\(destination): cannot replace file: \(reason)", code: ExitCode.ioError)
        }
    }

    func abandon() {
        guard !done else { return }
        done = true
        close(sink.descriptor)
        unlink(temporaryPath)
    }

    deinit { abandon() }
}

/// Reads an input in chunks (files and standard input alike), so memory does not grow with its size.
struct ChunkReader {
    let handle: FileHandle
    let source: InputSource
    /// Shown on standard error while reading, when set (see `ProgressLine.make`).
    var progress: ProgressLine?

    init(_ source: InputSource) throws {
        self.source = source
        if source.isStandardInput {
            handle = .standardInput
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw CLIError(message: "\(source.path): no such file", code: ExitCode.noInput)
        }
        guard !isDirectory.boolValue else {
            throw CLIError(message: "\(source.path): is a directory (use -r to repair the files in it)", code: ExitCode.noInput)
        }
        guard let handle = FileHandle(forReadingAtPath: source.path) else {
            throw CLIError(message: "\(source.path): cannot read (permission denied?)", code: ExitCode.noInput)
        }
        self.handle = handle
    }

    /// The next chunk, or nil at the end.
    func next() throws -> Data? {
        do {
            guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else {
                progress?.finish()
                return nil
            }
            progress?.advance(data.count)
            return data
        } catch {
            throw CLIError(message: "\(source.displayName): read failed: \(error.localizedDescription)", code: ExitCode.ioError)
        }
    }
}

/// A one-line progress report on standard error (`\r`-rewritten) for large inputs when standard
/// error is a terminal; nothing at all otherwise, so pipes and logs stay clean.
final class ProgressLine: @unchecked Sendable {  // used from the reading thread only
    let name: String
    let total: Int?
    private var done = 0
    private var shown = false
    private let start = DispatchTime.now().uptimeNanoseconds
    static let threshold = 4 << 20

    init(name: String, total: Int?) {
        self.name = name
        self.total = total
    }

    /// A progress line for `source`, or nil when quiet, when stderr is not a terminal, or when the
    /// file is small.
    static func make(for source: InputSource, quiet: Bool) -> ProgressLine? {
        guard !quiet, isatty(2) != 0 else { return nil }
        var total: Int?
        if !source.isStandardInput, let size = (try? FileManager.default.attributesOfItem(atPath: source.path))?[.size] as? NSNumber {
            total = size.intValue
            guard size.intValue >= threshold else { return nil }
        }
        return ProgressLine(name: source.displayName, total: total)
    }

    func advance(_ bytes: Int) {
        done += bytes
        guard done >= ProgressLine.threshold else { return }
        let seconds = max(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 1e-3)
        let rate = Double(done) / 1e6 / seconds
        var text = "\rvnfix: \(name): \(String(format: "%.1f", Double(done) / 1e6)) MB"
        if let total, total > 0 {
            text += String(format: " of %.1f MB (%.0f%%)", Double(total) / 1e6, 100 * Double(done) / Double(total))
        }
        text += String(format: ", %.2f MB/s\u{1B}[K", rate)
        FileHandle.standardError.write(Data(text.utf8))
        shown = true
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
