public import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// The one-page forms of the prison ↔ 司法所 cycle, ready to print and sign: the 核实单 (verification form) and the
/// 回执 (receipt). A4 portrait, text of 11 pt (titles 16 pt), the person's fields in two label–value pairs a row,
/// and blank lines to sign. The full ID number is printed: the form identifies the person to whoever signs it.
public enum PersonForms {
    public enum Kind: String, Sendable, CaseIterable {
        case verification, receipt

        /// The form's title.
        public var title: String { self == .verification ? "刑满释放人员信息核实单" : "刑满释放人员接回回执" }

        /// The fields it shows, in order.
        var fields: [String] {
            switch self {
            case .verification:
                return [
                    "name", "sex", "birthDate", "ethnicity", "idNumber", "hukouRegion", "hukouAddress",
                    "residenceAddress", "crime", "sentence", "institution", "inmateNumber", "admissionDate",
                    "expectedRelease", "verification", "verificationNote", "possibleWhereabouts", "officeAdvice",
                ]
            case .receipt:
                return [
                    "name", "sex", "idNumber", "hukouAddress", "institution", "inmateNumber", "expectedRelease",
                    "pickupTime", "pickupPlace", "pickupBy",
                ]
            }
        }

        /// The signature lines under the fields.
        var signatures: [String] {
            switch self {
            case .verification: return ["核实人（签名）：", "司法所负责人（签名）：", "司法所（盖章）：", "日期："]
            case .receipt: return ["经办人（签名）：", "司法所（盖章）：", "日期："]
            }
        }
    }

    /// Long values (addresses, reasons, advice) take a whole row; the others pair up two to a row.
    private static let wide: Set<String> = [
        "hukouAddress", "residenceAddress", "verificationNote", "possibleWhereabouts", "officeAdvice", "crime",
        "pickupPlace",
    ]

    /// Writes the form for `person` issued by `office` on `today`.
    public static func write(_ kind: Kind, person: StoredPerson, office: Office, today: CivilDate, to path: String)
        throws
    {
        let xlsx = try XLSXWriter(path: path)
        let title = xlsx.addStyle(CellStyle(bold: true, fontSize: 16, horizontal: .center, vertical: .center))
        let plain = xlsx.addStyle(CellStyle(fontSize: 11, vertical: .center))
        let label = xlsx.addStyle(
            CellStyle(bold: true, fontSize: 11, border: true, wrap: true, horizontal: .center, vertical: .center))
        let value = xlsx.addStyle(CellStyle(fontSize: 11, border: true, wrap: true, vertical: .center))
        try xlsx.startSheet(
            kind == .verification ? "核实单" : "回执",
            options: SheetOptions(
                columnWidths: [1: 14, 2: 30, 3: 14, 4: 30], autoWidth: false, fitToWidth: true))
        var row = 1
        func merged(_ from: Int, _ to: Int) throws {
            try xlsx.merge(
                CellRange(first: CellReference(row: row, column: from), last: CellReference(row: row, column: to)))
        }
        try xlsx.writeRow([XLSXCell(.text(kind.title), style: title)], height: 36)
        try merged(1, 4)
        row += 1
        try xlsx.writeRow(
            [
                XLSXCell(.text("填报单位：\(office.name)"), style: plain), XLSXCell(.empty), XLSXCell(.empty),
                XLSXCell(.text("编号：#\(person.id)    填报日期：\(today)"), style: plain),
            ], height: 22)
        try merged(1, 2)
        row += 1
        var pending: (String, String)?
        func text(_ field: String) -> String {
            let v = person.value(field) ?? ""
            return field == "verification" && v.isEmpty ? "待核实" : v
        }
        func flush() throws {
            guard let (l, v) = pending else { return }
            try xlsx.writeRow(
                [
                    XLSXCell(.text(l), style: label), XLSXCell(.text(v), style: value), XLSXCell(.empty, style: label),
                    XLSXCell(.empty, style: value),
                ], height: 24)
            row += 1
            pending = nil
        }
        for field in kind.fields {
            let spec = PersonFields.spec(field)
            if wide.contains(field) {
                try flush()
                // A wide value: its height grows with its length (about 60 CJK characters a printed line).
                let lines = max(1, (Int(SheetOptions.displayWidth(text(field))) + 119) / 120)
                try xlsx.writeRow(
                    [
                        XLSXCell(.text(spec.header), style: label), XLSXCell(.text(text(field)), style: value),
                        XLSXCell(.empty, style: value), XLSXCell(.empty, style: value),
                    ], height: Double(max(24, 16 * lines + 8)))
                try merged(2, 4)
                row += 1
            } else if let (l, v) = pending {
                try xlsx.writeRow(
                    [
                        XLSXCell(.text(l), style: label), XLSXCell(.text(v), style: value),
                        XLSXCell(.text(spec.header), style: label), XLSXCell(.text(text(field)), style: value),
                    ], height: 24)
                row += 1
                pending = nil
            } else {
                pending = (spec.header, text(field))
            }
        }
        try flush()
        try xlsx.writeRow([XLSXCell(.empty)], height: 16)
        row += 1
        for line in kind.signatures {
            try xlsx.writeRow([XLSXCell(.text(line), style: plain)], height: 30)
            try merged(1, 2)
            row += 1
        }
        try xlsx.close()
    }
}
