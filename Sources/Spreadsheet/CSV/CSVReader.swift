import Foundation

/// One CSV record: its fields (unquoted, unescaped UTF-8) and the 1-based line where it starts.
public struct CSVRecord: Sendable {
    /// 1-based line of the record's first character.
    public let line: Int
    let storage: [UInt8]
    let ends: [Int]

    /// The number of fields.
    public var count: Int { ends.count }

    /// The field at a 0-based index, as text.
    public subscript(index: Int) -> String {
        String(decoding: storage[range(index)], as: UTF8.self)
    }

    /// All fields as text.
    public var fields: [String] { (0..<count).map { self[$0] } }

    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Calls `body` with the bytes of a field, without building a `String`.
    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(index)
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// Whether every field is empty (a blank line).
    public var isBlank: Bool { storage.isEmpty }
}

/// The encoding to read a CSV file in: fixed, or detected.
public enum CSVEncodingChoice: String, Sendable, CaseIterable {
    /// UTF-8 when the bytes are valid UTF-8, otherwise GB18030.
    case auto
    case utf8 = "utf-8"
    case gb18030
}

/// An RFC 4180 CSV reader: quoted fields may hold separators, doubled quotes and line breaks; lines end
/// in LF, CRLF or CR; a UTF-8 byte-order mark is skipped. It never guesses: a quote inside an unquoted field,
/// text after a closing quote or an unclosed quote is a located error.
///
/// The file is read and, for GB18030, converted to UTF-8 whole (CSV batches are tens of megabytes at most).
public final class CSVReader {
    /// The encoding the file was read in.
    public let encoding: TextEncoding
    /// Whether the encoding was detected rather than given.
    public let encodingWasDetected: Bool
    public let displayName: String
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    private let delimiter: UInt8

    /// Reads the file at `path`.
    /// - Throws: `SpreadsheetError` when the file cannot be read or its bytes are not valid in the encoding.
    public init(path: String, displayName: String? = nil, encoding: CSVEncodingChoice = .auto,
                delimiter: UInt8 = UInt8(ascii: ",")) throws {
        let name = displayName ?? path
        self.displayName = name
        self.delimiter = delimiter
        guard let raw = FileBytes.read(path) else {
            throw SpreadsheetError(.fileNotReadable, "cannot read the file", location: InputLocation(file: name))
        }
        let hasBOM = raw.starts(with: [0xEF, 0xBB, 0xBF])
        let chosen: TextEncoding
        switch encoding {
        case .utf8: chosen = .utf8
        case .gb18030: chosen = .gb18030
        case .auto: chosen = hasBOM || TextEncoding.isValidUTF8(raw) ? .utf8 : .gb18030
        }
        self.encoding = chosen
        encodingWasDetected = encoding == .auto
        switch chosen {
        case .utf8:
            guard TextEncoding.isValidUTF8(raw) else {
                let offset = CSVReader.firstInvalidUTF8(raw)
                throw CSVReader.encodingError(raw, offset: offset, name: name, what: "UTF-8")
            }
            bytes = raw
            position = hasBOM ? 3 : 0
        case .gb18030:
            switch TextEncoding.gb18030ToUTF8(raw) {
            case .success(let utf8):
                bytes = utf8
                position = 0
            case .failure(let failure):
                throw CSVReader.encodingError(raw, offset: failure.offset, name: name, what: "GB18030")
            }
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence.
    private static func firstInvalidUTF8(_ raw: [UInt8]) -> Int {
        var i = 0
        while i < raw.count {
            let end = min(i + 4, raw.count)
            guard let len = (1...(end - i)).first(where: { TextEncoding.isValidUTF8(Array(raw[i..<i + $0])) }) else { return i }
            i += len
        }
        return raw.count
    }

    private static func encodingError(_ raw: [UInt8], offset: Int, name: String, what: String) -> SpreadsheetError {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, raw.count) where raw[i] == 10 {
            line += 1
            lineStart = i + 1
        }
        let hex = raw[offset..<min(offset + 4, raw.count)].map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return SpreadsheetError(.encoding,
            "the bytes at line \(line), byte \(offset - lineStart + 1) of the line (\(hex)) are not valid \(what); give --encoding to choose another",
            location: InputLocation(file: name, row: line))
    }

    /// The next record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        let n = bytes.count
        guard position < n else { return nil }
        var storage: [UInt8] = []
        var ends: [Int] = []
        let startLine = line
        let d = delimiter
        try bytes.withUnsafeBufferPointer { b in
            var i = position
            var lineStart = i
            fieldLoop: while true {
                if i < n && b[i] == 34 {
                    // Quoted field.
                    let openLine = line, openColumn = column(b, lineStart, i)
                    i += 1
                    while true {
                        guard i < n else {
                            throw SpreadsheetError(.malformedCSV,
                                "the quoted field that starts here is never closed (missing closing quote)",
                                location: InputLocation(file: displayName, row: openLine, column: openColumn))
                        }
                        let c = b[i]
                        if c == 34 {
                            if i + 1 < n && b[i + 1] == 34 {
                                storage.append(34)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if c == 10 { line += 1; lineStart = i + 1 }
                        else if c == 13 && !(i + 1 < n && b[i + 1] == 10) { line += 1; lineStart = i + 1 }
                        storage.append(c)
                        i += 1
                    }
                    ends.append(storage.count)
                    if i >= n { break fieldLoop }
                    let c = b[i]
                    if c == d { i += 1; continue fieldLoop }
                    if c == 10 || c == 13 { i = endOfLine(b, i); break fieldLoop }
                    let col = column(b, lineStart, i)
                    throw SpreadsheetError(.malformedCSV,
                        "expected a separator or the end of the line after the closing quote, found '\(String(decoding: [c], as: UTF8.self))'",
                        location: InputLocation(file: displayName, row: line, column: col))
                } else {
                    let fieldStart = i
                    while i < n {
                        let c = b[i]
                        if c == d || c == 10 || c == 13 { break }
                        if c == 34 {
                            let col = column(b, lineStart, i)
                            throw SpreadsheetError(.malformedCSV,
                                "a quote inside an unquoted field; quote the whole field and double the quote (\"\")",
                                location: InputLocation(file: displayName, row: line, column: col))
                        }
                        i += 1
                    }
                    storage.append(contentsOf: UnsafeBufferPointer(rebasing: b[fieldStart..<i]))
                    ends.append(storage.count)
                    if i >= n { break fieldLoop }
                    if b[i] == d { i += 1; continue fieldLoop }
                    i = endOfLine(b, i)
                    break fieldLoop
                }
            }
            position = i
        }
        return CSVRecord(line: startLine, storage: storage, ends: ends)
    }

    /// Steps over LF, CRLF or CR and counts the line.
    @inline(__always)
    private func endOfLine(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        line += 1
        if b[at] == 13 && at + 1 < b.count && b[at + 1] == 10 { return at + 2 }
        return at + 1
    }

    /// 1-based character column of byte `i` on the line starting at `lineStart`.
    private func column(_ b: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ i: Int) -> Int {
        var col = 1
        for k in lineStart..<i where b[k] & 0xC0 != 0x80 { col += 1 }
        return col
    }
}

@available(*, unavailable, message: "reads sequentially; use one reader per task")
extension CSVReader: Sendable {}

/// Splits one record of well-formed CSV (our own output) into raw fields; used to revisit written records.
enum CSVParser {
    static func fields(of bytes: [UInt8], delimiter: UInt8) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        var quoted = false
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == 34 {
                    if i + 1 < bytes.count && bytes[i + 1] == 34 { current.append(34); i += 2; continue }
                    quoted = false
                } else {
                    current.append(c)
                }
            } else if c == 34 {
                quoted = true
            } else if c == delimiter {
                fields.append(current)
                current = []
            } else {
                current.append(c)
            }
            i += 1
        }
        fields.append(current)
        return fields
    }
}
