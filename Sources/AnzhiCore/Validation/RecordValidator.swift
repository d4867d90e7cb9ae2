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
        let parts = [
            PersonFields.At.name, PersonFields.At.birthDate, PersonFields.At.institution, PersonFields.At.inmateNumber,
        ].map { values[$0] }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return PersonKey.fallback(
            name: parts[0]!, birthDate: parts[1]!, institution: parts[2]!, inmateNumber: parts[3]!)
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
    let tables: [CodeTable?]

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
    /// One entry point over per-concern checks (RecordValidator+Checks.swift), in this order: what a spreadsheet
    /// cannot hold, each field by its kind, birth date and sex against the ID number, the merge key, the warnings
    /// of domain §4, and the 户籍 code derived from the address.
    public func validate(_ row: InputRow, mapping: FieldMapping) -> Result<ValidRecord, RejectedRow> {
        var check = RowCheck(row: row, mapping: mapping)
        checkCellLimits(&check)
        readFields(&check)
        checkAgainstIDNumber(&check)
        let (key, fallback) = mergeKey(&check)
        checkDomainWarnings(&check)
        deriveHukou(&check)
        if check.hasError {
            return .failure(
                RejectedRow(location: row.location, diagnostics: check.diagnostics, hukouRegion: placeableHukou(check)))
        }
        var extra: [(String, String)] = []
        for column in mapping.unknown.keys.sorted() {
            if let cell = row.cells[column] { extra.append((mapping.unknown[column]!, RecordValidator.text(cell))) }
        }
        return .success(
            ValidRecord(
                values: check.values, key: key, keyIsFallback: fallback, extra: extra,
                diagnostics: check.diagnostics))
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
    /// The row's 户籍 code (given or derived) when no error is about the 户籍 columns: enough to tell that the row
    /// belongs to another office, whose row it is not this office's to reject (domain §4).
    public var hukouRegion: String?

    /// A failed row at `location`, with its findings and the 户籍 code that places it, when known.
    public init(location: InputLocation, diagnostics: [Diagnostic], hukouRegion: String? = nil) {
        self.location = location
        self.diagnostics = diagnostics
        self.hukouRegion = hukouRegion
    }
}

extension RecordValidator {
    /// The 户籍 code of a failed row, unless an error is about the 户籍 code or address.
    fileprivate func placeableHukou(_ check: RowCheck) -> String? {
        let columns = [PersonFields.At.hukouRegion, PersonFields.At.hukouAddress].compactMap { check.columnOf[$0] }
        let doubtful = check.diagnostics.contains {
            $0.severity == .error && $0.location.column.map(columns.contains) == true
        }
        return doubtful ? nil : check.values[PersonFields.At.hukouRegion]
    }
}
