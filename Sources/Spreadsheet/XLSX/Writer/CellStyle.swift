/// The look of a cell as the writer offers it: font weight and size, number format, thin borders,
/// wrapping, alignment and a solid fill.
public struct CellStyle: Hashable, Sendable {
    /// A number format: the common ones by name, anything else as an Excel format code.
    public enum NumberFormat: Hashable, Sendable {
        case general
        /// `0`
        case integer
        /// `0.00`
        case decimal2
        /// `0.00%`: the cell holds a fraction (0.875 shows as 87.50%).
        case percent2
        /// `yyyy-mm-dd`
        case date
        /// `yyyy-mm-dd hh:mm:ss`
        case dateTime
        /// `hh:mm:ss`
        case time
        /// `[h]:mm:ss`
        case duration
        /// `@`: what a person types stays text (ID numbers, phone numbers).
        case text
        case custom(String)

        /// The built-in id, or nil when the format needs a `<numFmt>` of its own.
        var builtInID: Int? {
            switch self {
            case .general: return 0
            case .integer: return 1
            case .decimal2: return 2
            case .percent2: return 10
            case .text: return 49
            default: return nil
            }
        }

        var code: String {
            switch self {
            case .general: return "General"
            case .integer: return "0"
            case .decimal2: return "0.00"
            case .percent2: return "0.00%"
            case .date: return "yyyy-mm-dd"
            case .dateTime: return "yyyy-mm-dd hh:mm:ss"
            case .time: return "hh:mm:ss"
            case .duration: return "[h]:mm:ss"
            case .text: return "@"
            case .custom(let c): return c
            }
        }
    }

    public enum HorizontalAlignment: String, Sendable { case left, center, right }
    public enum VerticalAlignment: String, Sendable { case top, center, bottom }

    public var bold = false
    /// Font size in points; nil for the workbook default (11).
    public var fontSize: Double?
    public var numberFormat: NumberFormat = .general
    /// Thin borders on all four sides.
    public var border = false
    public var wrap = false
    public var horizontal: HorizontalAlignment?
    public var vertical: VerticalAlignment?
    /// Solid fill colour as ARGB hex, e.g. `FFD9E1F2`.
    public var fill: String?

    public init(
        bold: Bool = false, fontSize: Double? = nil, numberFormat: NumberFormat = .general, border: Bool = false,
        wrap: Bool = false, horizontal: HorizontalAlignment? = nil, vertical: VerticalAlignment? = nil,
        fill: String? = nil
    ) {
        self.bold = bold
        self.fontSize = fontSize
        self.numberFormat = numberFormat
        self.border = border
        self.wrap = wrap
        self.horizontal = horizontal
        self.vertical = vertical
        self.fill = fill
    }
}

/// A style registered with a writer; index 0 is the default style.
public struct StyleID: Hashable, Sendable {
    let index: Int
    /// The default cell style.
    public static let standard = StyleID(index: 0)
}

/// Collects the distinct styles of a workbook and writes `xl/styles.xml`: fonts, fills, borders and
/// number formats deduplicated, `fills` starting with none and gray125 as Excel requires.
struct StyleTable {
    struct Font: Hashable {
        var bold: Bool
        var size: Double
    }
    private(set) var styles: [CellStyle] = [CellStyle()]
    private var index: [CellStyle: Int] = [CellStyle(): 0]
    let fontName: String
    let defaultFontSize: Double = 11

    init(fontName: String) {
        self.fontName = fontName
    }

    mutating func register(_ style: CellStyle) -> StyleID {
        if let i = index[style] { return StyleID(index: i) }
        styles.append(style)
        index[style] = styles.count - 1
        return StyleID(index: styles.count - 1)
    }

    func style(_ id: StyleID) -> CellStyle { styles[id.index] }

    func xml() -> String {
        var customFormats: [String: Int] = [:]
        var formatOrder: [String] = []
        var fonts: [Font] = [Font(bold: false, size: defaultFontSize)]
        var fills: [String] = []
        var xfs: [String] = []
        for style in styles {
            let numFmtID: Int
            if let builtIn = style.numberFormat.builtInID {
                numFmtID = builtIn
            } else if let id = customFormats[style.numberFormat.code] {
                numFmtID = id
            } else {
                numFmtID = 164 + formatOrder.count
                customFormats[style.numberFormat.code] = numFmtID
                formatOrder.append(style.numberFormat.code)
            }
            let font = Font(bold: style.bold, size: style.fontSize ?? defaultFontSize)
            let fontID =
                fonts.firstIndex(of: font)
                ?? {
                    fonts.append(font)
                    return fonts.count - 1
                }()
            var fillID = 0
            if let fill = style.fill {
                fillID =
                    2
                    + (fills.firstIndex(of: fill)
                        ?? {
                            fills.append(fill)
                            return fills.count - 1
                        }())
            }
            let borderID = style.border ? 1 : 0
            var xf =
                "<xf numFmtId=\"\(numFmtID)\" fontId=\"\(fontID)\" fillId=\"\(fillID)\" borderId=\"\(borderID)\" xfId=\"0\""
            if numFmtID != 0 { xf += " applyNumberFormat=\"1\"" }
            if fontID != 0 { xf += " applyFont=\"1\"" }
            if fillID != 0 { xf += " applyFill=\"1\"" }
            if borderID != 0 { xf += " applyBorder=\"1\"" }
            if style.wrap || style.horizontal != nil || style.vertical != nil {
                xf += " applyAlignment=\"1\"><alignment"
                if let h = style.horizontal { xf += " horizontal=\"\(h.rawValue)\"" }
                if let v = style.vertical { xf += " vertical=\"\(v.rawValue)\"" }
                if style.wrap { xf += " wrapText=\"1\"" }
                xf += "/></xf>"
            } else {
                xf += "/>"
            }
            xfs.append(xf)
        }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if !formatOrder.isEmpty {
            s += "<numFmts count=\"\(formatOrder.count)\">"
            for (i, code) in formatOrder.enumerated() {
                s += "<numFmt numFmtId=\"\(164 + i)\" formatCode=\"\(XMLText.attribute(code))\"/>"
            }
            s += "</numFmts>"
        }
        s += "<fonts count=\"\(fonts.count)\">"
        for f in fonts {
            s += "<font>" + (f.bold ? "<b/>" : "") + "<sz val=\"\(CellText.number(f.size))\"/>"
            // charset 134 = GB2312, so Excel picks the Chinese face for 宋体.
            s += "<name val=\"\(XMLText.attribute(fontName))\"/><family val=\"3\"/><charset val=\"134\"/></font>"
        }
        s += "</fonts>"
        s +=
            "<fills count=\"\(2 + fills.count)\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        for f in fills {
            s +=
                "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(XMLText.attribute(f))\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        }
        s += "</fills>"
        s += "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        s += "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
        s +=
            "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
        s += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        s += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
        s += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        s += "</styleSheet>"
        return s
    }
}
