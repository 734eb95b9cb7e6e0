/// One JSON object per input line, for JSONL pipelines (Spark `RDD.pipe`, Hadoop streaming,
/// `parallel --pipe`): `{"line":1,"offset":0,"text":"…","corrections":[{"start":…}]}`.
/// Correction offsets are UTF-8 byte offsets into the input line (`start`, `end`) and into the
/// output text (`output_start`, `output_end`).
public enum JSONLines {
    public static func object(line: Int, offset: Int, result: Repairer.LineResult) -> String {
        var object = "{\"line\":\(line),\"offset\":\(offset),\"text\":\(string(result.text)),\"corrections\":["
        for (k, c) in result.corrections.enumerated() {
            if k > 0 { object += "," }
            object += "{\"start\":\(c.inputRange.lowerBound),\"end\":\(c.inputRange.upperBound),"
            object += "\"output_start\":\(c.outputRange.lowerBound),\"output_end\":\(c.outputRange.upperBound),"
            object += "\"original\":\(string(c.original)),\"replacement\":\(string(c.replacement)),"
            // Int(_:) traps on NaN or infinity: never let an odd score crash a pipeline.
            let confidence = c.confidence.isFinite ? (c.confidence * 1000).rounded() / 1000 + 0 : 0  // + 0: no "-0.0"
            object += "\"confidence\":\(confidence),"
            object += "\"alternatives\":[\(c.alternatives.map(string).joined(separator: ","))]}"
        }
        return object + "]}"
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
