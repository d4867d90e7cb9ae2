import Foundation

/// What kind of file a workbook was read from, decided by its bytes (never its name).
public enum WorkbookKind: Sendable, Hashable, CustomStringConvertible {
    /// Office Open XML (.xlsx).
    case xlsx
    /// Excel 97–2003 (BIFF8) or Excel 5.0/95 (BIFF5) records in an OLE2 compound file (.xls).
    case xls(biffVersion: Int)
    /// An HTML page whose tables are the sheets (what many web systems export under an .xls name).
    case htmlTable
    /// Excel's XML Spreadsheet 2003 (SpreadsheetML 2003).
    case spreadsheetML2003

    /// A short stable name for scripts: `xlsx`, `xls-biff8`, `xls-biff5`, `html`, `xml-spreadsheet-2003`.
    public var name: String {
        switch self {
        case .xlsx: return "xlsx"
        case .xls(let v): return "xls-biff\(v)"
        case .htmlTable: return "html"
        case .spreadsheetML2003: return "xml-spreadsheet-2003"
        }
    }

    /// What a person reads: `Excel 97–2003 workbook (.xls, BIFF8)`.
    public var description: String {
        switch self {
        case .xlsx: return "XLSX workbook (Office Open XML)"
        case .xls(let v) where v >= 8: return "Excel 97–2003 workbook (.xls, BIFF8)"
        case .xls(let v): return "Excel 5.0/95 workbook (.xls, BIFF\(v))"
        case .htmlTable: return "HTML table saved as a spreadsheet (one sheet per <table>)"
        case .spreadsheetML2003: return "XML Spreadsheet 2003"
        }
    }
}

/// A workbook of any kind Anzhi reads: its sheets, and their rows as `SheetRow`s of typed cells, rendered by
/// the same rules whatever the file was (XLSX, .xls, HTML, XML Spreadsheet 2003).
///
/// Not `Sendable`: readers hold file handles; use one per task.
public protocol Workbook: AnyObject {
    /// The name used in messages (the path as the user gave it).
    var displayName: String { get }
    /// What the file was.
    var kind: WorkbookKind { get }
    /// The worksheets in workbook order.
    var sheets: [SheetInfo] { get }
    /// The workbook's date system.
    var dateSystem: DateSystem { get }
    /// Located warnings about the workbook as a whole (a repaired structure), found while opening it.
    var warnings: [Diagnostic] { get }
    /// Starts streaming the rows of `sheet`.
    func rows(of sheet: SheetInfo) throws -> SheetRowReader
}

extension Workbook {
    /// The worksheet with this name (exact match first, then case-insensitive).
    public func sheet(named name: String) throws -> SheetInfo {
        if let s = sheets.first(where: { $0.name == name })
            ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() })
        {
            return s
        }
        throw SpreadsheetError(
            .invalidArgument,
            key: "error.invalid-argument.no-sheet-named",
            ["name": "\(name)", "sheets": "\(sheets.map { "'\($0.name)'" }.joined(separator: ", "))"],
            location: InputLocation(file: displayName))
    }

    /// The worksheet at a 1-based position.
    public func sheet(at position: Int) throws -> SheetInfo {
        guard position >= 1, position <= sheets.count else {
            throw SpreadsheetError(
                .invalidArgument, key: "error.invalid-argument.no-sheet-at",
                ["position": "\(position)", "count": "\(sheets.count)"],
                location: InputLocation(file: displayName))
        }
        return sheets[position - 1]
    }

    /// The first visible worksheet (what Excel shows when the file opens).
    public func defaultSheet() throws -> SheetInfo {
        guard let s = sheets.first(where: { $0.visibility == .visible }) ?? sheets.first else {
            throw SpreadsheetError(
                .notAWorkbook, key: "error.not-a-workbook.no-worksheet", location: InputLocation(file: displayName))
        }
        return s
    }
}

/// Opens any workbook Anzhi reads, choosing the reader from the file's bytes: XLSX (zip), .xls (OLE2 compound
/// file with BIFF8/BIFF5 records), an HTML table, or XML Spreadsheet 2003.
public enum WorkbookReader {
    /// Opens the workbook at `path`.
    /// - Throws: `SpreadsheetError` naming what the file is when no reader takes it, or what is broken in it.
    public static func open(path: String, displayName: String? = nil) throws -> any Workbook {
        let name = displayName ?? path
        switch try FileSniffer.sniff(path: path) {
        case .legacyXLS: return try XLSReader(path: path, displayName: name)
        case .html: return try HTMLTableReader(path: path, displayName: name)
        case .spreadsheetML2003: return try SpreadsheetML2003Reader(path: path, displayName: name)
        default: return try XLSXReader(path: path, displayName: name)  // explains every other kind
        }
    }
}

/// Where the rows of one sheet come from: the XLSX SAX parser, or a legacy reader.
protocol SheetRowSource: AnyObject {
    func nextRow() throws -> SheetRow?
    var mergedRanges: [CellRange] { get }
    var warnings: [Diagnostic] { get }
}

/// Pulls the rows of one worksheet in document order, reading only as far as needed.
public final class SheetRowReader {
    private let source: any SheetRowSource
    /// Where the sheet lives, for messages.
    public let location: InputLocation

    init(source: any SheetRowSource, location: InputLocation) {
        self.source = source
        self.location = location
    }

    /// The next row that has at least one stored cell, or nil at the end of the sheet.
    public func next() throws -> SheetRow? { try source.nextRow() }

    /// The merged ranges of the sheet; complete once `next()` has returned nil (they may follow the cell data).
    public var mergedRanges: [CellRange] { source.mergedRanges }

    /// Located warnings found while reading the sheet (complete once `next()` has returned nil).
    public var warnings: [Diagnostic] { source.warnings }
}

@available(*, unavailable, message: "holds a file or libzip handle; use one reader per task")
extension SheetRowReader: Sendable {}
