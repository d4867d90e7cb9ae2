/// How CSV text is laid out: separator, line ending, byte-order mark, encoding and the formula guard.
public struct CSVDialect: Sendable, Hashable {
    public enum LineEnding: String, Sendable {
        case lf, crlf
        var bytes: [UInt8] { self == .lf ? [10] : [13, 10] }
    }

    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var lineEnding: LineEnding = .lf
    /// Start UTF-8 output with a byte-order mark (Excel on Windows needs it to read UTF-8 Chinese text).
    public var byteOrderMark = false
    public var encoding: TextEncoding = .utf8
    /// Prefix `'` to text that starts with `=`, `+`, `-`, `@`, tab or CR, so a spreadsheet program does not
    /// run it as a formula (OWASP ASVS 1.2.10). Numbers written as numbers are never prefixed.
    public var formulaGuard = false

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf, byteOrderMark: Bool = false,
        encoding: TextEncoding = .utf8, formulaGuard: Bool = false
    ) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.byteOrderMark = byteOrderMark
        self.encoding = encoding
        self.formulaGuard = formulaGuard
    }

    /// UTF-8 without BOM, LF, no guard: the faithful conversion `anzhi sheet to-csv` writes.
    public static let plain = CSVDialect()
    /// UTF-8 with BOM, CRLF and the formula guard: what reports give to Excel users.
    public static let excel = CSVDialect(lineEnding: .crlf, byteOrderMark: true, formulaGuard: true)
}
