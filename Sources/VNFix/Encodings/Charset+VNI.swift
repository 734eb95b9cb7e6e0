/// VNI-Windows, the encoding of the VNI fonts (VNI-Times…): a letter is a base byte, optionally
/// followed by one mark byte (`ệ` = `e` 0xE4). Marks come in an uppercase (0xC0–0xDF) and a
/// lowercase (0xE0–0xFF) height. Ơ/ơ (0xD4/0xF4), Ư/ư (0xD6/0xF6), Đ/đ (0xD1/0xF1) and the
/// toned i/y forms are single bytes. Bytes 0x80–0xBF are the Windows-1252 symbols of the fonts.
///
/// Reading is greedy, longest match first: 0xF4 is `ơ` on its own and the base of `ớ ờ ở ỡ ợ`
/// with a following mark, so reading single bytes first loses 20 of the 132 letters (Funput
/// PR #224). A mark of the other height than its base (`A` + 0xF9) is read as the same letter:
/// fonts draw both, and hand-typed text mixes them.
enum VNICodec {
    /// (base << 8 | mark) → scalar.
    static let pairs: [UInt16: UInt32] = {
        var table: [UInt16: UInt32] = [:]
        for entry in LegacyTables.vniLetters where entry.bytes.count == 2 {
            table[UInt16(entry.bytes[0]) << 8 | UInt16(entry.bytes[1])] = entry.scalar
        }
        return table
    }()

    /// byte → scalar for bytes that stand alone; 0xFFFF for a lone mark or an unused byte.
    static let singles: [UInt32] = {
        var table = [UInt32](repeating: 0xFFFF, count: 256)
        for byte in 0..<0x80 { table[byte] = UInt32(byte) }
        for byte in 0x80..<0xC0 { table[byte] = UInt32(LegacyTables.cp1252[byte]) }
        for entry in LegacyTables.vniLetters where entry.bytes.count == 1 {
            table[Int(entry.bytes[0])] = entry.scalar
        }
        return table
    }()

    /// scalar → bytes, for encoding.
    static let bytesByScalar: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        for byte in 0..<0xC0 where singles[byte] != 0xFFFF { table[singles[byte]] = [UInt8(byte)] }
        for entry in LegacyTables.vniLetters { table[entry.scalar] = entry.bytes }
        return table
    }()

    static func decode(_ input: UnsafeBufferPointer<UInt8>, lossy: Bool, into output: inout [UInt8]) throws(VNFixError) -> Int {
        output.reserveCapacity(output.count + input.count + input.count / 2)
        var replaced = 0
        var i = 0
        let n = input.count
        while i < n {
            let byte = input[i]
            // Only bytes from 0xC0 are marks; check the pair first (longest match).
            if i + 1 < n, input[i + 1] >= 0xC0 {
                let key = UInt16(byte) << 8 | UInt16(input[i + 1])
                if let scalar = pairs[key] ?? pairs[key ^ 0x20] {
                    output.appendUTF8(scalar)
                    i += 2
                    continue
                }
            }
            let scalar = singles[Int(byte)]
            if scalar != 0xFFFF {
                output.appendUTF8(scalar)
            } else if lossy {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced += 1
            } else {
                throw .unmappableByte(charset: Charset.vni.name, byte: byte, offset: i, line: ErrorPosition.line(in: input, at: i))
            }
            i += 1
        }
        return replaced
    }

    static func encode(_ encoder: inout ScalarEncoder, into output: inout [UInt8]) throws(VNFixError) {
        for index in encoder.scalars.indices {
            if let bytes = bytesByScalar[encoder.scalars[index].value] {
                output.append(contentsOf: bytes)
            } else if encoder.lossy {
                encoder.replacements += 1
                output.append(UInt8(ascii: "?"))
            } else {
                throw encoder.unencodable(at: index)
            }
        }
    }
}
