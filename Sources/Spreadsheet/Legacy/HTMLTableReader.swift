internal import CLibXML2
import Foundation

/// Reads an HTML page saved under a spreadsheet name (the "Excel export" of many web systems): each `<table>` is a
/// sheet (`Sheet1`, `Sheet2` …), `rowspan`/`colspan` become merged ranges with the value in the top-left cell.
///
/// The page is decoded first (a BOM, else its `<meta charset>`, else UTF-8 when valid, else GB18030, which holds
/// GBK and GB2312) and parsed with libxml2's HTML push parser through SAX callbacks (no tree is built; network
/// off; the meta charset ignored since the bytes are UTF-8 by then). Cells are text, as a browser shows them:
/// runs of spaces and line breaks collapse to one space and the ends are trimmed (`<br>` is a line break).
/// A cell is a number, date, boolean or error only when it carries Excel's hints: `x:num`, `x:bool`, `x:err`, or
/// a `mso-number-format` in its `style`. Not `Sendable`.
public final class HTMLTableReader: Workbook {
    public let displayName: String
    public var kind: WorkbookKind { .htmlTable }
    public let sheets: [SheetInfo]
    public var dateSystem: DateSystem { .excel1900 }
    public let warnings: [Diagnostic]
    private let tables: [MaterializedSheet]

    /// Opens the page at `path`.
    /// - Throws: `SpreadsheetError` `.limitExceeded` past 128 MiB or 4,000,000 cells, `.notAWorkbook` for a page
    ///   without a table, `.malformedXML` when libxml2 cannot parse it at all.
    public init(path: String, displayName: String? = nil) throws {
        let name = displayName ?? path
        self.displayName = name
        let location = InputLocation(file: name)
        let raw = try LegacyDocument.read(path, displayName: name)
        let (text, note) = HTMLTableReader.decode(raw)
        let builder = HTMLTableBuilder(location: location)
        let sax = UnsafeMutablePointer<htmlSAXHandler>.allocate(capacity: 1)
        defer { sax.deallocate() }
        sax.initialize(to: htmlSAXHandler())
        sax.pointee.startElement = { ctx, name, attributes in
            guard let ctx, let name else { return }
            Unmanaged<HTMLTableBuilder>.fromOpaque(ctx).takeUnretainedValue().start(name, attributes)
        }
        sax.pointee.endElement = { ctx, name in
            guard let ctx, let name else { return }
            Unmanaged<HTMLTableBuilder>.fromOpaque(ctx).takeUnretainedValue().end(name)
        }
        let characters: charactersSAXFunc = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            Unmanaged<HTMLTableBuilder>.fromOpaque(ctx).takeUnretainedValue().characters(
                UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.pointee.characters = characters
        sax.pointee.cdataBlock = characters
        let me = Unmanaged.passUnretained(builder).toOpaque()
        guard let context = htmlCreatePushParserCtxt(sax, me, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw SpreadsheetError(.malformedXML, "cannot create an HTML parser", location: location)
        }
        defer { htmlFreeParserCtxt(context) }
        let options =
            HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOBLANKS.rawValue
        htmlCtxtUseOptions(context, Int32(options))
        let chunk = 1 << 20
        var offset = 0
        try text.withUnsafeBufferPointer { all in
            while offset < all.count {
                let n = min(chunk, all.count - offset)
                _ = UnsafeRawPointer(all.baseAddress! + offset).withMemoryRebound(to: CChar.self, capacity: n) {
                    htmlParseChunk(context, $0, Int32(n), 0)
                }
                offset += n
                if let failure = builder.failure { throw failure }
            }
        }
        _ = htmlParseChunk(context, nil, 0, 1)
        if let failure = builder.failure { throw failure }
        builder.finishAll()
        guard !builder.tables.isEmpty else {
            throw SpreadsheetError(
                .notAWorkbook, key: "error.not-a-workbook.html-no-table",
                location: location)
        }
        tables = builder.tables
        sheets = builder.tables.indices.map {
            SheetInfo(name: "Sheet\($0 + 1)", visibility: .visible, position: $0 + 1, part: "table \($0 + 1)")
        }
        warnings = note.map { [Diagnostic(.note, "html-encoding", at: location, $0)] } ?? []
    }

    /// The page as UTF-8, and a note saying how it was decoded when that was guessed.
    static func decode(_ raw: [UInt8]) -> (text: [UInt8], note: String?) {
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { return (Array(raw.dropFirst(3)), nil) }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            var out: [UInt8] = []
            let little = raw[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(raw.count / 2)
            var i = 2
            while i + 1 < raw.count {
                units.append(
                    little ? UInt16(raw[i]) | UInt16(raw[i + 1]) << 8 : UInt16(raw[i]) << 8 | UInt16(raw[i + 1]))
                i += 2
            }
            UTF8Text.append(utf16: units, to: &out)
            return (out, nil)
        }
        let head = String(decoding: raw.prefix(4096), as: UTF8.self).lowercased()
        var declared: String?
        if let r = head.range(of: "charset") {
            var rest = head[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            rest = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            declared = String(rest)
        }
        let chinese: Set<String> = ["gbk", "gb2312", "gb18030", "cp936", "x-gbk", "euc-cn", "ms936", "windows-936"]
        if let declared, chinese.contains(declared) {
            var out: [UInt8] = []
            CodePageDecoder(codePage: 936).append(raw[...], to: &out)
            return (out, nil)
        }
        if TextEncoding.isValidUTF8(raw) { return (raw, nil) }
        var out: [UInt8] = []
        CodePageDecoder(codePage: 936).append(raw[...], to: &out)
        return (
            out,
            declared.map { Messages.text("diag.html-encoding.declared", ["charset": $0]) }
                ?? Messages.text("diag.html-encoding")
        )
    }

    public func rows(of sheet: SheetInfo) throws -> SheetRowReader {
        try MaterializedSheet.rows(of: sheet, in: tables, displayName: displayName)
    }
}

/// Reads a whole HTML or XML document, refusing one past `LegacyLimits.maxDocumentBytes`.
enum LegacyDocument {
    static func read(_ path: String, displayName: String) throws -> [UInt8] {
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) > LegacyLimits.maxDocumentBytes {
            throw SpreadsheetError(
                .limitExceeded,
                key: "error.limit-exceeded.legacy-document-size",
                ["size": "\(st.st_size)", "limit": "\(LegacyLimits.maxDocumentBytes >> 20)"],
                location: InputLocation(file: displayName))
        }
        return try FileBytes.read(path)
    }
}
