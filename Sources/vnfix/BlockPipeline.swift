import Foundation
import VNFix

/// Parallel repair of one stream: blocks of whole lines go to worker threads and come back in
/// order. At most `2 × jobs` blocks are in flight, so memory stays bounded on any input size.
enum BlockPipeline {
    static let blockBytes = 1 << 20

    final class Slot: @unchecked Sendable {
        var output: [UInt8] = []
        var error: CLIError?
        let done = DispatchSemaphore(value: 0)
    }

    static func run(reader: ChunkReader, repairer: Repairer, sink: DescriptorSink, options: RepairCommand.StreamOptions) throws {
        let queue = DispatchQueue(label: "vnfix.blocks", attributes: .concurrent)
        let window = DispatchSemaphore(value: options.jobs * 2)
        var pending: [Slot] = []
        var carry: [UInt8] = []
        var offset = 0, line = 1
        var finished = false

        func submit(_ block: [UInt8], offset: Int, line: Int) {
            window.wait()
            let slot = Slot()
            pending.append(slot)
            queue.async {
                defer { slot.done.signal() }
                var stream = RepairStream(repairer: repairer, output: ByteOutput(), lossy: options.lossy, format: options.json ? .jsonLines : .text)
                do {
                    try stream.write(block)
                    slot.output = try stream.finish().bytes
                } catch let error as VNFixError {
                    var message = error.localizedDescription
                    if case let .invalidUTF8(o, l, c) = error {
                        message = VNFixError.invalidUTF8(offset: offset + o, line: line + l - 1, column: c).localizedDescription
                    }
                    slot.error = CLIError(message: "\(reader.source.displayName): \(message) (use --lossy to substitute U+FFFD)", code: ExitCode.dataError)
                } catch {
                    slot.error = CLIError(message: "\(reader.source.displayName): \(error)", code: ExitCode.software)
                }
            }
        }

        func drain(all: Bool) throws {
            while let first = pending.first, all || pending.count > options.jobs {
                first.done.wait()
                pending.removeFirst()
                window.signal()
                if let error = first.error { throw error }
                sink.write(bytes: first.output)
            }
        }

        while !finished {
            if let chunk = try reader.next() {
                carry.append(contentsOf: chunk)
                guard carry.count >= blockBytes else { continue }
                let cut = (carry.lastIndex(of: 0x0A).map { $0 + 1 }) ?? (carry.count > 8 * blockBytes ? carry.count : 0)
                guard cut > 0 else { continue }
                let block = Array(carry[..<cut])
                carry.removeFirst(cut)
                submit(block, offset: offset, line: line)
                offset += block.count
                line += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            } else {
                if !carry.isEmpty { submit(carry, offset: offset, line: line) }
                finished = true
            }
            try drain(all: finished)
        }
        try drain(all: true)
        if let failure = sink.failure { throw CLIError(message: failure, code: ExitCode.ioError) }
    }
}

/// Collects a block's output bytes.
struct ByteOutput: TextOutputStream {
    var bytes: [UInt8] = []
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
}
