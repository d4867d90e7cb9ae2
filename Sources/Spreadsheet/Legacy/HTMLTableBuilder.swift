import Foundation

/// The SAX state machine behind `HTMLTableReader`: lays the cells of each `<table>` on a grid (the HTML table
/// algorithm: cells skip the columns that a `rowspan` above still covers), one `MaterializedSheet` a table.
/// A table inside a cell is a sheet of its own; its text does not join the outer cell.
final class HTMLTableBuilder {
    private struct Cell {
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
        var text: [UInt8] = []
        var pendingSpace = false
        var number: String?
        var boolean: String?
        var error: String?
        var format: String?
    }

    private struct Table {
        /// Where the table goes among the sheets: tables are numbered in the order they start.
        var slot: Int
        var sheet = MaterializedSheet()
        var row = RowBuilder()
        var rowIndex = 0
        var inRow = false
        var column = 0
        /// For each column, the first row index a `rowspan` above no longer covers.
        var coveredUntil: [Int] = []
        var cell: Cell?
    }

    private let location: InputLocation
    private var stack: [Table] = []
    private var slots: [MaterializedSheet?] = []
    /// The tables that hold at least one cell, in the order they start in the page.
    var tables: [MaterializedSheet] { slots.compactMap { $0 } }
    private var cells = 0
    /// `mso-number-format` by CSS class, from the page's `<style>` sheets (Excel's "Save as Web Page" puts the
    /// formats there: `.xl66 {mso-number-format:"Short Date";}` and `<td class=xl66 x:num="46086">`).
    private var classFormats: [String: String] = [:]
    private var styleSheet: [UInt8]?
    var failure: SpreadsheetError?

    init(location: InputLocation) {
        self.location = location
    }

    private static func lowercased(_ p: UnsafePointer<UInt8>) -> String { String(cString: p).lowercased() }

    /// The elements the builder reacts to, read from the name's bytes without building a `String` (this runs
    /// twice a cell).
    private enum Tag { case table, tr, cell, br, style, other }

    private static func tag(_ p: UnsafePointer<UInt8>) -> Tag {
        func lower(_ i: Int) -> UInt8 { p[i] | 0x20 }
        switch lower(0) {
        case UInt8(ascii: "t"):
            if p[1] == 0 { return .other }
            let second = lower(1)
            if p[2] == 0 {
                if second == UInt8(ascii: "r") { return .tr }
                if second == UInt8(ascii: "d") || second == UInt8(ascii: "h") { return .cell }
                return .other
            }
            let rest: [UInt8] = [0x61, 0x62, 0x6C, 0x65]  // "able"
            for (k, c) in rest.enumerated() where p[1 + k] == 0 || lower(1 + k) != c { return .other }
            return p[5] == 0 ? .table : .other
        case UInt8(ascii: "b"):
            return p[1] != 0 && lower(1) == UInt8(ascii: "r") && p[2] == 0 ? .br : .other
        case UInt8(ascii: "s"):
            return String(cString: p).lowercased() == "style" ? .style : .other
        default:
            return .other
        }
    }

    func start(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        guard failure == nil else { return }
        switch HTMLTableBuilder.tag(name) {
        case .table:
            stack.append(Table(slot: slots.count))
            slots.append(nil)
        case .tr:
            guard !stack.isEmpty else { return }
            endRow()
            stack[stack.count - 1].inRow = true
            stack[stack.count - 1].column = 0
            stack[stack.count - 1].row.start(row: stack[stack.count - 1].rowIndex + 1)
        case .cell:
            guard !stack.isEmpty else { return }
            startCell(HTMLTableBuilder.attributes(attributes))
        case .style:
            styleSheet = []
        case .br:
            guard !stack.isEmpty, stack[stack.count - 1].cell != nil else { return }
            stack[stack.count - 1].cell!.text.append(UInt8(ascii: "\n"))
            stack[stack.count - 1].cell!.pendingSpace = false
        default:
            break
        }
    }

    func end(_ name: UnsafePointer<UInt8>) {
        guard failure == nil else { return }
        switch HTMLTableBuilder.tag(name) {
        case .table:
            endTable()
        case .tr:
            endRow()
        case .cell:
            endCell()
        case .style:
            if let sheet = styleSheet { readStyleSheet(String(decoding: sheet, as: UTF8.self)) }
            styleSheet = nil
        default:
            break
        }
    }

    /// Takes the `mso-number-format` of every class rule (`.xl66`, `td.xl66`) of a style sheet.
    private func readStyleSheet(_ css: String) {
        for rule in css.split(separator: "}") {
            let parts = rule.split(separator: "{", maxSplits: 1)
            guard parts.count == 2, let format = HTMLTableBuilder.numberFormat(inStyle: String(parts[1])) else {
                continue
            }
            for selector in parts[0].split(separator: ",") {
                guard let dot = selector.lastIndex(of: ".") else { continue }
                let name = selector[selector.index(after: dot)...].trimmingCharacters(in: .whitespacesAndNewlines)
                if !name.isEmpty { classFormats[name.lowercased()] = format }
            }
        }
    }

    func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        if styleSheet != nil, (styleSheet?.count ?? 0) + chunk.count <= 1 << 20 {
            styleSheet?.append(contentsOf: chunk)
            return
        }
        guard failure == nil, !stack.isEmpty, var cell = stack[stack.count - 1].cell else { return }
        stack[stack.count - 1].cell = nil  // keep the text buffer uniquely referenced while it grows
        for b in chunk {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                cell.pendingSpace = true
            } else {
                if cell.pendingSpace && !cell.text.isEmpty && cell.text.last != UInt8(ascii: "\n") {
                    cell.text.append(0x20)
                }
                cell.pendingSpace = false
                cell.text.append(b)
            }
        }
        if cell.text.count > SheetLimits.maxCellCharacters * 4 {
            fail(
                .limitExceeded, key: "error.limit-exceeded.html-cell-text",
                row: stack[stack.count - 1].rowIndex + 1, column: cell.column + 1)
        }
        stack[stack.count - 1].cell = cell
    }

    private func endTable() {
        guard !stack.isEmpty else { return }
        endRow()
        let table = stack.removeLast()
        if !table.sheet.rows.isEmpty { slots[table.slot] = table.sheet }
    }

    /// Ends every table left open at the end of the page.
    func finishAll() {
        while !stack.isEmpty { endTable() }
    }

    private func fail(
        _ code: SpreadsheetErrorCode, key: String, _ values: [String: String] = [:], row: Int? = nil,
        column: Int? = nil
    ) {
        guard failure == nil else { return }
        var loc = location
        loc.sheet = "Sheet\(slots[..<(stack.last?.slot ?? slots.count)].compactMap { $0 }.count + 1)"
        loc.row = row
        loc.column = column
        failure = SpreadsheetError(code, key: key, values, location: loc)
    }

    /// The attributes as lower-case name → value (HTML attribute names keep any `x:` prefix).
    private static func attributes(_ list: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) -> [String: String] {
        var result: [String: String] = [:]
        guard let list else { return result }
        var i = 0
        while let name = list[i] {
            let value = list[i + 1].map { String(cString: $0) } ?? ""
            result[lowercased(name)] = value
            i += 2
            if i > 512 { break }
        }
        return result
    }

    private func startCell(_ attributes: [String: String]) {
        var t = stack.removeLast()
        defer { stack.append(t) }
        if t.cell != nil {
            stack.append(t)
            endCell()
            t = stack.removeLast()
        }
        if !t.inRow {
            t.inRow = true
            t.column = 0
            t.row.start(row: t.rowIndex + 1)
        }
        while t.column < t.coveredUntil.count, t.coveredUntil[t.column] > t.rowIndex { t.column += 1 }
        // HTML caps colspan at 1000 and rowspan at 65534; 0 and junk mean 1.
        let columnSpan = min(max(Int(attributes["colspan"] ?? "") ?? 1, 1), 1000)
        let rowSpan = min(max(Int(attributes["rowspan"] ?? "") ?? 1, 1), 65534)
        var format: String?
        if let style = attributes["style"] { format = HTMLTableBuilder.numberFormat(inStyle: style) }
        if format == nil, let classes = attributes["class"] {
            format = classes.split(separator: " ").lazy.compactMap { self.classFormats[$0.lowercased()] }.first
        }
        t.cell = Cell(
            column: t.column, rowSpan: rowSpan, columnSpan: columnSpan, number: attributes["x:num"],
            boolean: attributes["x:bool"], error: attributes["x:err"], format: format)
    }

    /// The value of `mso-number-format` in a `style` attribute (quoted or not), CSS escapes removed.
    static func numberFormat(inStyle style: String) -> String? {
        guard let r = style.range(of: "mso-number-format", options: .caseInsensitive) else { return nil }
        var rest = Substring(style[r.upperBound...].drop { $0 == " " || $0 == ":" })
        var quote: Character?
        if let first = rest.first, first == "\"" || first == "'" {
            quote = first
            rest = rest.dropFirst()
        }
        // CSS escapes: `\` and one character (`\@`, `\-`, `\[`) is that character; `\` and four hex digits
        // (`\0022`) is that code point.
        var value = ""
        var characters = rest[...]
        while let ch = characters.popFirst() {
            if ch == "\\", let next = characters.first {
                let hex = characters.prefix(4)
                if hex.count == 4, hex.allSatisfy(\.isHexDigit), let code = UInt32(String(hex), radix: 16),
                    let scalar = Unicode.Scalar(code)
                {
                    value.unicodeScalars.append(scalar)
                    characters = characters.dropFirst(4)
                } else {
                    value.append(next)
                    characters = characters.dropFirst()
                }
            } else if ch == quote || (quote == nil && ch == ";") {
                break
            } else {
                value.append(ch)
            }
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    private func endCell() {
        guard !stack.isEmpty, let cell = stack[stack.count - 1].cell else { return }
        var t = stack.removeLast()
        defer { stack.append(t) }
        t.cell = nil
        let column = cell.column
        guard column + cell.columnSpan <= SheetLimits.maxColumns, t.rowIndex + cell.rowSpan <= SheetLimits.maxRows
        else {
            fail(.limitExceeded, key: "error.limit-exceeded.html-table-extent", row: t.rowIndex + 1, column: column + 1)
            return
        }
        var text = cell.text
        while let last = text.last, last == 0x20 || last == 0x0A { text.removeLast() }
        if text.starts(with: [0xC2, 0xA0]) && text.count == 2 { text.removeAll() }  // a lone &nbsp;: an empty cell
        let string = String(decoding: text, as: UTF8.self)
        let kind = cell.format.map { NamedNumberFormat.kind($0) } ?? .plain
        if let number = cell.number, let v = TextValue.number(number.isEmpty ? string : number) {
            t.row.addNumber(column: column + 1, v, format: kind ?? .plain)
        } else if let b = cell.boolean {
            let v = (b.isEmpty ? string : b).uppercased()
            t.row.addBoolean(column: column + 1, v == "TRUE" || v == "1")
        } else if let e = cell.error {
            t.row.addError(column: column + 1, e.isEmpty ? string : e)
        } else if cell.format != nil, let kind, kind != .plain, let serial = TextValue.serial(string) {
            t.row.addNumber(
                column: column + 1, serial, format: kind == .date && serial != serial.rounded() ? .dateTime : kind)
        } else if cell.format != nil, kind == .plain, let v = TextValue.number(string) {
            t.row.addNumber(column: column + 1, v, format: .plain)
        } else if !text.isEmpty {
            t.row.addText(column: column + 1, text)
        }
        if cell.rowSpan > 1 || cell.columnSpan > 1 {
            t.sheet.mergedRanges.append(
                CellRange(
                    first: CellReference(row: t.rowIndex + 1, column: column + 1),
                    last: CellReference(row: t.rowIndex + cell.rowSpan, column: column + cell.columnSpan)))
        }
        if cell.rowSpan > 1 {
            if t.coveredUntil.count < column + cell.columnSpan {
                t.coveredUntil += repeatElement(0, count: column + cell.columnSpan - t.coveredUntil.count)
            }
            for c in column..<(column + cell.columnSpan) { t.coveredUntil[c] = t.rowIndex + cell.rowSpan }
        }
        t.column = column + cell.columnSpan
        cells += 1
        if cells > LegacyLimits.maxCells {
            fail(
                .limitExceeded, key: "error.limit-exceeded.html-cells", ["limit": "\(LegacyLimits.maxCells)"],
                row: t.rowIndex + 1)
        }
    }

    private func endRow() {
        guard !stack.isEmpty else { return }
        endCell()
        var t = stack.removeLast()
        defer { stack.append(t) }
        guard t.inRow else { return }
        t.inRow = false
        if let row = t.row.build(sharedStrings: .empty, dateSystem: .excel1900) { t.sheet.rows.append(row) }
        t.row.start(row: 0)
        t.rowIndex += 1
    }
}

@available(*, unavailable, message: "a SAX handler of one parse")
extension HTMLTableBuilder: Sendable {}
