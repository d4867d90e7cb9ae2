/// How one part of the form (一 … 五) lies on an A4 landscape page: its column widths, whether it is scaled to
/// the page width, and the column groups that hold the head and foot lines.
///
/// The form is meant to be read on paper, at 10 pt. Widths are chosen so that a part fits the page at 100%
/// (`printableWidth`); a part with more columns than that is scaled to one page wide only while its smallest
/// text stays at 9 pt or more, and otherwise runs over more pages with the unit columns repeated.
package struct FormLayout {
    /// Column units (Excel's character widths) that fit across A4 landscape between the writer's 0.7-inch margins
    /// at 100%. Applications size a unit from the default font's digit width: Excel with 宋体 about 6 pt, LibreOffice
    /// without the font about 7 pt (measured: 11 units print 1.07 inches wide), so 10.29 inches hold 105 units;
    /// 100 leaves a margin for either.
    static let printableWidth = 100.0
    static let codeWidth = 11.0
    static let nameWidth = 19.0
    /// Below this, a number of the form no longer fits its column at 10 pt.
    static let minimumIndicatorWidth = 7.0
    /// The size of the smallest text on the form, and the smallest a printed form may show.
    static let fontSize = 10.0
    static let minimumPrintedFontSize = 9.0

    /// Widths by 1-based column: unit code, unit name, then one per indicator.
    let widths: [Int: Double]
    /// Scale the part to one page wide (only where the text stays ≥ 9 pt).
    package let fitToWidth: Bool
    /// The head and foot groups: the unit columns, the first half of the indicators, the rest (nil when the part
    /// has a single indicator, whose lines then span the whole width).
    let left: ClosedRange<Int>
    let middle: ClosedRange<Int>?
    let right: ClosedRange<Int>?
    /// All columns of the part.
    let all: ClosedRange<Int>

    package init(indicators n: Int) {
        let each = max(
            (FormLayout.printableWidth - FormLayout.codeWidth - FormLayout.nameWidth) / Double(max(n, 1)),
            FormLayout.minimumIndicatorWidth)
        var widths: [Int: Double] = [1: FormLayout.codeWidth, 2: FormLayout.nameWidth]
        for i in 0..<n { widths[i + 3] = (each * 100).rounded(.down) / 100 }
        self.widths = widths
        let total = widths.values.reduce(0, +)
        // Scaling to the page shrinks the text by printableWidth / total: allowed only down to 9 pt.
        fitToWidth =
            total > FormLayout.printableWidth
            && FormLayout.fontSize * FormLayout.printableWidth / total >= FormLayout.minimumPrintedFontSize
        all = 1...(2 + max(n, 1))
        left = 1...2
        if n >= 2 {
            // The right group takes the larger half, for the longer lines (统计期间 stays left).
            let firstHalf = n / 2
            middle = 3...(2 + firstHalf)
            right = (3 + firstHalf)...(2 + n)
        } else {
            middle = nil
            right = nil
        }
    }
}
