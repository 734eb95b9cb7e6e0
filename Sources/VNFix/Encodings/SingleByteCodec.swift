/// A charset where every byte stands alone: a 256-entry table to scalars and its inverse.
struct SingleByteCodec: Sendable {
    let name: String
    /// byte → scalar, 0xFFFF for a byte with no meaning.
    let toScalar: [UInt16]
    /// scalar → byte, for the bytes the charset writes (decode-only positions left out).
    let fromScalar: [UInt32: UInt8]

    init(name: String, table: [UInt16], decodeOnly: [UInt8] = []) {
        precondition(table.count == 256)
        self.name = name
        toScalar = table
        var inverse: [UInt32: UInt8] = [:]
        for byte in 0..<256 where table[byte] != 0xFFFF && !decodeOnly.contains(UInt8(byte)) {
            // The first byte wins, so a scalar listed twice keeps its lower position.
            if inverse[UInt32(table[byte])] == nil { inverse[UInt32(table[byte])] = UInt8(byte) }
        }
        fromScalar = inverse
    }

    /// Appends the UTF-8 of each byte (combining tone bytes stay combining marks).
    func decode(_ input: UnsafeBufferPointer<UInt8>, lossy: Bool, into output: inout [UInt8]) throws(VNFixError) -> Int {
        output.reserveCapacity(output.count + input.count + input.count / 2)
        var replaced = 0
        try toScalar.withUnsafeBufferPointer { (table) throws(VNFixError) in
            for i in 0..<input.count {
                let byte = input[i]
                let scalar = table[Int(byte)]
                if scalar < 0x80 {
                    output.append(UInt8(truncatingIfNeeded: scalar))
                } else if scalar != 0xFFFF {
                    output.appendUTF8(UInt32(scalar))
                } else if lossy {
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    replaced += 1
                } else {
                    throw .unmappableByte(charset: name, byte: byte, offset: i, line: ErrorPosition.line(in: input, at: i))
                }
            }
        }
        return replaced
    }

    /// Letters of the alphabet that have no byte of their own.
    var unencodableLetters: [Unicode.Scalar] {
        VietnameseLetter.generatedTable.compactMap { entry in
            fromScalar[entry.scalar] == nil && !canDecompose(entry.scalar) ? Unicode.Scalar(entry.scalar) : nil
        }
    }

    /// True when the letter can be written as a base letter plus a combining tone byte (cp1258).
    func canDecompose(_ scalar: UInt32) -> Bool {
        decomposition(of: scalar) != nil
    }

    /// Base letter byte and combining tone byte for a toned letter without a byte of its own.
    func decomposition(of scalar: UInt32) -> (base: UInt8, tone: UInt8)? {
        guard let value = Unicode.Scalar(scalar), var letter = VietnameseLetter(value), letter.tone != .none,
              let mark = letter.tone.combiningMark, let toneByte = fromScalar[mark.value] else { return nil }
        letter.tone = .none
        guard let base = letter.scalar, let baseByte = fromScalar[base.value] else { return nil }
        return (baseByte, toneByte)
    }
}

/// Walks NFC scalars and writes them in a charset: shared by all encoders but UTF-8.
struct ScalarEncoder {
    let charset: Charset
    let scalars: [Unicode.Scalar]
    let lossy: Bool
    var replacements = 0

    init(charset: Charset, scalars: [Unicode.Scalar], lossy: Bool) {
        self.charset = charset
        self.scalars = scalars
        self.lossy = lossy
    }

    func unencodable(at index: Int) -> VNFixError {
        let position = ErrorPosition.offsetAndLine(of: index, in: scalars)
        return .unencodableCharacter(charset: charset.name, scalar: scalars[index].value, offset: position.offset, line: position.line)
    }

    mutating func run(into output: inout [UInt8]) throws(VNFixError) {
        switch charset {
        case .cp1258: try singleByte(SingleByteCodec.cp1258, into: &output)
        case .tcvn3: try singleByte(SingleByteCodec.tcvn3, into: &output)
        case .viscii: try singleByte(SingleByteCodec.viscii, into: &output)
        case .vps: try singleByte(SingleByteCodec.vps, into: &output)
        case .vni: try VNICodec.encode(&self, into: &output)
        case .viqr: try VIQR.encode(&self, into: &output)
        case .ncr: NCR.encode(scalars, into: &output)
        case .utf8, .utf8NFD: preconditionFailure("UTF-8 is encoded by Foundation")
        }
    }

    mutating func singleByte(_ codec: SingleByteCodec, into output: inout [UInt8]) throws(VNFixError) {
        for index in scalars.indices {
            let scalar = scalars[index].value
            if let byte = codec.fromScalar[scalar] {
                output.append(byte)
            } else if let parts = codec.decomposition(of: scalar) {
                // cp1258: the letter is not precomposed, its tone is a combining byte.
                output.append(parts.base)
                output.append(parts.tone)
            } else if lossy {
                replacements += 1
                if let lower = lowercaseFallback(scalar, codec) {
                    output.append(lower)
                } else {
                    output.append(UInt8(ascii: "?"))
                }
            } else {
                throw unencodable(at: index)
            }
        }
    }

    /// TCVN3 and VPS lack some uppercase toned vowels; texts of the time used the lowercase byte
    /// with an all-caps font, so that is the lossy fallback.
    func lowercaseFallback(_ scalar: UInt32, _ codec: SingleByteCodec) -> UInt8? {
        guard let value = Unicode.Scalar(scalar), var letter = VietnameseLetter(value), letter.isUppercase else { return nil }
        letter.isUppercase = false
        guard let lower = letter.scalar else { return nil }
        return codec.fromScalar[lower.value]
    }
}
