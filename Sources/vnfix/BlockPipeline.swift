import Foundation
import VNFix

/// Parallel repair of one stream: blocks of whole lines go to worker threads and come back in
/// order. At most `2 × jobs` blocks are in flight, so memory stays bounded on any input size.
///
/// The output is the same as with one thread: blocks end after a blank line (where a sequential
/// run resets its language-model context too), each block starts with the document's damage
/// estimate (taken from its first ~200 words, as a sequential run does) and counts lines and
/// byte offsets from its place in the input. Only a stretch of more than 8 blocks without a blank
/// line is cut at a plain line break (the first line after the cut loses the previous line's context).
enum BlockPipeline {
    /// `VNFIX_BLOCK_BYTES` overrides the block size (for tests that need many blocks on a small input).
    /// 256 KiB: small enough that a 1 MB document keeps two cores busy (with 1 MiB, inputs under
    /// ~2 MB were one block and `-j 2` gained nothing), large enough that a block's set-up (a
    /// session, its damage estimate) is noise.
    static let blockBytes = ProcessInfo.processInfo.environment["VNFIX_BLOCK_BYTES"].flatMap { Int($0) }.map { max(1, $0) } ?? 1 << 18

    /// The end (just past its `\n`) of the first whitespace-only line that ends at or after
    /// `bytes[minimum]`. `bytes` starts at a line start.
    static func blankLineEnd(_ bytes: ArraySlice<UInt8>, endingAtOrAfter minimum: Int) -> Int? {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }
        var i = max(bytes.startIndex, minimum)
        while let newline = bytes[i...].firstIndex(of: 0x0A) {
            var k = newline - 1
            while k >= bytes.startIndex, isBlank(bytes[k]) { k -= 1 }
            if k < bytes.startIndex || bytes[k] == 0x0A { return newline + 1 }
            i = newline + 1
        }
        return nil
    }

    final class Slot: @unchecked Sendable {
        var output: [UInt8] = []
        var replacements = 0
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
        var replacements = 0

        // The damage estimate of the document so far, as a sequential stream would have it.
        var leading = Repairer.Session(repairer: repairer)

        func submit(_ block: [UInt8], offset: Int, line: Int) {
            window.wait()
            let slot = Slot()
            pending.append(slot)
            // A value copy handed to one worker (Session holds plain values; it is not marked Sendable).
            let session = UncheckedBox(leading)
            if leading.isEstimatingDamage {
                for text in block.split(separator: 0x0A, omittingEmptySubsequences: false) where leading.isEstimatingDamage {
                    leading.observeLeading(String(decoding: text, as: UTF8.self))
                }
                // Once the estimate is complete (this block finished it): the later blocks take the
                // document's choices made, where each made them again (a trial repair apiece).
                leading.makeDocumentChoices()
            }
            queue.async {
                defer { slot.done.signal() }
                var stream = RepairStream(session: session.value, output: ByteOutput(), lossy: options.lossy, format: options.json ? .jsonLines : .text, firstLine: line, firstOffset: offset)
                do {
                    try stream.write(block)
                    slot.output = try stream.finish().bytes
                    slot.replacements = stream.replacements
                } catch let error as VNFixError {
                    slot.error = CLIError(message: "\(reader.source.displayName): \(error.localizedDescription)" + (options.lossy ? "" : " (use --lossy to substitute U+FFFD)"), code: ExitCode.dataError)
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
                replacements += first.replacements
            }
        }

        while !finished {
            if let chunk = try reader.next() {
                carry.append(contentsOf: chunk)
                // Cut as many blocks as the carry holds: each ends after the first blank line past
                // `blockBytes` (or, failing that for 8 blocks' worth, after the last line break).
                var start = 0
                while carry.count - start >= blockBytes {
                    var cut = blankLineEnd(carry[start...], endingAtOrAfter: start + blockBytes - 1) ?? 0
                    if cut == 0, carry.count - start > 8 * blockBytes {
                        cut = carry[start...].lastIndex(of: 0x0A).map { $0 + 1 } ?? carry.count
                    }
                    guard cut > 0 else { break }
                    let block = Array(carry[start..<cut])
                    start = cut
                    submit(block, offset: offset, line: line)
                    offset += block.count
                    line += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    try drain(all: false)
                }
                carry.removeFirst(start)
            } else {
                if !carry.isEmpty { submit(carry, offset: offset, line: line) }
                finished = true
            }
            try drain(all: finished)
        }
        try drain(all: true)
        if let failure = sink.failure { throw CLIError(message: failure, code: ExitCode.ioError) }
        // As the one-thread path does (it was missing with -j).
        if replacements > 0, !options.quiet {
            FileHandle.standardError.write(Data("vnfix: note: \(reader.source.displayName): replaced \(replacements) invalid UTF-8 sequence(s) with U+FFFD\n".utf8))
        }
    }
}

/// Moves a value to another thread when its type is not marked `Sendable` but the value is not shared.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Collects a block's output bytes.
struct ByteOutput: TextOutputStream {
    var bytes: [UInt8] = []
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
}
