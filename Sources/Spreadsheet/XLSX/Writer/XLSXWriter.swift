import Foundation

/// A streaming XLSX writer: rows go straight to a temporary sheet file, the package is assembled by libzip
/// at `close()`. Memory holds the shared strings and at most the first 1,000 rows of the current sheet
/// (kept to size the columns).
///
/// Output is deterministic: fixed timestamps in the zip and in `docProps/core.xml`.
///
/// ```swift
/// let xlsx = try XLSXWriter(path: "out.xlsx")
/// let header = xlsx.addStyle(CellStyle(bold: true))
/// try xlsx.startSheet("名册", options: SheetOptions(freezeRows: 1))
/// try xlsx.writeRow([.text("姓名"), .text("出生日期")], style: header)
/// try xlsx.writeRow([.text("张三"), .date(CivilDate(year: 1990, month: 1, day: 1)!)])
/// try xlsx.close()
/// ```
public final class XLSXWriter {
    /// Workbook-wide settings.
    public struct Options: Sendable {
        /// Deflate level 1–9 (see BENCHMARKS.md for the speed and size of each).
        public var compressionLevel = 1
        /// The body font; 宋体 with the GB2312 charset is what Chinese office forms use.
        public var fontName = "宋体"
        /// Strings go to the shared-string table (what Excel writes); false writes them inline.
        public var sharedStrings = true
        public var creator = "Anzhi"
        /// The name of the hidden sheet that holds drop-down lists too long to write inline.
        public var listSheetName = "Lists"

        public init(
            compressionLevel: Int = 1, fontName: String = "宋体", sharedStrings: Bool = true,
            listSheetName: String = "Lists"
        ) {
            self.compressionLevel = compressionLevel
            self.fontName = fontName
            self.sharedStrings = sharedStrings
            self.listSheetName = listSheetName
        }
    }

    private struct FinishedSheet {
        let name: String
        let visibility: SheetVisibility
        let entry: DeflatedEntry
        let repeatRows: ClosedRange<Int>?
        var repeatColumns: ClosedRange<Int>? = nil
        var charts: [Chart] = []
    }

    private struct PendingList {
        let column: Int
        let values: [String]
    }

    public let path: String
    private let options: Options
    private var styles: StyleTable
    private var finished: [FinishedSheet] = []
    private var sheet: SheetState?
    private var sharedStrings = SharedStringTable()
    private var lists: [PendingList] = []
    private let tempDirectory: String
    private var closed = false
    /// Values the writer had to change to fit Excel (e.g. text cut at 32,767 characters), one per value.
    public private(set) var warnings: [String] = []
    /// The hidden sheet that holds long drop-down lists (`Options.listSheetName`).
    private var listSheetName: String { options.listSheetName }

    /// Prepares to write `path` (written at `close()`).
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        styles = StyleTable(fontName: options.fontName)
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("anzhi-xlsx-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        do {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.temporary-folder",
                ["path": "\(path)", "reason": "\(error.localizedDescription)"])
        }
        tempDirectory = dir
        TemporaryFiles.register(dir)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: tempDirectory)
        TemporaryFiles.unregister(tempDirectory)
    }

    /// Registers a style and returns its id (the same style gives the same id).
    public func addStyle(_ style: CellStyle) -> StyleID {
        styles.register(style)
    }

    /// Ends the current sheet, if any, and starts a new one.
    /// - Throws: `.invalidArgument` for a name Excel would refuse.
    public func startSheet(_ name: String, options: SheetOptions = SheetOptions()) throws {
        try finishSheet()
        try SheetName.validate(name, existing: finished.map(\.name) + [listSheetName])
        let temp = tempDirectory + "/sheet\(finished.count + 1).xml"
        sheet = try SheetState(
            name: name, options: options, tempPath: temp, compressionLevel: self.options.compressionLevel)
    }

    /// The 1-based number of the last row written to the current sheet; 0 before the first (or before any sheet).
    public var lastRow: Int { sheet?.lastRow ?? 0 }

    /// Writes the next row (after the last one written, or at the 1-based `row` when given, which must be later).
    public func writeRow(_ values: [CellValue], style: StyleID? = nil, height: Double? = nil, at row: Int? = nil) throws
    {
        try writeRow(values.map { XLSXCell($0, style: style) }, height: height, at: row)
    }

    /// Writes the next row with a style per cell.
    public func writeRow(_ cells: [XLSXCell], height: Double? = nil, at row: Int? = nil) throws {
        guard let sheet else { throw SpreadsheetError(.invalidArgument, "writeRow called before startSheet") }
        let number = row ?? sheet.lastRow + 1
        guard number > sheet.lastRow, number <= SheetLimits.maxRows else {
            throw SpreadsheetError(
                .invalidArgument,
                key: "error.invalid-argument.row-order", ["row": "\(number)", "last": "\(sheet.lastRow)"])
        }
        guard cells.count <= SheetLimits.maxColumns else {
            throw SpreadsheetError(
                .invalidArgument, key: "error.invalid-argument.row-columns",
                ["row": "\(number)", "count": "\(cells.count)"])
        }
        try sheet.writeRow(number: number, cells: cells, height: height, writer: self)
    }

    /// Merges a range of the current sheet; ranges must not overlap.
    public func merge(_ range: CellRange) throws {
        guard let sheet else { throw SpreadsheetError(.invalidArgument, "merge called before startSheet") }
        guard range.first.isInsideGrid, range.last.isInsideGrid else {
            throw SpreadsheetError(.invalidArgument, key: "error.invalid-argument.merge-outside", ["range": "\(range)"])
        }
        if let other = sheet.merges.first(where: { $0.overlaps(range) }) {
            throw SpreadsheetError(
                .invalidArgument, key: "error.invalid-argument.merge-overlap",
                ["range": "\(range)", "other": "\(other)"])
        }
        sheet.merges.append(range)
    }

    /// Adds a drop-down list to a range of the current sheet. Lists longer than Excel's 255-character inline
    /// limit are placed on a hidden sheet (`Options.listSheetName`) and referenced from there.
    public func addListValidation(_ range: CellRange, values: [String]) throws {
        guard let sheet else { throw SpreadsheetError(.invalidArgument, "addListValidation called before startSheet") }
        let inline = values.joined(separator: ",")
        let formula: String
        if inline.utf16.count <= 255, !values.contains(where: { $0.contains(",") || $0.contains("\"") }) {
            formula = "\"" + inline + "\""
        } else {
            let column = lists.count + 1
            lists.append(PendingList(column: column, values: values))
            let letters = CellReference.columnName(column)
            formula = "'\(listSheetName)'!$\(letters)$1:$\(letters)$\(max(values.count, 1))"
        }
        sheet.validations.append((range, formula))
    }

    /// Places a chart on the current sheet (written as DrawingML at `close()`).
    public func addChart(_ chart: Chart) throws {
        guard let sheet else { throw SpreadsheetError(.invalidArgument, "addChart called before startSheet") }
        sheet.charts.append(chart)
    }

    func sharedStringIndex(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        sharedStrings.index(of: text)
    }

    var usesSharedStrings: Bool { options.sharedStrings }

    func style(_ id: StyleID) -> CellStyle { styles.style(id) }

    /// The style a value gets when neither the cell nor its column names one.
    func naturalStyle(for value: CellValue) -> StyleID? {
        switch value {
        case .date: return natural(.date)
        case .dateTime: return natural(.dateTime)
        case .time: return natural(.time)
        case .duration: return natural(.duration)
        default: return nil
        }
    }

    private var naturalStyles: [CellStyle.NumberFormat: StyleID] = [:]

    private func natural(_ format: CellStyle.NumberFormat) -> StyleID {
        if let id = naturalStyles[format] { return id }
        let id = styles.register(CellStyle(numberFormat: format))
        naturalStyles[format] = id
        return id
    }

    func warn(key: String, _ values: [String: String]) {
        if warnings.count < 1000 { warnings.append(Messages.text(key, values)) }
    }

    private func finishSheet() throws {
        guard let sheet else { return }
        self.sheet = nil
        let entry = try sheet.finish(writer: self)
        finished.append(
            FinishedSheet(
                name: sheet.name, visibility: sheet.options.visibility, entry: entry,
                repeatRows: sheet.options.repeatRows, repeatColumns: sheet.options.repeatColumns,
                charts: sheet.charts))
    }

    /// Finishes the last sheet and writes the package.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try finishSheet()
        if finished.isEmpty {
            try startSheet("Sheet1")
            try finishSheet()
        }
        if !lists.isEmpty {
            // The hidden sheet that holds drop-down lists too long to write inline.
            let temp = tempDirectory + "/lists.xml"
            sheet = try SheetState(
                name: listSheetName, options: SheetOptions(autoWidth: false, visibility: .hidden), tempPath: temp,
                compressionLevel: options.compressionLevel)
            let height = lists.map(\.values.count).max() ?? 0
            for r in 0..<height {
                try writeRow(lists.map { r < $0.values.count ? CellValue.text($0.values[r]) : .empty })
            }
            let s = sheet!
            sheet = nil
            let entry = try s.finish(writer: self)
            finished.append(FinishedSheet(name: listSheetName, visibility: .hidden, entry: entry, repeatRows: nil))
        }
        let zip = try ZipArchiveWriter(path: path, compressionLevel: UInt32(min(max(options.compressionLevel, 1), 9)))
        try zip.add("[Content_Types].xml", bytes: Array(contentTypes().utf8))
        try zip.add("_rels/.rels", bytes: Array(PackageXML.rootRelationships.utf8))
        try zip.add("docProps/app.xml", bytes: Array(PackageXML.app(sheetNames: finished.map(\.name)).utf8))
        try zip.add("docProps/core.xml", bytes: Array(PackageXML.core(creator: options.creator).utf8))
        try zip.add("xl/workbook.xml", bytes: Array(workbookXML().utf8))
        try zip.add("xl/_rels/workbook.xml.rels", bytes: Array(workbookRelationships().utf8))
        try zip.add("xl/styles.xml", bytes: Array(styles.xml().utf8))
        if usesSharedStrings && sharedStrings.count > 0 {
            try zip.add("xl/sharedStrings.xml", bytes: sharedStringsXML())
        }
        for (i, sheet) in finished.enumerated() {
            try zip.add("xl/worksheets/sheet\(i + 1).xml", deflated: sheet.entry)
        }
        // Charts: one drawing per sheet that has any, linked from the sheet, each chart its own part.
        var chartNumber = 0
        for (d, (i, sheet)) in drawings.enumerated() {
            try zip.add(
                "xl/worksheets/_rels/sheet\(i + 1).xml.rels",
                bytes: Array(Chart.relationships(type: "drawing", targets: ["../drawings/drawing\(d + 1).xml"]).utf8))
            try zip.add("xl/drawings/drawing\(d + 1).xml", bytes: Array(Chart.drawingXML(sheet.charts).utf8))
            let numbers = sheet.charts.indices.map { chartNumber + $0 + 1 }
            try zip.add(
                "xl/drawings/_rels/drawing\(d + 1).xml.rels",
                bytes: Array(
                    Chart.relationships(type: "chart", targets: numbers.map { "../charts/chart\($0).xml" }).utf8))
            for (chart, n) in Swift.zip(sheet.charts, numbers) {
                try zip.add("xl/charts/chart\(n).xml", bytes: Array(chart.xml().utf8))
            }
            chartNumber += sheet.charts.count
        }
        try zip.close()
    }

    private func contentTypes() -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in finished.indices {
            s +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        var chartNumber = 0
        for (d, (_, sheet)) in drawings.enumerated() {
            s +=
                "<Override PartName=\"/xl/drawings/drawing\(d + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>"
            for _ in sheet.charts {
                chartNumber += 1
                s +=
                    "<Override PartName=\"/xl/charts/chart\(chartNumber).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            }
        }
        s +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        if usesSharedStrings && sharedStrings.count > 0 {
            s +=
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        }
        s +=
            "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s +=
            "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        s += "</Types>"
        return s
    }

    /// The finished sheets that carry charts, with their positions.
    private var drawings: [(Int, FinishedSheet)] {
        finished.enumerated().filter { !$0.element.charts.isEmpty }.map { ($0.offset, $0.element) }
    }

    private func workbookXML() -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s +=
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        let active = finished.firstIndex { $0.visibility == .visible } ?? 0
        s += "<bookViews><workbookView activeTab=\"\(active)\" firstSheet=\"\(active)\"/></bookViews><sheets>"
        for (i, sheet) in finished.enumerated() {
            s += "<sheet name=\"\(XMLText.attribute(sheet.name))\" sheetId=\"\(i + 1)\""
            if sheet.visibility != .visible { s += " state=\"\(sheet.visibility.rawValue)\"" }
            s += " r:id=\"rId\(i + 1)\"/>"
        }
        s += "</sheets>"
        // Print titles: columns first, then rows, comma-separated, as Excel writes them (ECMA-376 §18.2.5);
        // LibreOffice reads the same defined name as its "columns/rows to repeat".
        let titles = finished.enumerated().compactMap { i, sheet -> (Int, String)? in
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            var parts: [String] = []
            if let c = sheet.repeatColumns {
                parts.append(
                    "\(quoted)!$\(CellReference.columnName(c.lowerBound)):$\(CellReference.columnName(c.upperBound))")
            }
            if let r = sheet.repeatRows { parts.append("\(quoted)!$\(r.lowerBound):$\(r.upperBound)") }
            return parts.isEmpty ? nil : (i, parts.joined(separator: ","))
        }
        if !titles.isEmpty {
            s += "<definedNames>"
            for (i, reference) in titles {
                s +=
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">\(XMLText.attribute(reference))</definedName>"
            }
            s += "</definedNames>"
        }
        s += "</workbook>"
        return s
    }

    private func workbookRelationships() -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in finished.indices {
            s +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        let n = finished.count
        s +=
            "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        if usesSharedStrings && sharedStrings.count > 0 {
            s +=
                "<Relationship Id=\"rId\(n + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        s += "</Relationships>"
        return s
    }

    private func sharedStringsXML() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sharedStrings.bytes.count + sharedStrings.count * 16 + 256)
        out.append(
            contentsOf: Array(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedStrings.uses)\" uniqueCount=\"\(sharedStrings.count)\">"
                    .utf8))
        let open = Array("<si><t>".utf8)
        let openPreserve = Array("<si><t xml:space=\"preserve\">".utf8)
        let close = Array("</t></si>".utf8)
        var text: [UInt8] = []
        for i in 0..<sharedStrings.count {
            text.removeAll(keepingCapacity: true)
            let preserve = sharedStrings.entry(i).withUnsafeBufferPointer { XMLText.appendText($0, to: &text) }
            out.append(contentsOf: preserve ? openPreserve : open)
            out.append(contentsOf: text)
            out.append(contentsOf: close)
        }
        out.append(contentsOf: Array("</sst>".utf8))
        return out
    }
}

@available(*, unavailable, message: "writes files and holds a libzip handle at close")
extension XLSXWriter: Sendable {}

/// Fixed package parts.
enum PackageXML {
    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static func app(sheetNames: [String]) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s +=
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        s +=
            "<Application>Anzhi</Application><TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        for n in sheetNames { s += "<vt:lpstr>\(XMLText.attribute(n))</vt:lpstr>" }
        s += "</vt:vector></TitlesOfParts></Properties>"
        return s
    }

    /// Core properties with a fixed timestamp, so the same content always gives the same package.
    static func core(creator: String) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s +=
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        s += "<dc:creator>\(XMLText.attribute(creator))</dc:creator>"
        s += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"
        s += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>"
        s += "</cp:coreProperties>"
        return s
    }
}
