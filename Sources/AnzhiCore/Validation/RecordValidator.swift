import Foundation
public import Spreadsheet

/// A row that passed validation: canonical values by field (index into `PersonFields.all`), its merge key,
/// the unknown columns it carried, and the warnings and notes found on the way.
public struct ValidRecord: Sendable {
    /// Canonical text per field: names for coded fields, ISO dates, the normalised ID; nil where not given.
    public var values: [String?]
    /// The merge key: the 18-digit ID number, or `name|birth|institution|inmateNumber` when there is none.
    public var key: String
    public var keyIsFallback: Bool
    /// Unknown columns, kept with the record: header → text.
    public var extra: [(String, String)]
    public var diagnostics: [Diagnostic]

    public func value(_ field: String) -> String? { values[PersonFields.index[field]!] }

    /// The key the record would have without its ID number (姓名|出生日期|服刑场所|罪犯编号), when all four are given.
    public var fallbackKey: String? { ValidRecord.fallbackKey(of: values) }

    static func fallbackKey(of values: [String?]) -> String? {
        let parts = [PersonFields.At.name, PersonFields.At.birthDate, PersonFields.At.institution, PersonFields.At.inmateNumber].map { values[$0] }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return PersonKey.fallback(name: parts[0]!, birthDate: parts[1]!, institution: parts[2]!, inmateNumber: parts[3]!)
    }
}

/// The cells of one input row by 1-based column (a dense array: rows of a batch are mostly full).
public struct RowCells: Sendable {
    public var values: [CellValue]

    public init(_ values: [CellValue]) {
        self.values = values
    }

    /// The cell at a 1-based column; nil when absent or empty.
    @inline(__always)
    public subscript(column: Int) -> CellValue? {
        guard column >= 1, column <= values.count else { return nil }
        let v = values[column - 1]
        return v.isEmpty ? nil : v
    }

    /// Whether no cell holds anything.
    public var isEmpty: Bool { values.allSatisfy(\.isEmpty) }

    /// The non-empty cells with their 1-based columns.
    public var nonEmpty: [(column: Int, value: CellValue)] {
        values.enumerated().compactMap { $1.isEmpty ? nil : ($0 + 1, $1) }
    }
}

/// What the validator sees of one input row: its cells by 1-based column, and where it came from.
public struct InputRow: Sendable {
    public var location: InputLocation
    public var cells: RowCells

    public init(location: InputLocation, cells: RowCells) {
        self.location = location
        self.cells = cells
    }
}

/// How the columns of a batch map to fields.
public struct FieldMapping: Sendable {
    /// Field index by 1-based column.
    public var fields: [Int: Int]
    /// Unknown columns: 1-based column → header text.
    public var unknown: [Int: String]
    /// Headers as they appear: 1-based column → header text.
    public var headers: [Int: String]
    /// Columns of fields kept aside as unknown columns (a prison batch's verification columns).
    public var keptAside: Set<Int> = []

    public init(fields: [Int: Int], unknown: [Int: String], headers: [Int: String]) {
        self.fields = fields
        self.unknown = unknown
        self.headers = headers
    }
}

/// Checks one row against domain §3–§4 and turns it into canonical values; every problem becomes a located
/// diagnostic with its rule id. Errors reject the row; warnings and notes keep it.
public struct RecordValidator: Sendable {
    public let reference: ReferenceData
    public let today: CivilDate

    /// The code table of each coded field, by field position.
    private let tables: [CodeTable?]

    public init(reference: ReferenceData, today: CivilDate) {
        self.reference = reference
        self.today = today
        tables = PersonFields.all.map { field in
            if case .code(let id) = field.kind { return reference.table(id) }
            return nil
        }
    }

    /// Excel's limit on the characters of a cell (UTF-16 code units).
    public static let maxCellCharacters = 32_767

    /// Validates `row`; returns the record, or the diagnostics (at least one error) when it is rejected.
    public func validate(_ row: InputRow, mapping: FieldMapping) -> Result<ValidRecord, RejectedRow> {
        var diagnostics: [Diagnostic] = []
        var values = [String?](repeating: nil, count: PersonFields.all.count)
        var columnOf = [Int?](repeating: nil, count: PersonFields.all.count)
        var hasError = false

        func at(_ column: Int?) -> InputLocation {
            var loc = row.location
            loc.column = column
            loc.columnName = column.flatMap { mapping.headers[$0] }
            return loc
        }
        func report(_ severity: Diagnostic.Severity, _ rule: String, _ column: Int?, _ message: String) {
            if severity == .error { hasError = true }
            var text = message
            if let column {
                let ref = CellReference(row: row.location.row ?? 0, column: column)
                text = "column '\(mapping.headers[column] ?? "")' (\(ref)): " + message
            }
            diagnostics.append(Diagnostic(severity, rule, at: at(column), text))
        }

        // What a spreadsheet cannot hold never enters the register: a NUL byte (read back, it cuts the text) and
        // text over Excel's 32,767 characters (an export would have to cut it).
        for (i, cell) in row.cells.values.enumerated() {
            guard case .text(let t) = cell else { continue }
            if t.utf8.count > RecordValidator.maxCellCharacters, t.utf16.count > RecordValidator.maxCellCharacters {
                report(.error, "cell-too-long", i + 1,
                       "holds \(t.utf16.count) characters, more than a spreadsheet cell's \(RecordValidator.maxCellCharacters)")
            } else if t.utf8.withContiguousStorageIfAvailable({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }) ?? t.utf8.contains(0) {
                report(.error, "nul-character", i + 1, "holds a NUL character (byte 0), which a spreadsheet cannot keep; remove it")
            }
        }

        var idProblemColumn: Int?
        var id: IDNumber?
        for (column, fieldIndex) in mapping.fields {
            guard let cell = row.cells[column] else { continue }
            let spec = PersonFields.all[fieldIndex]
            columnOf[fieldIndex] = column
            switch spec.kind {
            case .text:
                let s = RecordValidator.text(cell).trimmingSpaces()
                if !s.isEmpty { values[fieldIndex] = s }
            case .date(let pastEvent):
                guard let d = DateText.date(from: cell) else {
                    report(.error, "date-format", column, "expected a date such as 2026-03-05, 2026/3/5, 2026年3月5日 or 20260305, found \(Diagnostic.quote(RecordValidator.text(cell)))")
                    continue
                }
                if pastEvent && d > today {
                    report(.error, "future-date", column, "expected a date on or before \(today), found '\(d)'")
                    continue
                }
                values[fieldIndex] = d.description
            case .code(let table):
                let s = RecordValidator.text(cell).trimmingSpaces()
                guard !s.isEmpty else { continue }
                guard let name = tables[fieldIndex]!.canonical(s) else {
                    let names = reference.table(table).names
                    let list = names.count <= 10 ? names.joined(separator: "/") : names.prefix(8).joined(separator: "/") + "/…"
                    report(.error, "code-table", column, "expected one of \(list), found \(Diagnostic.quote(s))")
                    continue
                }
                values[fieldIndex] = name
            case .integer:
                let s = RecordValidator.text(cell).trimmingSpaces()
                guard let n = Int(s), n > 0, n < 100 else {
                    report(.error, "integer", column, "expected a whole number of years, found \(Diagnostic.quote(s))")
                    continue
                }
                values[fieldIndex] = String(n)
            case .idNumber:
                if case .number(let v) = cell, abs(v) >= 1e15 {
                    report(.error, "id-number-cell", column,
                           "the ID number is stored as a number and has lost its last digits (\(String(Int64(abs(v))).count) digits kept as a number); format the column as text and type the number again")
                    idProblemColumn = column
                    continue
                }
                let s = RecordValidator.text(cell)
                switch IDNumber.parse(s, today: today) {
                case .success(let parsed):
                    id = parsed
                    values[fieldIndex] = parsed.value
                    if parsed.wasConverted {
                        report(.warning, "id-15-converted", column, "a legacy 15-digit number, converted to \(IDNumber.mask(parsed.value))")
                    }
                case .failure(let problem):
                    idProblemColumn = column
                    let masked = Diagnostic.quote(IDNumber.mask(s.trimmingSpaces()))
                    switch problem {
                    case .format(let expected):
                        report(.error, "id-format", column, "expected \(expected), found \(masked) (疑似三假)")
                    case .checksum(let expected, let found):
                        report(.error, "id-checksum", column, "the check character should be '\(expected)', found '\(found)' in \(masked) (疑似三假)")
                    case .birthDate(let digits):
                        report(.error, "id-birth-date", column, "the birth date digits '\(digits)' are not a real date in \(masked) (疑似三假)")
                    case .futureBirthDate(let d):
                        report(.error, "id-birth-date", column, "the birth date \(d) lies in the future in \(masked) (疑似三假)")
                    case .sequenceZero:
                        report(.error, "id-sequence", column, "the sequence number 000 is never issued, in \(masked) (疑似三假)")
                    }
                }
            case .region:
                let s = RecordValidator.text(cell).trimmingSpaces()
                guard RegionCode.isWellFormed(s) else {
                    report(.error, "region-format", column, "expected a region code of 6, 9 or 12 digits, found \(Diagnostic.quote(s))")
                    continue
                }
                if !reference.regions.isKnown(s) {
                    if reference.regions.isNewTownship(s) {
                        report(.warning, "region-code", column, "township code '\(s)' is not in the 2022 township table; kept as given")
                    } else {
                        report(.error, "region-code", column, "expected a GB/T 2260 region code, found '\(s)', which names no known division")
                        continue
                    }
                }
                values[fieldIndex] = s
            }
        }

        let idIndex = PersonFields.At.idNumber
        let birthIndex = PersonFields.At.birthDate
        let sexIndex = PersonFields.At.sex
        if let id {
            if let given = values[birthIndex], given != id.birthDate.description {
                report(.error, "birth-date-mismatch", columnOf[birthIndex],
                       "expected \(id.birthDate) (from the ID number), found '\(given)'")
            } else if values[birthIndex] == nil {
                values[birthIndex] = id.birthDate.description
            }
            let sexFromID = id.isMale ? "男" : "女"
            if let given = values[sexIndex], given != sexFromID, given == "男" || given == "女" {
                report(.error, "sex-mismatch", columnOf[sexIndex], "expected '\(sexFromID)' (from the ID number), found '\(given)'")
            } else if values[sexIndex] == nil {
                values[sexIndex] = sexFromID
            }
        }

        let name = values[PersonFields.At.name]
        if name == nil {
            report(.error, "required", nil, "the row has no 姓名 (name), which every record needs")
        }
        var key = id?.value ?? ""
        var fallback = false
        if id == nil && idProblemColumn == nil {
            if let fallbackKey = ValidRecord.fallbackKey(of: values) {
                key = fallbackKey
                fallback = true
                report(.warning, "fallback-key", nil, "no 公民身份号码: keyed by 姓名, 出生日期, 服刑场所 and 罪犯编号 instead (flagged for checking)")
            } else {
                report(.error, "required", nil, "the row has no 公民身份号码, and 姓名, 出生日期, 服刑场所 and 罪犯编号 are not all given to key it instead")
            }
        }
        _ = idIndex

        // Warnings of domain §4.
        let sourceIndex = PersonFields.At.releaseSource
        if values[sourceIndex] == "劳教所", let release = values[PersonFields.At.releaseDate], release > "2013-12-31" {
            report(.warning, "laojiao-after-2013", columnOf[sourceIndex], "劳教 was abolished in 2013, but the release from a 劳教所 is dated \(release)")
        }
        let reasonIndex = PersonFields.At.notHandedOverReason
        if values[reasonIndex] != nil, values[PersonFields.At.handoverDate] != nil {
            report(.warning, "handover-reason-ignored", columnOf[reasonIndex], "a 未衔接原因 is given for someone with a 衔接日期; the reason does not count")
        }

        // 户籍 as text only: derive the code from the names (domain §2) and say so.
        let hukouIndex = PersonFields.At.hukouRegion
        if values[hukouIndex] == nil, let address = values[PersonFields.At.hukouAddress],
           let derived = reference.regions.derive(from: address) {
            values[hukouIndex] = derived.code
            report(.note, "region-derived", columnOf[PersonFields.At.hukouAddress],
                   "户籍地区划代码 derived from the address as \(derived.code) (\(derived.names.joined()))")
        }

        if hasError { return .failure(RejectedRow(location: row.location, diagnostics: diagnostics)) }
        var extra: [(String, String)] = []
        for column in mapping.unknown.keys.sorted() {
            if let cell = row.cells[column] { extra.append((mapping.unknown[column]!, RecordValidator.text(cell))) }
        }
        return .success(ValidRecord(values: values, key: key, keyIsFallback: fallback, extra: extra, diagnostics: diagnostics))
    }

    /// The text of a cell as a record field takes it: numbers without exponent or trailing `.0`
    /// (codes and phone numbers typed as numbers), dates in ISO form.
    public static func text(_ value: CellValue) -> String {
        switch value {
        case .number(let v) where v == v.rounded() && abs(v) < 1e18:
            return String(Int64(v))
        default:
            return CellText.string(value)
        }
    }
}

/// A row that failed validation, with all its diagnostics.
public struct RejectedRow: Error, Sendable {
    public var location: InputLocation
    public var diagnostics: [Diagnostic]
}
