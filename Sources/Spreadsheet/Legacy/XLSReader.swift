import Foundation

/// Reads legacy .xls workbooks: BIFF8 (Excel 97–2003) and BIFF5 (Excel 5.0/95) records in an OLE2 compound file.
///
/// Opening reads the workbook globals (sheets, shared strings, number formats, the date system, the code page);
/// each sheet's cells are then streamed record by record, so memory is the shared strings plus a row. Written in
/// Swift rather than on libfreexl: every length and offset is checked before it is used (README, "Legacy
/// spreadsheets"). Not `Sendable`: owns a file descriptor.
public final class XLSReader: Workbook {
    public let displayName: String
    public let kind: WorkbookKind
    public let sheets: [SheetInfo]
    public let dateSystem: DateSystem
    public var warnings: [Diagnostic] { file.warnings + globalWarnings }

    private let file: CompoundFile
    private let stream: CompoundStream
    private let biff: Int
    private let sharedStrings: SharedStrings
    private let styleKinds: [NumberFormatKind]
    private let sheetOffsets: [Int]
    private let decoder: CodePageDecoder
    private var globalWarnings: [Diagnostic] = []

    // Record types ([MS-XLS] 2.3).
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let filePass: UInt16 = 0x002F
    static let codePage: UInt16 = 0x0042
    static let dateMode: UInt16 = 0x0022
    static let format: UInt16 = 0x041E
    static let formatBIFF4: UInt16 = 0x001E
    static let xf: UInt16 = 0x00E0
    static let boundSheet: UInt16 = 0x0085
    static let sst: UInt16 = 0x00FC

    /// Opens the .xls at `path`.
    /// - Throws: `SpreadsheetError` `.damagedXLS` for a broken container or records, `.encryptedWorkbook` for a
    ///   password-protected workbook (FILEPASS), `.unsupportedXLS` for BIFF2–4 or a compound file without a workbook.
    public init(path: String, displayName: String? = nil) throws {
        let name = displayName ?? path
        self.displayName = name
        let file = try CompoundFile(path: path, displayName: name)
        guard let entry = file.stream(named: "Workbook") ?? file.stream(named: "Book") else {
            throw SpreadsheetError(
                .unsupportedXLS,
                key: "error.unsupported-xls.no-workbook-stream",
                [
                    "streams":
                        "\(file.entries.filter { $0.type == 2 }.prefix(8).map { "'\($0.name)'" }.joined(separator: ", "))"
                ],
                location: InputLocation(file: name))
        }
        let stream = try file.openStream(entry)
        var records = BIFFRecords(stream: stream, displayName: name, offset: 0)
        guard try records.next(), records.type & 0xFF == 0x09, records.length >= 4 else {
            throw records.damaged(key: "error.damaged-xls.workbook-no-bof")
        }
        guard records.type == XLSReader.bof else {
            let version = records.type == 0x0009 ? 2 : records.type == 0x0209 ? 3 : 4
            throw SpreadsheetError(
                .unsupportedXLS,
                key: "error.unsupported-xls.biff-too-old", ["version": "\(version)"],
                location: InputLocation(file: name))
        }
        let biff = records.u16(0) >= 0x0600 ? 8 : 5

        var codePage = 1252
        var date1904 = false
        var customFormats: [Int: String] = [:]
        var xfFormats: [Int] = []
        var infos: [SheetInfo] = []
        var offsets: [Int] = []
        var strings = SharedStrings.empty
        var warnings: [Diagnostic] = []
        var previous: UInt16 = XLSReader.bof
        var scratch: [UInt8] = []
        var units: [UInt16] = []
        var decoder = CodePageDecoder(codePage: codePage)
        while try records.next() {
            let type = records.type
            defer { previous = type }
            switch type {
            case XLSReader.eof:
                break
            case XLSReader.filePass:
                throw SpreadsheetError(
                    .encryptedWorkbook,
                    key: "error.encrypted-workbook.xls",
                    location: InputLocation(file: name))
            case XLSReader.codePage where records.length >= 2:
                codePage = records.u16(0)
                decoder = CodePageDecoder(codePage: codePage)
            case XLSReader.dateMode where records.length >= 2:
                date1904 = records.u16(0) == 1
            case XLSReader.format, XLSReader.formatBIFF4:
                guard records.length >= 3 else { continue }
                scratch.removeAll(keepingCapacity: true)
                var body = ContinuedBody(data: [UInt8](records.body(from: 2)), boundaries: [])
                if (try? XLSReader.readString(
                    &body, biff: biff, lengthBytes: biff == 8 ? 2 : 1, decoder: decoder, into: &scratch, units: &units))
                    != nil
                {
                    customFormats[records.u16(0)] = String(decoding: scratch, as: UTF8.self)
                }
            case XLSReader.xf where records.length >= 4:
                xfFormats.append(records.u16(2))
            case XLSReader.boundSheet where records.length >= 7:
                let offset = Int(records.u32(0))
                let state = records.u8(4) & 0x03
                let sheetType = records.u8(5)
                scratch.removeAll(keepingCapacity: true)
                var body = ContinuedBody(data: [UInt8](records.body(from: 6)), boundaries: [])
                _ = try? XLSReader.readString(
                    &body, biff: biff, lengthBytes: 1, decoder: decoder, into: &scratch, units: &units)
                guard sheetType == 0 else { continue }  // macro sheets, charts, VB modules
                infos.append(
                    SheetInfo(
                        name: String(decoding: scratch, as: UTF8.self),
                        visibility: state == 0 ? .visible : state == 1 ? .hidden : .veryHidden,
                        position: infos.count + 1, part: entry.name))
                offsets.append(offset)
            case XLSReader.sst where records.length >= 8:
                let declared = Int(records.u32(4))
                let at = records.recordOffset
                var body = try records.bodyWithContinues(from: 8)
                strings = try XLSReader.sharedStrings(
                    &body, declared: declared, at: at, displayName: name, part: entry.name, warnings: &warnings)
            case BIFFRecords.continueType where previous == XLSReader.bof || previous == XLSReader.eof:
                warnings.append(
                    Diagnostic(
                        .warning, "xls-stray-continue", at: InputLocation(file: name, part: entry.name),
                        key: "diag.xls-stray-continue", ["offset": "\(records.recordOffset)"]
                    ))
            default:
                break
            }
            if type == XLSReader.eof { break }
        }
        self.file = file
        self.stream = stream
        self.biff = biff
        kind = .xls(biffVersion: biff)
        sheets = infos
        sheetOffsets = offsets
        sharedStrings = strings
        dateSystem = date1904 ? .excel1904 : .excel1900
        styleKinds = xfFormats.map { id in
            if let code = customFormats[id] { return NumberFormatKind.classify(code: code) }
            return NumberFormatKind.builtIn(id)
        }
        self.decoder = decoder
        globalWarnings = warnings
    }

    /// Reads a BIFF string: a length (1 or 2 bytes), and in BIFF8 an options byte (compressed or UTF-16, rich
    /// runs and phonetic data to skip) before the characters; BIFF5 strings are bytes in the workbook's code page.
    static func readString(
        _ body: inout ContinuedBody, biff: Int, lengthBytes: Int, decoder: CodePageDecoder, into out: inout [UInt8],
        units: inout [UInt16]
    ) throws {
        let count = lengthBytes == 1 ? Int(try body.u8()) : try body.u16()
        if biff < 8 {
            guard count <= body.remaining else { throw ContinuedBody.Truncated() }
            decoder.append(body.data[body.position..<body.position + count], to: &out)
            try body.skip(count)
            return
        }
        let flags = try body.u8()
        var runs = 0
        var phonetic = 0
        if flags & 0x08 != 0 { runs = try body.u16() }
        if flags & 0x04 != 0 { phonetic = try body.u32() }
        try body.characters(count, wide: flags & 0x01 != 0, into: &out, units: &units)
        try body.skip(4 * runs)
        try body.skip(phonetic)
    }

    /// Reads the SST's strings into one UTF-8 arena. Fewer strings than declared is read with a warning.
    private static func sharedStrings(
        _ body: inout ContinuedBody, declared: Int, at offset: Int, displayName: String, part: String,
        warnings: inout [Diagnostic]
    ) throws -> SharedStrings {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.data.count)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(min(declared, body.data.count / 3) + 1)
        var units: [UInt16] = []
        let decoder = CodePageDecoder(codePage: 1200)
        let location = InputLocation(file: displayName, part: part)
        while offsets.count - 1 < declared && body.remaining > 0 {
            let start = bytes.count
            do {
                try readString(&body, biff: 8, lengthBytes: 2, decoder: decoder, into: &bytes, units: &units)
            } catch {
                bytes.removeSubrange(start...)
                break
            }
            if units.count > SheetLimits.maxCellCharacters {
                throw SpreadsheetError(
                    .limitExceeded,
                    key: "error.limit-exceeded.shared-string-length",
                    ["index": "\(offsets.count)", "count": "\(units.count)"],
                    location: location)
            }
            if bytes.count > SharedStringsHandler.budget {
                throw SpreadsheetError(
                    .limitExceeded,
                    key: "error.limit-exceeded.xls-shared-strings-size",
                    ["limit": "\(SharedStringsHandler.budget >> 20)"],
                    location: location)
            }
            offsets.append(bytes.count)
        }
        if offsets.count - 1 < declared {
            warnings.append(
                Diagnostic(
                    .warning, "xls-sst-count", at: location,
                    key: "diag.xls-sst-count",
                    ["offset": "\(offset)", "declared": "\(declared)", "held": "\(offsets.count - 1)"]
                ))
        }
        return SharedStrings(bytes: bytes, offsets: offsets)
    }

    public func rows(of sheet: SheetInfo) throws -> SheetRowReader {
        let index = sheet.position - 1
        guard sheets.indices.contains(index), sheets[index] == sheet else {
            throw SpreadsheetError(
                .invalidArgument, key: "error.invalid-argument.not-this-workbooks-sheet", ["sheet": "\(sheet.name)"],
                location: InputLocation(file: displayName))
        }
        let location = InputLocation(file: displayName, sheet: sheet.name, part: stream.name)
        let source = try BIFFSheetSource(
            records: BIFFRecords(stream: stream, displayName: displayName, offset: sheetOffsets[index]),
            biff: biff, sharedStrings: sharedStrings, styleKinds: styleKinds, dateSystem: dateSystem,
            decoder: decoder, location: location)
        return SheetRowReader(source: source, location: location)
    }
}

@available(*, unavailable, message: "owns a file descriptor; use one reader per task")
extension XLSReader: Sendable {}
