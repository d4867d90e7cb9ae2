/// The checks of a report in words, as the 核对 sheet and the command line show them: indicators by their Chinese
/// names (with their codes where the form prints them; helper counts such as B6n have no printed code) and the
/// values compared.
enum CheckWording {
    /// `B5 衔接率：B2 已衔接人数（1）不大于 B1 应衔接人数（3）`, or `…（5）大于…（3），数据有误`.
    static func subset(
        rate: Indicator, numerator: (id: String, value: Int), denominator: (id: String, value: Int),
        in definition: ReportDefinition
    ) -> String {
        let n = name(numerator.id, definition) + "（\(numerator.value)）"
        let d = name(denominator.id, definition) + "（\(denominator.value)）"
        return numerator.value <= denominator.value
            ? "\(rate.id) \(rate.label)：\(n)不大于\(spaced(d))"
            : "\(rate.id) \(rate.label)：\(n)大于\(spaced(d))，数据有误"
    }

    /// `A1 本期刑释解教人数（3）等于其分项之和：监狱 1 + 看守所 1 + 社区矫正 1 + 其他 0 = 3`, or `不等于…，数据有误`.
    static func splits(
        parent: (id: String, value: Int), children: [(id: String, value: Int)], in definition: ReportDefinition
    ) -> String {
        let sum = children.map(\.value).reduce(0, +)
        let terms = children.map { "\(label($0.id, definition)) \($0.value)" }.joined(separator: " + ")
        let head = name(parent.id, definition) + "（\(parent.value)）"
        return sum == parent.value
            ? "\(head)等于其分项之和：\(terms) = \(sum)"
            : "\(head)不等于其分项之和：\(terms) = \(sum)，数据有误"
    }

    /// A space before a name that starts with its code, as Chinese text sets Latin letters apart.
    static func spaced(_ name: String) -> String { name.first?.isASCII == true ? " " + name : name }

    /// `B2 已衔接人数` for a printed indicator, the bare label for a helper count.
    static func name(_ id: String, _ definition: ReportDefinition) -> String {
        guard let ind = definition.indicators.first(where: { $0.id == id }) else { return id }
        return ind.shown ? "\(ind.id) \(ind.label)" : ind.label
    }

    /// A split's label without the 其中： that introduces the first split on the form.
    static func label(_ id: String, _ definition: ReportDefinition) -> String {
        guard let ind = definition.indicators.first(where: { $0.id == id }) else { return id }
        return ind.label.hasPrefix("其中：") ? String(ind.label.dropFirst(3)) : ind.label
    }
}
