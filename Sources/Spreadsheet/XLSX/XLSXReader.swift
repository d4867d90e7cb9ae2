import Foundation

/// Whether a sheet is shown in the workbook's tab bar.
public enum SheetVisibility: String, Sendable {
    case visible, hidden, veryHidden
}

/// A worksheet of a workbook, as listed in `xl/workbook.xml`.
public struct SheetInfo: Sendable, Hashable {
    /// The tab name.
    public let name: String
    public let visibility: SheetVisibility
    /// 1-based position among the workbook's worksheets (chartsheets and dialogsheets are not counted).
    public let position: Int
    /// Where the sheet lives: the zip part (XLSX), the stream (`Workbook`, .xls), `table N` (HTML) or `Worksheet`.
    let part: String
}

/// A streaming XLSX reader on libzip and libxml2.
///
/// Opening reads the package structure, the shared strings and the number formats; each sheet is then
/// parsed as it is inflated, one row at a time, so memory is the shared strings plus a row.
/// Not `Sendable`: use one reader per task.
public final class XLSXReader: Workbook {
    /// The name used in messages (the path as the user gave it).
    public let displayName: String
    /// The worksheets in workbook order.
    public let sheets: [SheetInfo]
    /// The workbook's date system (`date1904`).
    public let dateSystem: DateSystem
    /// Always `.xlsx`.
    public var kind: WorkbookKind { .xlsx }
    /// XLSX files have no workbook-level warnings: what is broken in them is an error.
    public var warnings: [Diagnostic] { [] }
    private let archive: ZipArchiveReader
    private let sharedStrings: SharedStrings
    private let styleKinds: [NumberFormatKind]

    /// Opens the workbook at `path`.
    /// - Throws: `SpreadsheetError` naming what the file is when it is not XLSX, or what part is broken.
    public convenience init(path: String, displayName: String? = nil, limits: ZipLimits = ZipLimits()) throws {
        let name = displayName ?? path
        try FileSniffer.requireZip(path: path, displayName: name)
        try self.init(archive: try ZipArchiveReader(path: path, displayName: name, limits: limits))
    }

    /// Opens a workbook held in memory (a decrypted package part: it never touches the disk).
    public convenience init(bytes: [UInt8], displayName: String, limits: ZipLimits = ZipLimits()) throws {
        try self.init(archive: try ZipArchiveReader(bytes: bytes, displayName: displayName, limits: limits))
    }

    private init(archive: ZipArchiveReader) throws {
        let name = archive.displayName
        self.displayName = name
        self.archive = archive

        // _rels/.rels → officeDocument → the workbook part, wherever it lives.
        let rootRels = try XLSXReader.relationships(in: archive, of: "")
        guard let officeDocument = rootRels.first(where: { $0.hasType("officeDocument") && !$0.isExternal }) else {
            let hasWorkbook = archive.entry(named: "xl/workbook.xml") != nil
            if !hasWorkbook {
                throw SpreadsheetError(
                    .notAWorkbook,
                    key: "error.not-a-workbook.zip-not-xlsx",
                    location: InputLocation(file: name))
            }
            throw SpreadsheetError(
                .missingPart, key: "error.missing-part.workbook-unnamed",
                location: InputLocation(file: name))
        }
        let workbookPart = PartPath.resolve(officeDocument.target, from: "")
        guard let workbookEntry = archive.entry(named: workbookPart) else {
            throw SpreadsheetError(
                .missingPart, key: "error.missing-part.workbook-part", ["part": "\(workbookPart)"],
                location: InputLocation(file: name))
        }
        let workbook = WorkbookHandler()
        try archive.parse(workbookEntry, with: workbook)
        dateSystem = workbook.date1904 ? .excel1904 : .excel1900
        let workbookRels = try XLSXReader.relationships(in: archive, of: workbookPart)

        var sheets: [SheetInfo] = []
        for entry in workbook.sheets {
            guard let rid = entry.relationshipID, let rel = workbookRels.first(where: { $0.id == rid }) else {
                continue
            }
            guard rel.hasType("worksheet") else { continue }  // chartsheets, dialogsheets, macrosheets
            let visibility = SheetVisibility(rawValue: entry.state ?? "visible") ?? .visible
            sheets.append(
                SheetInfo(
                    name: entry.name, visibility: visibility, position: sheets.count + 1,
                    part: PartPath.resolve(rel.target, from: workbookPart)))
        }
        self.sheets = sheets

        if let rel = workbookRels.first(where: { $0.hasType("sharedStrings") }),
            let entry = archive.entry(named: PartPath.resolve(rel.target, from: workbookPart))
                ?? archive.entry(named: "xl/sharedStrings.xml")
        {
            let handler = SharedStringsHandler(location: InputLocation(file: name, part: entry.name))
            try archive.parse(entry, with: handler)
            sharedStrings = handler.table()
        } else if let entry = archive.entry(named: "xl/sharedStrings.xml") {
            let handler = SharedStringsHandler(location: InputLocation(file: name, part: entry.name))
            try archive.parse(entry, with: handler)
            sharedStrings = handler.table()
        } else {
            sharedStrings = .empty
        }

        if let rel = workbookRels.first(where: { $0.hasType("styles") }),
            let entry = archive.entry(named: PartPath.resolve(rel.target, from: workbookPart))
        {
            let handler = StylesHandler()
            try archive.parse(entry, with: handler)
            styleKinds = handler.styleKinds()
        } else {
            styleKinds = []
        }
    }

    private static func relationships(in archive: ZipArchiveReader, of part: String) throws -> [Relationship] {
        let relsPart = part.isEmpty ? "_rels/.rels" : PartPath.relationshipsPart(of: part)
        guard let entry = archive.entry(named: relsPart) else { return [] }
        let handler = RelationshipsHandler()
        try archive.parse(entry, with: handler)
        return handler.relationships
    }

    /// Starts streaming the rows of `sheet`.
    public func rows(of sheet: SheetInfo) throws -> SheetRowReader {
        guard let entry = archive.entry(named: sheet.part) else {
            throw SpreadsheetError(
                .missingPart, key: "error.missing-part.sheet-part",
                ["part": "\(sheet.part)", "sheet": "\(sheet.name)"],
                location: InputLocation(file: displayName, sheet: sheet.name))
        }
        let location = InputLocation(file: displayName, sheet: sheet.name, part: entry.name)
        let handler = SheetHandler(
            styleKinds: styleKinds, sharedStrings: sharedStrings, dateSystem: dateSystem, location: location)
        return SheetRowReader(
            source: XLSXRowSource(stream: try archive.open(entry), handler: handler, location: location),
            location: location)
    }
}

@available(*, unavailable, message: "holds a libzip handle; use one reader per task")
extension XLSXReader: Sendable {}

/// The rows of one XLSX worksheet: inflated and parsed only as far as needed.
final class XLSXRowSource: SheetRowSource {
    private let stream: EntryStream
    private let handler: SheetHandler
    private let parser: XMLStreamParser
    private var head = 0
    private var finished = false

    init(stream: EntryStream, handler: SheetHandler, location: InputLocation) {
        self.stream = stream
        self.handler = handler
        parser = XMLStreamParser(handler: handler, location: location)
    }

    func nextRow() throws -> SheetRow? {
        while head >= handler.completed.count {
            if finished { return nil }
            handler.completed.removeAll(keepingCapacity: true)
            head = 0
            if let chunk = try stream.next() {
                try parser.feed(chunk)
            } else {
                try parser.finish()
                finished = true
            }
        }
        defer { head += 1 }
        return handler.completed[head]
    }

    var mergedRanges: [CellRange] { handler.mergedRanges }
    var warnings: [Diagnostic] { [] }
}
