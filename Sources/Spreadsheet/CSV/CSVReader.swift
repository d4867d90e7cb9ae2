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
/// The file streams in 1 MiB chunks (GB18030 is converted chunk by chunk), so memory is a chunk plus the
/// longest record. With `.auto`, one extra pass over the file checks whether it is valid UTF-8.
public final class CSVReader {
    /// The encoding the file was read in.
    public let encoding: TextEncoding
    /// Whether the encoding was detected rather than given.
    public let encodingWasDetected: Bool
    public let displayName: String
    private let source: DecodedStream
    private var bytes: [UInt8] = []
    private var position = 0
    private var eof = false
    private var line = 1
    private let delimiter: UInt8
    /// Where the file stopped being valid UTF-8, when `.auto` detection chose GB18030 because of it.
    private var utf8Failure: String?

    /// Opens the file at `path`.
    /// - Throws: `SpreadsheetError` when the file cannot be read (invalid bytes are reported as they are reached).
    public convenience init(
        path: String, displayName: String? = nil, encoding: CSVEncodingChoice = .auto,
        delimiter: UInt8 = UInt8(ascii: ",")
    ) throws {
        try self.init(
            path: path, displayName: displayName, encoding: encoding, delimiter: delimiter,
            chunkSize: DecodedStream.chunk)
    }

    /// `chunkSize` is for tests that cut records, quotes and multi-byte characters at every possible place.
    init(path: String, displayName: String?, encoding: CSVEncodingChoice, delimiter: UInt8, chunkSize: Int) throws {
        let name = displayName ?? path
        self.displayName = name
        self.delimiter = delimiter
        let chosen: TextEncoding
        switch encoding {
        case .utf8: chosen = .utf8
        case .gb18030: chosen = .gb18030
        case .auto:
            utf8Failure = try DecodedStream.utf8Failure(path: path, name: name, chunkSize: chunkSize)
            chosen = utf8Failure == nil ? .utf8 : .gb18030
        }
        self.encoding = chosen
        encodingWasDetected = encoding == .auto
        source = try DecodedStream(path: path, name: name, encoding: chosen, chunkSize: chunkSize)
        // When detection fell back to GB18030 and that fails too, say where the UTF-8 check failed as well.
        source.detection = utf8Failure
        try refill()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Appends the next decoded chunk, dropping what was already parsed; false at the end of the file.
    @discardableResult
    private func refill() throws -> Bool {
        guard !eof else { return false }
        if position > 0 {
            bytes.removeSubrange(0..<position)
            position = 0
        }
        guard let chunk = try source.next() else {
            eof = true
            return false
        }
        bytes.append(contentsOf: chunk)
        return true
    }

    private enum Step {
        case record(CSVRecord)
        case end
        /// The record runs past the bytes read so far.
        case needMore
    }

    /// The longest record read (bytes): anything longer is an unclosed quote or not CSV at all, and refusing it
    /// bounds both memory and the re-reading of an unfinished record.
    public static let maxRecordBytes = 8 << 20

    /// The next record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        var wanted = 0
        while true {
            let startLine = line
            switch try parseRecord() {
            case .record(let r): return r
            case .end: return nil
            case .needMore:
                line = startLine
                // Read at least twice as much as the last attempt saw before parsing the record again: an
                // unfinished record is re-read a logarithmic number of times, not once per chunk.
                wanted = max(wanted * 2, bytes.count - position + 1)
                while bytes.count - position < wanted {
                    if bytes.count - position > CSVReader.maxRecordBytes {
                        throw SpreadsheetError(
                            .limitExceeded,
                            key: "error.limit-exceeded.csv-record", ["limit": "\(CSVReader.maxRecordBytes >> 20)"],
                            location: InputLocation(file: displayName, row: startLine))
                    }
                    if try !refill() {
                        eof = true
                        break
                    }
                }
            }
        }
    }

    private func parseRecord() throws -> Step {
        let n = bytes.count
        guard position < n else { return eof ? .end : .needMore }
        var storage: [UInt8] = []
        var ends: [Int] = []
        let startLine = line
        let d = delimiter
        let atEnd = eof
        return try bytes.withUnsafeBufferPointer { b -> Step in
            var i = position
            var lineStart = i
            fieldLoop: while true {
                if i < n && b[i] == 34 {
                    // Quoted field.
                    let openLine = line
                    let openColumn = column(b, lineStart, i)
                    i += 1
                    while true {
                        guard i < n else {
                            if !atEnd { return .needMore }
                            throw SpreadsheetError(
                                .malformedCSV,
                                key: "error.malformed-csv.unclosed-quote",
                                location: InputLocation(file: displayName, row: openLine, column: openColumn))
                        }
                        let c = b[i]
                        if c == 34 {
                            if i + 1 >= n && !atEnd { return .needMore }
                            if i + 1 < n && b[i + 1] == 34 {
                                storage.append(34)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if c == 13 && i + 1 >= n && !atEnd { return .needMore }
                        if c == 10 {
                            line += 1
                            lineStart = i + 1
                        } else if c == 13 && !(i + 1 < n && b[i + 1] == 10) {
                            line += 1
                            lineStart = i + 1
                        }
                        storage.append(c)
                        i += 1
                    }
                    ends.append(storage.count)
                    if i >= n {
                        if !atEnd { return .needMore }
                        break fieldLoop
                    }
                    let c = b[i]
                    if c == d {
                        i += 1
                        continue fieldLoop
                    }
                    if c == 10 || c == 13 {
                        if c == 13 && i + 1 >= n && !atEnd { return .needMore }
                        i = endOfLine(b, i)
                        break fieldLoop
                    }
                    let col = column(b, lineStart, i)
                    throw SpreadsheetError(
                        .malformedCSV,
                        key: "error.malformed-csv.after-quote", ["found": "\(String(decoding: [c], as: UTF8.self))"],
                        location: InputLocation(file: displayName, row: line, column: col))
                } else {
                    let fieldStart = i
                    while i < n {
                        let c = b[i]
                        if c == d || c == 10 || c == 13 { break }
                        if c == 34 {
                            let col = column(b, lineStart, i)
                            throw SpreadsheetError(
                                .malformedCSV,
                                key: "error.malformed-csv.stray-quote",
                                location: InputLocation(file: displayName, row: line, column: col))
                        }
                        i += 1
                    }
                    if i >= n && !atEnd { return .needMore }
                    storage.append(contentsOf: UnsafeBufferPointer(rebasing: b[fieldStart..<i]))
                    ends.append(storage.count)
                    if i >= n { break fieldLoop }
                    if b[i] == d {
                        i += 1
                        continue fieldLoop
                    }
                    if b[i] == 13 && i + 1 >= n && !atEnd { return .needMore }
                    i = endOfLine(b, i)
                    break fieldLoop
                }
            }
            position = i
            return .record(CSVRecord(line: startLine, storage: storage, ends: ends))
        }
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

/// A file's bytes as UTF-8, chunk by chunk: UTF-8 checked as it streams, GB18030 converted with iconv; invalid
/// bytes are reported with the line and the byte of the line where they sit.
final class DecodedStream {
    private let fd: Int32
    private let name: String
    private let encoding: TextEncoding
    private var carry: [UInt8] = []
    private var converter: Iconv?
    /// Position of the next raw byte, and the line and line start (raw offsets) reached so far.
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    private var buffer: [UInt8]
    static let chunk = 1 << 20

    init(path: String, name: String, encoding: TextEncoding, chunkSize: Int = DecodedStream.chunk) throws {
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 1))
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SpreadsheetError(
                .fileNotReadable, key: "error.file-not-readable.read", location: InputLocation(file: name))
        }
        self.name = name
        self.encoding = encoding
        if encoding == .gb18030 {
            guard let cd = Iconv(from: "GB18030", to: "UTF-8") else {
                close(fd)
                throw SpreadsheetError(
                    .encoding, key: "error.encoding.no-gb18030", location: InputLocation(file: name))
            }
            converter = cd
        }
    }

    deinit {
        close(fd)
    }

    /// The place where the file stops being valid UTF-8 (`line L, byte B of the line (bytes)`), or nil when the
    /// whole file is (a first pass for automatic detection).
    static func utf8Failure(path: String, name: String, chunkSize: Int = DecodedStream.chunk) throws -> String? {
        let stream = try DecodedStream(path: path, name: name, encoding: .utf8, chunkSize: chunkSize)
        do {
            while try stream.next() != nil {}
            return nil
        } catch let error as SpreadsheetError where error.code == .encoding {
            return stream.lastInvalidPlace ?? "somewhere"
        }
    }

    /// Set by automatic detection: where the UTF-8 check failed, said together with a GB18030 failure.
    var detection: String?
    /// The place of the last invalid bytes reported.
    private(set) var lastInvalidPlace: String?

    private func readRaw() throws -> [UInt8]? {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw SpreadsheetError(
                    .fileNotReadable, key: "error.file-not-readable.read", location: InputLocation(file: name))
            }
            return n == 0 ? nil : Array(buffer[0..<n])
        }
    }

    /// The error for invalid bytes at `index` of `raw` (which starts at raw offset `base`).
    private func invalid(_ raw: [UInt8], at index: Int, base: Int) -> SpreadsheetError {
        var line = self.line
        var lineStart = self.lineStart
        for i in 0..<min(index, raw.count) where raw[i] == 10 {
            line += 1
            lineStart = base + i + 1
        }
        let hex = raw[index..<min(index + 4, raw.count)].map {
            ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true)
        }.joined(separator: " ")
        let place = "line \(line), byte \(base + index - lineStart + 1) of the line (\(hex))"
        lastInvalidPlace = place
        if let detection, encoding == .gb18030 {
            return SpreadsheetError(
                .encoding,
                key: "error.encoding.neither", ["detection": "\(detection)", "place": "\(place)"],
                location: InputLocation(file: name, row: line))
        }
        return SpreadsheetError(
            .encoding,
            key: "error.encoding.invalid-bytes",
            ["place": "\(place)", "encoding": "\(encoding == .utf8 ? "UTF-8" : "GB18030")"],
            location: InputLocation(file: name, row: line))
    }

    /// Counts the lines of raw bytes that were decoded.
    private func advance(_ raw: [UInt8], count: Int, base: Int) {
        for i in 0..<count where raw[i] == 10 {
            line += 1
            lineStart = base + i + 1
        }
        offset = base + count
    }

    /// The next chunk of UTF-8, or nil at the end.
    func next() throws -> [UInt8]? {
        while true {
            let fresh = try readRaw()
            let base = offset
            let raw = carry + (fresh ?? [])
            carry = []
            if raw.isEmpty { return nil }
            switch encoding {
            case .utf8:
                // Keep an incomplete sequence at the end for the next chunk.
                var end = raw.count
                if fresh != nil {
                    var k = end - 1
                    while k >= 0 && k >= end - 3 && raw[k] & 0xC0 == 0x80 { k -= 1 }
                    if k >= 0 {
                        let lead = raw[k]
                        let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                        if k + need > end { end = k }
                    }
                }
                let body = Array(raw[0..<end])
                if !TextEncoding.isValidUTF8(body) {
                    throw invalid(raw, at: DecodedStream.firstInvalidUTF8(body), base: base)
                }
                carry = Array(raw[end...])
                if fresh == nil && !carry.isEmpty { throw invalid(raw, at: end, base: base) }
                advance(raw, count: end, base: base)
                if body.isEmpty { continue }
                return body
            case .gb18030:
                let step = converter!.convert(raw)
                let consumed = step.consumed
                let output = step.output
                if step.failure == EILSEQ || (step.failure == EINVAL && fresh == nil) {
                    throw invalid(raw, at: consumed, base: base)
                }
                carry = Array(raw[consumed...])  // EINVAL: a sequence cut by the chunk boundary
                advance(raw, count: consumed, base: base)
                if output.isEmpty && fresh != nil { continue }
                if output.isEmpty { return nil }
                return output
            }
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ raw: [UInt8]) -> Int {
        var i = 0
        while i < raw.count {
            let end = min(i + 4, raw.count)
            guard let len = (1...(end - i)).first(where: { TextEncoding.isValidUTF8(Array(raw[i..<i + $0])) }) else {
                return i
            }
            i += len
        }
        return raw.count
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
                    if i + 1 < bytes.count && bytes[i + 1] == 34 {
                        current.append(34)
                        i += 2
                        continue
                    }
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
