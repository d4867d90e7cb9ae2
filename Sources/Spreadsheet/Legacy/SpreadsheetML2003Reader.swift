import Foundation

/// Reads Excel's XML Spreadsheet 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`):
/// `Worksheet`s of a `Table` of `Row`s and `Cell`s, with `ss:Index` gaps, `ss:MergeAcross`/`ss:MergeDown`
/// merged ranges and `Data ss:Type` Number, String, DateTime, Boolean or Error; dates and times take their kind
/// from the cell's style (`NumberFormat ss:Format`).
///
/// Parsed once with the libxml2 SAX parser the XLSX reader uses: a DTD (and so any entity) is refused, nothing
/// is fetched. Not `Sendable`.
public final class SpreadsheetML2003Reader: Workbook {
    public let displayName: String
    public var kind: WorkbookKind { .spreadsheetML2003 }
    public let sheets: [SheetInfo]
    public var dateSystem: DateSystem { .excel1900 }
    public var warnings: [Diagnostic] { [] }
    private let contents: [MaterializedSheet]

    /// Opens the file at `path`.
    /// - Throws: `SpreadsheetError` `.hostileInput` for a DTD or entities, `.malformedXML` for XML that is not
    ///   well-formed, `.limitExceeded` past 128 MiB, 4,000,000 cells or XFD1048576.
    public init(path: String, displayName: String? = nil) throws {
        let name = displayName ?? path
        self.displayName = name
        let location = InputLocation(file: name)
        let bytes = try LegacyDocument.read(path, displayName: name)
        let handler = SpreadsheetML2003Handler(location: location)
        let parser = XMLStreamParser(handler: handler, location: location)
        var offset = 0
        try bytes.withUnsafeBytes { all in
            while offset < all.count {
                let n = min(1 << 20, all.count - offset)
                try parser.feed(UnsafeRawBufferPointer(rebasing: all[offset..<offset + n]))
                offset += n
            }
        }
        try parser.finish()
        guard handler.sawWorkbook else {
            throw SpreadsheetError(
                .notAWorkbook, key: "error.not-a-workbook.not-spreadsheetml-2003",
                location: location)
        }
        var infos: [SheetInfo] = []
        for (i, sheet) in handler.sheets.enumerated() {
            infos.append(SheetInfo(name: sheet.name, visibility: sheet.visibility, position: i + 1, part: "Worksheet"))
        }
        sheets = infos
        contents = handler.sheets.map(\.content)
    }

    public func rows(of sheet: SheetInfo) throws -> SheetRowReader {
        try MaterializedSheet.rows(of: sheet, in: contents, displayName: displayName)
    }
}

/// The SAX handler behind `SpreadsheetML2003Reader`: styles first (their number formats), then each worksheet's
/// rows, held in memory.
final class SpreadsheetML2003Handler: XMLEventHandler {
    struct Sheet {
        var name: String
        var visibility: SheetVisibility
        var content = MaterializedSheet()
    }

    private struct OpenCell {
        var column: Int
        var style: String?
        var mergeAcross: Int
        var mergeDown: Int
        var hasFormula: Bool
        var type: String?
        var hasData = false
    }

    private let where_: InputLocation
    private(set) var sheets: [Sheet] = []
    private(set) var sawWorkbook = false
    /// Style id → number-format kind (nil: text, `@`).
    private var styles: [String: NumberFormatKind?] = [:]
    private var style: String?
    private var inWorksheet = false
    private var inTable = false
    private var inRow = false
    private var nextRow = 1
    private var nextColumn = 1
    private var row = RowBuilder()
    private var cell: OpenCell?
    private var collecting = false
    private var text: [UInt8] = []
    private var commentDepth = 0
    private var inOptions = false
    private var cells = 0

    init(location: InputLocation) {
        where_ = location
    }

    private func stop(
        _ code: SpreadsheetErrorCode, key: String, _ values: [String: String] = [:], row: Int? = nil,
        column: Int? = nil
    ) {
        guard failure == nil else { return }
        var loc = where_
        loc.sheet = sheets.last?.name
        loc.row = row
        loc.column = column
        failure = SpreadsheetError(code, key: key, values, location: loc)
    }

    private static func int(_ attributes: XMLAttributes, _ name: StaticString) -> Int? {
        guard let b = attributes.bytes(name, anyNamespace: true), !b.isEmpty, b.count <= 9 else { return nil }
        return Int(String(decoding: b, as: UTF8.self))
    }

    private static func string(_ attributes: XMLAttributes, _ name: StaticString) -> String? {
        attributes.bytes(name, anyNamespace: true).map { String(decoding: $0, as: UTF8.self) }
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard failure == nil else { return }
        if name.is("Workbook") {
            sawWorkbook = true
        } else if name.is("Style") {
            style = SpreadsheetML2003Handler.string(attributes, "ID")
        } else if name.is("NumberFormat"), let style {
            styles[style] = NamedNumberFormat.kind(SpreadsheetML2003Handler.string(attributes, "Format") ?? "")
        } else if name.is("Worksheet") {
            let title = SpreadsheetML2003Handler.string(attributes, "Name") ?? "Sheet\(sheets.count + 1)"
            sheets.append(Sheet(name: title, visibility: .visible))
            inWorksheet = true
        } else if name.is("Table"), inWorksheet {
            inTable = true
            nextRow = 1
        } else if name.is("Row"), inTable {
            let number = SpreadsheetML2003Handler.int(attributes, "Index") ?? nextRow
            guard number >= 1, number <= SheetLimits.maxRows else {
                stop(.limitExceeded, key: "error.limit-exceeded.xml2003-last-row", ["row": "\(number)"], row: number)
                return
            }
            inRow = true
            row.start(row: number)
            nextColumn = 1
        } else if name.is("Cell"), inRow {
            let column = SpreadsheetML2003Handler.int(attributes, "Index") ?? nextColumn
            let across = max(0, SpreadsheetML2003Handler.int(attributes, "MergeAcross") ?? 0)
            let down = max(0, SpreadsheetML2003Handler.int(attributes, "MergeDown") ?? 0)
            guard column >= 1, column + across <= SheetLimits.maxColumns, row.number + down <= SheetLimits.maxRows
            else {
                stop(
                    .limitExceeded, key: "error.limit-exceeded.xml2003-cell-column", ["column": "\(column)"],
                    row: row.number, column: column
                )
                return
            }
            cell = OpenCell(
                column: column, style: SpreadsheetML2003Handler.string(attributes, "StyleID"), mergeAcross: across,
                mergeDown: down, hasFormula: attributes.bytes("Formula", anyNamespace: true) != nil, type: nil)
        } else if name.is("Comment") {
            commentDepth += 1
        } else if name.is("Data"), cell != nil, commentDepth == 0 {
            cell?.type = SpreadsheetML2003Handler.string(attributes, "Type")
            cell?.hasData = true
            collecting = true
            text.removeAll(keepingCapacity: true)
        } else if name.is("WorksheetOptions") {
            inOptions = true
        } else if name.is("Visible"), inOptions {
            collecting = true
            text.removeAll(keepingCapacity: true)
        }
    }

    override func endElement(_ name: XMLName) {
        guard failure == nil else { return }
        if name.is("Data") {
            collecting = false
        } else if name.is("Comment") {
            commentDepth -= 1
        } else if name.is("Cell") {
            endCell()
        } else if name.is("Row"), inRow {
            inRow = false
            if let built = row.build(sharedStrings: .empty, dateSystem: .excel1900), !sheets.isEmpty {
                sheets[sheets.count - 1].content.rows.append(built)
            }
            nextRow = row.number + 1
        } else if name.is("Table") {
            inTable = false
        } else if name.is("Visible"), inOptions {
            collecting = false
            let value = String(decoding: text, as: UTF8.self)
            if !sheets.isEmpty, value == "SheetHidden" || value == "SheetVeryHidden" {
                sheets[sheets.count - 1].visibility = value == "SheetHidden" ? .hidden : .veryHidden
            }
        } else if name.is("WorksheetOptions") {
            inOptions = false
        } else if name.is("Worksheet") {
            inWorksheet = false
            if !sheets.isEmpty {
                // ss:Index may (against the format's rules) go backwards: keep the rows in order.
                sheets[sheets.count - 1].content.rows.sort { $0.number < $1.number }
            }
        } else if name.is("Style") {
            style = nil
        }
    }

    override func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard collecting, failure == nil else { return }
        if text.count + chunk.count > SheetLimits.maxCellCharacters * 4 {
            stop(.limitExceeded, key: "error.limit-exceeded.html-cell-text", row: row.number)
            return
        }
        text.append(contentsOf: chunk)
    }

    private func endCell() {
        guard let c = cell else { return }
        cell = nil
        let number = row.number
        if c.hasData {
            let string = String(decoding: text, as: UTF8.self)
            let styled = c.style.flatMap { styles[$0] } ?? NumberFormatKind.plain
            switch c.type ?? "String" {
            case "Number":
                if let v = TextValue.number(string.trimmingCharacters(in: .whitespaces)) {
                    row.addNumber(column: c.column, v, format: styled ?? .plain)
                } else {
                    row.addText(column: c.column, text)
                }
            case "DateTime":
                if let serial = TextValue.serial(string) {
                    var kind = styled ?? .plain
                    if kind == .plain { kind = serial == serial.rounded() ? .date : .dateTime }
                    row.addNumber(column: c.column, serial, format: kind)
                } else {
                    row.addText(column: c.column, text)
                }
            case "Boolean":
                row.addBoolean(column: c.column, string == "1" || string.uppercased() == "TRUE")
            case "Error":
                row.addError(column: c.column, string)
            default:
                if !text.isEmpty { row.addText(column: c.column, text) }
            }
        } else if c.hasFormula {
            row.addUncachedFormula(column: c.column)
        }
        if (c.mergeAcross > 0 || c.mergeDown > 0) && !sheets.isEmpty {
            sheets[sheets.count - 1].content.mergedRanges.append(
                CellRange(
                    first: CellReference(row: number, column: c.column),
                    last: CellReference(row: number + c.mergeDown, column: c.column + c.mergeAcross)))
        }
        nextColumn = c.column + c.mergeAcross + 1
        cells += 1
        if cells > LegacyLimits.maxCells {
            stop(
                .limitExceeded, key: "error.limit-exceeded.xml2003-cells", ["limit": "\(LegacyLimits.maxCells)"],
                row: number)
        }
    }
}
