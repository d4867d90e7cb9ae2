import Foundation

/// Walks the BIFF records of a workbook stream ([MS-XLS] 2.1.4): a 2-byte type, a 2-byte length and the body.
/// The stream is read in blocks of a megabyte; a record whose length runs past the end of the stream is an error.
struct BIFFRecords {
    static let continueType: UInt16 = 0x003C

    let stream: CompoundStream
    let displayName: String
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    /// Where the next record starts.
    private(set) var offset: Int
    /// The current record: its type, where it starts in the stream, and its body in `buffer`.
    private(set) var type: UInt16 = 0
    private(set) var recordOffset = 0
    private(set) var length = 0
    private var bodyStart = 0

    init(stream: CompoundStream, displayName: String, offset: Int) {
        self.stream = stream
        self.displayName = displayName
        self.offset = offset
    }

    func damaged(key: String, _ values: [String: String] = [:]) -> SpreadsheetError {
        SpreadsheetError(
            .damagedXLS, key: key, values, location: InputLocation(file: displayName, part: stream.name))
    }

    private mutating func ensure(_ at: Int, _ count: Int) throws {
        if at >= bufferStart && at + count <= bufferStart + buffer.count { return }
        let n = min(max(count, 1 << 20), stream.size - at)
        buffer.removeAll(keepingCapacity: true)
        try stream.read(offset: at, count: n, into: &buffer)
        bufferStart = at
    }

    /// Moves to the next record; false at the end of the stream.
    mutating func next() throws -> Bool {
        guard offset <= stream.size - 4 else { return false }
        try ensure(offset, 4)
        let i = offset - bufferStart
        let t = UInt16(buffer[i]) | UInt16(buffer[i + 1]) << 8
        let n = Int(buffer[i + 2]) | Int(buffer[i + 3]) << 8
        guard n <= stream.size - offset - 4 else {
            throw damaged(
                key: "error.damaged-xls.record-past-stream",
                [
                    "type": "\(String(t, radix: 16, uppercase: true))", "offset": "\(offset)", "length": "\(n)",
                    "size": "\(stream.size)",
                ]
            )
        }
        try ensure(offset, 4 + n)
        type = t
        length = n
        recordOffset = offset
        bodyStart = offset + 4 - bufferStart
        offset += 4 + n
        return true
    }

    /// The type of the record after the current one, without moving. The current body may be gone afterwards
    /// (the buffer may be refilled from the next record): copy it first.
    private mutating func peekType() throws -> UInt16? {
        guard offset <= stream.size - 4 else { return nil }
        try ensure(offset, 4)
        let i = offset - bufferStart
        return UInt16(buffer[i]) | UInt16(buffer[i + 1]) << 8
    }

    // Body accessors: the caller has checked `length` covers the field.
    @inline(__always) func u8(_ i: Int) -> UInt8 { buffer[bodyStart + i] }
    @inline(__always) func u16(_ i: Int) -> Int { Int(buffer[bodyStart + i]) | Int(buffer[bodyStart + i + 1]) << 8 }
    @inline(__always) func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    @inline(__always) func f64(_ i: Int) -> Double { Double(bitPattern: UInt64(u32(i)) | UInt64(u32(i + 4)) << 32) }

    /// The body of the current record from `from`.
    func body(from: Int = 0) -> ArraySlice<UInt8> {
        buffer[(bodyStart + min(from, length))..<(bodyStart + length)]
    }

    /// The current record's body joined with the bodies of the CONTINUE records that follow it (SST, STRING).
    mutating func bodyWithContinues(from: Int = 0) throws -> ContinuedBody {
        var data = [UInt8](body(from: from))
        var boundaries: [Int] = []
        while try peekType() == BIFFRecords.continueType {
            _ = try next()
            boundaries.append(data.count)
            data.append(contentsOf: body())
        }
        return ContinuedBody(data: data, boundaries: boundaries)
    }
}

/// A record body and its CONTINUE bodies in one array, with where each CONTINUE began: character data that
/// crosses into a CONTINUE restarts with a byte saying whether the rest is compressed ([MS-XLS] 2.5.293).
struct ContinuedBody {
    let data: [UInt8]
    let boundaries: [Int]
    private(set) var position = 0
    private var boundary = 0

    init(data: [UInt8], boundaries: [Int]) {
        self.data = data
        self.boundaries = boundaries
    }

    struct Truncated: Error {}

    var remaining: Int { data.count - position }

    mutating func u8() throws -> UInt8 {
        guard position < data.count else { throw Truncated() }
        defer { position += 1 }
        return data[position]
    }

    mutating func u16() throws -> Int {
        let lo = try u8()
        let hi = try u8()
        return Int(lo) | Int(hi) << 8
    }

    mutating func u32() throws -> Int {
        let lo = try u16()
        let hi = try u16()
        return lo | hi << 16
    }

    mutating func skip(_ n: Int) throws {
        guard n >= 0, n <= remaining else { throw Truncated() }
        position += n
    }

    /// Reads `count` characters, 8-bit (code points U+0000–U+00FF) or UTF-16LE as `wide` says and as each
    /// CONTINUE's first byte resets, appending them as UTF-8.
    mutating func characters(_ count: Int, wide: Bool, into out: inout [UInt8], units: inout [UInt16]) throws {
        var left = count
        var wide = wide
        units.removeAll(keepingCapacity: true)
        while left > 0 {
            while boundary < boundaries.count, boundaries[boundary] < position { boundary += 1 }
            if boundary < boundaries.count, boundaries[boundary] == position {
                let flags = try u8()
                wide = flags & 1 != 0
                boundary += 1
                continue
            }
            let end = boundary < boundaries.count ? boundaries[boundary] : data.count
            let width = wide ? 2 : 1
            let n = min((end - position) / width, left)
            guard n > 0 else { throw Truncated() }
            if wide {
                for k in 0..<n {
                    let p = position + 2 * k
                    units.append(UInt16(data[p]) | UInt16(data[p + 1]) << 8)
                }
            } else {
                for k in 0..<n { units.append(UInt16(data[position + k])) }
            }
            position += n * width
            left -= n
        }
        UTF8Text.append(utf16: units, to: &out)
    }
}

/// UTF-16 to UTF-8 without building a `String`; a lone surrogate becomes U+FFFD.
enum UTF8Text {
    static func append(utf16 units: [UInt16], to out: inout [UInt8]) {
        var i = 0
        let n = units.count
        while i < n {
            var scalar = UInt32(units[i])
            i += 1
            if scalar < 0x80 {
                out.append(UInt8(scalar))
                continue
            }
            if scalar >= 0xD800 && scalar < 0xDC00, i < n, units[i] >= 0xDC00, units[i] < 0xE000 {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
                i += 1
            } else if scalar >= 0xD800 && scalar < 0xE000 {
                scalar = 0xFFFD
            }
            append(scalar: scalar, to: &out)
        }
    }

    @inline(__always)
    static func append(scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

/// Decodes the 8-bit strings of BIFF5 files by the workbook's CODEPAGE record (936 = GBK, read as GB18030 which
/// contains it; 1252 Western; 950 Big5 …) with glibc iconv; an unknown code page is read as Windows-1252.
final class CodePageDecoder {
    let codePage: Int
    private let converter: Iconv?

    init(codePage: Int) {
        self.codePage = codePage
        let name: String
        switch codePage {
        case 936: name = "GB18030"
        case 950: name = "BIG5"
        case 932: name = "CP932"
        case 949: name = "CP949"
        case 874, 1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258: name = "CP\(codePage)"
        case 10000, 32768: name = "MACINTOSH"
        case 367, 20127: name = "ASCII"
        default: name = "CP1252"
        }
        converter = Iconv(from: name, to: "UTF-8")
    }

    /// Appends the UTF-8 of `bytes`; bytes invalid in the code page become U+FFFD.
    func append(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) || converter == nil {
            for b in bytes { UTF8Text.append(scalar: UInt32(b), to: &out) }
            return
        }
        // Each invalid byte restarts the conversion after it; past a few dozen, the text is not in this code
        // page at all, and the rest is read byte by byte (ASCII kept, anything else U+FFFD) in linear time.
        var start = bytes.startIndex
        var failures = 0
        while start < bytes.endIndex, let converter, failures < 64 {
            let step = converter.convert([UInt8](bytes[start...]))
            out.append(contentsOf: step.output)
            if step.failure == nil { return }
            UTF8Text.append(scalar: 0xFFFD, to: &out)
            start += min(bytes.endIndex - start, step.consumed + 1)
            failures += 1
        }
        for b in bytes[start...] { UTF8Text.append(scalar: b < 0x80 ? UInt32(b) : 0xFFFD, to: &out) }
    }
}

@available(*, unavailable, message: "holds an iconv descriptor; use one per reader")
extension CodePageDecoder: Sendable {}
