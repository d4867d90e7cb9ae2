import Foundation

/// A native Excel chart (DrawingML, `xl/charts/chartN.xml`) placed on a worksheet: categories and series refer to
/// cells of the workbook and carry their values as a cache, so readers that do not recalculate still draw them.
public struct Chart: Sendable {
    public enum Kind: Sendable { case clusteredColumns, lines }

    /// One series: its name, the range of its values (e.g. `'图表'!$B$2:$B$5`) and the values themselves.
    public struct Series: Sendable {
        public var name: String
        public var nameReference: String
        public var valuesReference: String
        public var values: [Double?]

        public init(name: String, nameReference: String, valuesReference: String, values: [Double?]) {
            self.name = name
            self.nameReference = nameReference
            self.valuesReference = valuesReference
            self.values = values
        }
    }

    public var kind: Kind
    public var title: String
    public var categoriesReference: String
    public var categories: [String]
    public var series: [Series]
    /// The number format of the values axis and cache (e.g. `0.00%`).
    public var valueFormat: String
    /// Where it sits: the top-left and bottom-right cells it spans (0-based column and row).
    public var from: (column: Int, row: Int)
    public var to: (column: Int, row: Int)

    public init(
        kind: Kind, title: String, categoriesReference: String, categories: [String], series: [Series],
        valueFormat: String = "General", from: (column: Int, row: Int), to: (column: Int, row: Int)
    ) {
        self.kind = kind
        self.title = title
        self.categoriesReference = categoriesReference
        self.categories = categories
        self.series = series
        self.valueFormat = valueFormat
        self.from = from
        self.to = to
    }

    /// A sheet-qualified absolute reference to a column's rows, e.g. `'图表'!$B$2:$B$5`.
    public static func reference(sheet: String, column: Int, rows: ClosedRange<Int>) -> String {
        let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        let letters = CellReference.columnName(column)
        return rows.count == 1
            ? "\(quoted)!$\(letters)$\(rows.lowerBound)"
            : "\(quoted)!$\(letters)$\(rows.lowerBound):$\(letters)$\(rows.upperBound)"
    }

    /// `xl/charts/chartN.xml`.
    func xml() -> String {
        func text(_ s: String) -> String { XMLText.attribute(s) }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x +=
            "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        x += "<c:roundedCorners val=\"0\"/><c:chart>"
        x +=
            "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>\(text(title))</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>"
        x += "<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/>"
        switch kind {
        case .clusteredColumns:
            x += "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"
        case .lines:
            x += "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>"
        }
        for (i, s) in series.enumerated() {
            x += "<c:ser><c:idx val=\"\(i)\"/><c:order val=\"\(i)\"/>"
            x += "<c:tx><c:strRef><c:f>\(text(s.nameReference))</c:f><c:strCache><c:ptCount val=\"1\"/>"
            x += "<c:pt idx=\"0\"><c:v>\(text(s.name))</c:v></c:pt></c:strCache></c:strRef></c:tx>"
            if kind == .lines { x += "<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/></c:marker>" }
            x += "<c:cat><c:strRef><c:f>\(text(categoriesReference))</c:f><c:strCache>"
            x += "<c:ptCount val=\"\(categories.count)\"/>"
            for (j, c) in categories.enumerated() { x += "<c:pt idx=\"\(j)\"><c:v>\(text(c))</c:v></c:pt>" }
            x += "</c:strCache></c:strRef></c:cat>"
            x += "<c:val><c:numRef><c:f>\(text(s.valuesReference))</c:f><c:numCache>"
            x += "<c:formatCode>\(text(valueFormat))</c:formatCode><c:ptCount val=\"\(s.values.count)\"/>"
            for (j, v) in s.values.enumerated() {
                if let v { x += "<c:pt idx=\"\(j)\"><c:v>\(v)</c:v></c:pt>" }
            }
            x += "</c:numCache></c:numRef></c:val>"
            if kind == .lines { x += "<c:smooth val=\"0\"/>" }
            x += "</c:ser>"
        }
        switch kind {
        case .clusteredColumns:
            x += "<c:gapWidth val=\"150\"/><c:axId val=\"5001\"/><c:axId val=\"5002\"/></c:barChart>"
        case .lines: x += "<c:marker val=\"1\"/><c:axId val=\"5001\"/><c:axId val=\"5002\"/></c:lineChart>"
        }
        x +=
            "<c:catAx><c:axId val=\"5001\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"5002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/></c:catAx>"
        x +=
            "<c:valAx><c:axId val=\"5002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"\(text(valueFormat))\" sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"5001\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>"
        x += "</c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>"
        x += "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>"
        return x
    }

    /// `xl/drawings/drawingN.xml` for a sheet's charts (chart i is the drawing's relationship `rId(i+1)`).
    static func drawingXML(_ charts: [Chart]) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x +=
            "<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
        for (i, c) in charts.enumerated() {
            x += "<xdr:twoCellAnchor>"
            x +=
                "<xdr:from><xdr:col>\(c.from.column)</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>\(c.from.row)</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            x +=
                "<xdr:to><xdr:col>\(c.to.column)</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>\(c.to.row)</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
            x += "<xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr>"
            x += "<xdr:cNvPr id=\"\(i + 2)\" name=\"Chart \(i + 1)\"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
            x += "<xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm>"
            x += "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
            x +=
                "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId\(i + 1)\"/>"
            x += "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        }
        return x + "</xdr:wsDr>"
    }

    /// A relationships part: each target by `rId1`, `rId2`, … of one type.
    static func relationships(type: String, targets: [String]) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, t) in targets.enumerated() {
            x +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(type)\" Target=\"\(t)\"/>"
        }
        return x + "</Relationships>"
    }
}
