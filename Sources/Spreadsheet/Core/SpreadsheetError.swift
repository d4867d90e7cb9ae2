/// A failure that stops reading or writing a whole file: unreadable, not a workbook, hostile, or broken.
///
/// Problems with single values are not errors; they travel as diagnostics and the rest goes on.
public typealias SpreadsheetError = CodedError<SpreadsheetErrorCode>

/// The codes of `SpreadsheetError`: what kind of failure this is; cases can grow without breaking callers.
public struct SpreadsheetErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable {
        case fileNotReadable = "file-not-readable"
        case emptyFile = "empty-file"
        case notAWorkbook = "not-a-workbook"
        case legacyXLS = "legacy-xls"
        case encryptedWorkbook = "encrypted-workbook"
        case htmlDisguised = "html-disguised"
        case spreadsheetML2003 = "spreadsheetml-2003"
        case damagedZip = "damaged-zip"
        case missingPart = "missing-part"
        case malformedXML = "malformed-xml"
        case hostileInput = "hostile-input"
        case limitExceeded = "limit-exceeded"
        case malformedCSV = "malformed-csv"
        case encoding
        case writeFailed = "write-failed"
        case invalidArgument = "invalid-argument"
        case rowsOutOfOrder = "rows-out-of-order"
    }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// The file does not exist or cannot be opened.
    public static let fileNotReadable = SpreadsheetErrorCode(.fileNotReadable)
    /// The file has no bytes.
    public static let emptyFile = SpreadsheetErrorCode(.emptyFile)
    /// A zip or text file that is not an XLSX workbook.
    public static let notAWorkbook = SpreadsheetErrorCode(.notAWorkbook)
    /// A legacy BIFF .xls workbook (OLE compound file).
    public static let legacyXLS = SpreadsheetErrorCode(.legacyXLS)
    /// A password-protected OOXML workbook (an OLE compound file with EncryptionInfo).
    public static let encryptedWorkbook = SpreadsheetErrorCode(.encryptedWorkbook)
    /// An HTML table saved under a spreadsheet name.
    public static let htmlDisguised = SpreadsheetErrorCode(.htmlDisguised)
    /// An XML Spreadsheet 2003 file.
    public static let spreadsheetML2003 = SpreadsheetErrorCode(.spreadsheetML2003)
    /// A truncated or corrupt zip archive.
    public static let damagedZip = SpreadsheetErrorCode(.damagedZip)
    /// A part the relationships point at is absent.
    public static let missingPart = SpreadsheetErrorCode(.missingPart)
    /// XML that is not well-formed.
    public static let malformedXML = SpreadsheetErrorCode(.malformedXML)
    /// A zip bomb, DTD/entity declarations or another construct refused on principle.
    public static let hostileInput = SpreadsheetErrorCode(.hostileInput)
    /// A cell reference, string length or size beyond Excel's limits.
    public static let limitExceeded = SpreadsheetErrorCode(.limitExceeded)
    /// CSV that breaks RFC 4180 (e.g. an unterminated quote).
    public static let malformedCSV = SpreadsheetErrorCode(.malformedCSV)
    /// Bytes that are not valid in the declared or detected encoding.
    public static let encoding = SpreadsheetErrorCode(.encoding)
    /// The output could not be written.
    public static let writeFailed = SpreadsheetErrorCode(.writeFailed)
    /// A caller passed a value the format cannot hold (a bad sheet name, an overlapping merge).
    public static let invalidArgument = SpreadsheetErrorCode(.invalidArgument)
    /// Rows of a sheet arrive in descending order; an ordered reader must re-read the sheet.
    public static let rowsOutOfOrder = SpreadsheetErrorCode(.rowsOutOfOrder)

    public var description: String { base.rawValue }
}
