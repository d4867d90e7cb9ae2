/// Appends RFC 4180 fields to a byte buffer: quotes a field only when it holds the delimiter, a quote,
/// CR or LF, doubling inner quotes. Shared by `CSVWriter` and the sheet converter.
struct CSVFieldEncoder {
    let delimiter: UInt8
    let formulaGuard: Bool

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>, isText: Bool, to out: inout [UInt8]) {
        var needsQuotes = false
        for b in bytes where b == delimiter || b == 34 || b == 10 || b == 13 {
            needsQuotes = true
            break
        }
        let guardIt =
            formulaGuard && isText && !bytes.isEmpty
            && (bytes[0] == UInt8(ascii: "=") || bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-")
                || bytes[0] == UInt8(ascii: "@") || bytes[0] == 9 || bytes[0] == 13)
        if !needsQuotes {
            if guardIt { out.append(UInt8(ascii: "'")) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(34)
        if guardIt { out.append(UInt8(ascii: "'")) }
        for b in bytes {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    func append(_ string: String, isText: Bool, to out: inout [UInt8]) {
        var s = string
        s.withUTF8 { append($0, isText: isText, to: &out) }
    }
}

/// Writes CSV records to a file or standard output in a chosen dialect.
///
/// ```swift
/// let csv = try CSVWriter(path: "report.csv", dialect: .excel)
/// try csv.writeRecord(["期间", "数值"])
/// try csv.close()
/// ```
public final class CSVWriter {
    private let sink: ByteSink
    private let encoder: CSVFieldEncoder
    private let lineEnding: [UInt8]
    private var record: [UInt8] = []
    public let dialect: CSVDialect

    /// Opens `path` for writing, or standard output when `path` is nil or `-`.
    public init(path: String?, dialect: CSVDialect = .plain) throws {
        if let path, path != "-" {
            sink = try ByteSink(path: path)
        } else {
            sink = ByteSink(standardOutput: ())
        }
        self.dialect = dialect
        encoder = CSVFieldEncoder(delimiter: dialect.delimiter, formulaGuard: dialect.formulaGuard)
        lineEnding = dialect.lineEnding.bytes
        if dialect.encoding == .gb18030 {
            let where_ = sink.path
            sink.transform = { block in
                switch TextEncoding.utf8ToGB18030(block) {
                case .success(let out): return out
                case .failure:
                    throw SpreadsheetError(.encoding, key: "error.encoding.gb18030-output", ["what": "\(where_)"])
                }
            }
        } else if dialect.byteOrderMark {
            sink.write([0xEF, 0xBB, 0xBF])
        }
    }

    /// Writes one record of text fields (each guarded against formula injection if the dialect says so).
    public func writeRecord(_ fields: [String]) throws {
        try writeRecord(fields.map { CSVValue.text($0) })
    }

    /// Writes one record whose fields are text or numbers; numbers are never guarded.
    public func writeRecord(_ fields: [CSVValue]) throws {
        record.removeAll(keepingCapacity: true)
        for (i, field) in fields.enumerated() {
            if i > 0 { record.append(dialect.delimiter) }
            switch field {
            case .text(let s): encoder.append(s, isText: true, to: &record)
            case .number(let s): encoder.append(s, isText: false, to: &record)
            }
        }
        record.append(contentsOf: lineEnding)
        sink.write(record)
        try sink.flushIfNeeded()
    }

    /// The underlying sink, for converters that write pre-encoded records.
    var rawSink: ByteSink { sink }

    /// Flushes everything to the file.
    public func close() throws {
        try sink.close()
    }
}

/// A CSV field: text (subject to the formula guard) or an already formatted number.
public enum CSVValue: Sendable, Hashable {
    case text(String)
    case number(String)
}

@available(*, unavailable, message: "owns a file descriptor")
extension CSVWriter: Sendable {}
