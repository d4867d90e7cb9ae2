/// A failure that stops reading or writing a whole file: unreadable, not a workbook, hostile, or broken.
///
/// Problems with single values are not errors; they travel as diagnostics and the rest goes on.
public typealias SpreadsheetError = CodedError<SpreadsheetErrorCode>

/// The codes of `SpreadsheetError`: what kind of failure this is; cases can grow without breaking callers.
public struct SpreadsheetErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in messages, JSON and DIAGNOSTICS.md.
    public let description: String
    private init(_ description: String) { self.description = description }

    /// The file does not exist or cannot be opened.
    public static let fileNotReadable = SpreadsheetErrorCode("file-not-readable")
    /// The file has no bytes.
    public static let emptyFile = SpreadsheetErrorCode("empty-file")
    /// A zip or text file that is not an XLSX workbook.
    public static let notAWorkbook = SpreadsheetErrorCode("not-a-workbook")
    /// A legacy BIFF .xls workbook (OLE compound file).
    public static let legacyXLS = SpreadsheetErrorCode("legacy-xls")
    /// A password-protected OOXML workbook (an OLE compound file with EncryptionInfo).
    public static let encryptedWorkbook = SpreadsheetErrorCode("encrypted-workbook")
    /// An HTML table saved under a spreadsheet name.
    public static let htmlDisguised = SpreadsheetErrorCode("html-disguised")
    /// An XML Spreadsheet 2003 file.
    public static let spreadsheetML2003 = SpreadsheetErrorCode("spreadsheetml-2003")
    /// A legacy .xls whose compound-file container or BIFF records are broken (a looping sector chain, an offset
    /// or a record past the end of its stream, an allocation table larger than the file).
    public static let damagedXLS = SpreadsheetErrorCode("damaged-xls")
    /// An .xls older than Excel 5 (BIFF2–4), or a compound file without a Workbook or Book stream.
    public static let unsupportedXLS = SpreadsheetErrorCode("unsupported-xls")
    /// A truncated or corrupt zip archive.
    public static let damagedZip = SpreadsheetErrorCode("damaged-zip")
    /// A part the relationships point at is absent.
    public static let missingPart = SpreadsheetErrorCode("missing-part")
    /// XML that is not well-formed.
    public static let malformedXML = SpreadsheetErrorCode("malformed-xml")
    /// A zip bomb, DTD/entity declarations or another construct refused on principle.
    public static let hostileInput = SpreadsheetErrorCode("hostile-input")
    /// A cell reference, string length or size beyond Excel's limits.
    public static let limitExceeded = SpreadsheetErrorCode("limit-exceeded")
    /// CSV that breaks RFC 4180 (e.g. an unterminated quote).
    public static let malformedCSV = SpreadsheetErrorCode("malformed-csv")
    /// Bytes that are not valid in the declared or detected encoding.
    public static let encoding = SpreadsheetErrorCode("encoding")
    /// The output could not be written.
    public static let writeFailed = SpreadsheetErrorCode("write-failed")
    /// A caller passed a value the format cannot hold (a bad sheet name, an overlapping merge).
    public static let invalidArgument = SpreadsheetErrorCode("invalid-argument")
    /// Rows of a sheet arrive in descending order; an ordered reader must re-read the sheet.
    public static let rowsOutOfOrder = SpreadsheetErrorCode("rows-out-of-order")
}
