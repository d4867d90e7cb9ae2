import Foundation
import Spreadsheet

/// One row under validation: the values read so far, the column each came from, and the findings. Each check of
/// `RecordValidator` reads it and adds to it.
struct RowCheck {
    let row: InputRow
    let mapping: FieldMapping
    var values = [String?](repeating: nil, count: PersonFields.all.count)
    var columnOf = [Int?](repeating: nil, count: PersonFields.all.count)
    var diagnostics: [Diagnostic] = []
    var hasError = false
    /// The parsed ID number, or the column where it could not be read.
    var id: IDNumber?
    var idProblemColumn: Int?

    init(row: InputRow, mapping: FieldMapping) {
        self.row = row
        self.mapping = mapping
    }

    /// Records a finding at `column` (nil: the whole row); messages about a cell start with its header and reference.
    /// The message is `key` of the message catalogue with `values` (`diag.at-cell` puts the cell in front).
    mutating func report(
        _ severity: Diagnostic.Severity, _ rule: String, _ column: Int?, key: String, _ values: [String: String] = [:]
    ) {
        if severity == .error { hasError = true }
        var location = row.location
        location.column = column
        location.columnName = column.flatMap { mapping.headers[$0] }
        var text = Messages.text(key, values)
        if let column {
            text = Messages.text(
                "diag.at-cell",
                [
                    "header": mapping.headers[column] ?? "",
                    "cell": CellReference(row: row.location.row ?? 0, column: column).description, "text": text,
                ])
        }
        diagnostics.append(Diagnostic(severity, rule, at: location, text))
    }
}

extension RecordValidator {
    /// What a spreadsheet cannot hold never enters the register: a NUL byte (read back, it cuts the text) and text
    /// over Excel's 32,767 characters (an export would have to cut it).
    func checkCellLimits(_ check: inout RowCheck) {
        for (i, cell) in check.row.cells.values.enumerated() {
            guard case .text(let t) = cell else { continue }
            if t.utf8.count > RecordValidator.maxCellCharacters, t.utf16.count > RecordValidator.maxCellCharacters {
                check.report(
                    .error, "cell-too-long", i + 1, key: "diag.cell-too-long",
                    ["count": "\(t.utf16.count)", "limit": "\(RecordValidator.maxCellCharacters)"])
            } else if RecordValidator.containsNUL(t) {
                check.report(
                    .error, "nul-character", i + 1, key: "diag.nul-character")
            }
        }
    }

    /// Whether `t` holds a NUL byte: `memchr` on a large string's storage, a plain loop over a small one (whose
    /// bytes live inline and lend no contiguous storage; the generic `contains` was measurable on the hot path).
    static func containsNUL(_ t: String) -> Bool {
        if let found = t.utf8.withContiguousStorageIfAvailable({
            $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil
        }) {
            return found
        }
        for b in t.utf8 where b == 0 { return true }
        return false
    }

    /// Reads every mapped field by its kind into canonical text.
    func readFields(_ check: inout RowCheck) {
        for (column, fieldIndex) in check.mapping.fields {
            guard let cell = check.row.cells[column] else { continue }
            check.columnOf[fieldIndex] = column
            let value: String?
            switch PersonFields.all[fieldIndex].kind {
            case .text:
                let s = RecordValidator.text(cell).trimmingSpaces()
                value = s.isEmpty ? nil : s
            case .date(let pastEvent): value = readDate(cell, pastEvent: pastEvent, column: column, &check)
            case .code(let table): value = readCode(cell, table: table, field: fieldIndex, column: column, &check)
            case .integer: value = readInteger(cell, column: column, &check)
            case .idNumber: value = readIDNumber(cell, column: column, &check)
            case .region: value = readRegion(cell, column: column, &check)
            }
            if let value { check.values[fieldIndex] = value }
        }
    }

    private func readDate(_ cell: CellValue, pastEvent: Bool, column: Int, _ check: inout RowCheck) -> String? {
        guard let d = DateText.date(from: cell) else {
            check.report(
                .error, "date-format", column, key: "diag.date-format",
                ["found": Diagnostic.quote(RecordValidator.text(cell))])
            return nil
        }
        if pastEvent && d > today {
            check.report(
                .error, "future-date", column, key: "diag.future-date", ["today": "\(today)", "found": "'\(d)'"])
            return nil
        }
        return d.description
    }

    private func readCode(_ cell: CellValue, table: String, field: Int, column: Int, _ check: inout RowCheck) -> String?
    {
        let s = RecordValidator.text(cell).trimmingSpaces()
        guard !s.isEmpty else { return nil }
        guard let name = tables[field]!.canonical(s) else {
            let names = reference.table(table).names
            let list = names.count <= 10 ? names.joined(separator: "/") : names.prefix(8).joined(separator: "/") + "/…"
            check.report(
                .error, "code-table", column, key: "diag.code-table", ["list": list, "found": Diagnostic.quote(s)])
            return nil
        }
        return name
    }

    private func readInteger(_ cell: CellValue, column: Int, _ check: inout RowCheck) -> String? {
        let s = RecordValidator.text(cell).trimmingSpaces()
        guard let n = Int(s), n > 0, n < 100 else {
            check.report(.error, "integer", column, key: "diag.integer", ["found": Diagnostic.quote(s)])
            return nil
        }
        return String(n)
    }

    /// The 公民身份号码 (domain §3): an 18-digit number typed as a number has lost digits; a legacy 15-digit one is
    /// converted; a failing one is an error that flags the row 疑似三假.
    private func readIDNumber(_ cell: CellValue, column: Int, _ check: inout RowCheck) -> String? {
        if case .number(let v) = cell, abs(v) >= 1e15 {
            check.report(
                .error, "id-number-cell", column, key: "diag.id-number-cell",
                ["digits": "\(String(Int64(abs(v))).count)"])
            check.idProblemColumn = column
            return nil
        }
        let s = RecordValidator.text(cell)
        switch IDNumber.parse(s, today: today) {
        case .success(let parsed):
            check.id = parsed
            if parsed.wasConverted {
                check.report(
                    .warning, "id-15-converted", column, key: "diag.id-15-converted",
                    ["converted": IDNumber.mask(parsed.value)])
            }
            return parsed.value
        case .failure(let problem):
            check.idProblemColumn = column
            let masked = Diagnostic.quote(IDNumber.mask(s.trimmingSpaces()))
            let (key, values) = problem.message
            check.report(.error, problem.ruleID, column, key: key, values.merging(["found": masked]) { a, _ in a })
            return nil
        }
    }

    private func readRegion(_ cell: CellValue, column: Int, _ check: inout RowCheck) -> String? {
        let s = RecordValidator.text(cell).trimmingSpaces()
        guard RegionCode.isWellFormed(s) else {
            check.report(
                .error, "region-format", column, key: "diag.region-format", ["found": Diagnostic.quote(s)])
            return nil
        }
        if !reference.regions.isKnown(s) {
            guard reference.regions.isNewTownship(s) else {
                check.report(
                    .error, "region-code", column, key: "diag.region-code", ["found": s])
                return nil
            }
            check.report(
                .warning, "region-code", column, key: "diag.region-code.township", ["found": s])
        }
        return s
    }

    /// 出生日期 and 性别 must agree with the ID number; when absent they are derived from it (domain §3).
    func checkAgainstIDNumber(_ check: inout RowCheck) {
        guard let id = check.id else { return }
        let birthIndex = PersonFields.At.birthDate
        let sexIndex = PersonFields.At.sex
        if let given = check.values[birthIndex], given != id.birthDate.description {
            check.report(
                .error, "birth-date-mismatch", check.columnOf[birthIndex], key: "diag.birth-date-mismatch",
                ["expected": "\(id.birthDate)", "found": given])
        } else if check.values[birthIndex] == nil {
            check.values[birthIndex] = id.birthDate.description
        }
        let sexFromID = id.isMale ? "男" : "女"
        if let given = check.values[sexIndex], given != sexFromID, given == "男" || given == "女" {
            check.report(
                .error, "sex-mismatch", check.columnOf[sexIndex], key: "diag.sex-mismatch",
                ["expected": sexFromID, "found": given])
        } else if check.values[sexIndex] == nil {
            check.values[sexIndex] = sexFromID
        }
    }

    /// The merge key: the ID number, or the fallback key (flagged) when there is none; a row needs a name and one
    /// of the two.
    func mergeKey(_ check: inout RowCheck) -> (key: String, isFallback: Bool) {
        if check.values[PersonFields.At.name] == nil {
            check.report(.error, "required", nil, key: "diag.required.name")
        }
        if let id = check.id { return (id.value, false) }
        guard check.idProblemColumn == nil else { return ("", false) }
        if let fallbackKey = ValidRecord.fallbackKey(of: check.values) {
            check.report(
                .warning, "fallback-key", nil, key: "diag.fallback-key")
            return (fallbackKey, true)
        }
        check.report(
            .error, "required", nil, key: "diag.required.id")
        return ("", false)
    }

    /// The warnings of domain §4: a 劳教所 release after 2013, a 未衔接原因 for someone handed over.
    func checkDomainWarnings(_ check: inout RowCheck) {
        let sourceIndex = PersonFields.At.releaseSource
        if check.values[sourceIndex] == "劳教所", let release = check.values[PersonFields.At.releaseDate],
            release > "2013-12-31"
        {
            check.report(
                .warning, "laojiao-after-2013", check.columnOf[sourceIndex], key: "diag.laojiao-after-2013",
                ["date": "\(release)"])
        }
        let reasonIndex = PersonFields.At.notHandedOverReason
        if check.values[reasonIndex] != nil, check.values[PersonFields.At.handoverDate] != nil {
            check.report(
                .warning, "handover-reason-ignored", check.columnOf[reasonIndex], key: "diag.handover-reason-ignored")
        }
        // A failed verification goes back to the prison, which can only correct the record knowing why.
        let verification = PersonFields.index["verification"]!
        if check.values[verification] == "核实失败", check.values[PersonFields.index["verificationNote"]!] == nil {
            check.report(
                .warning, "verification-reason-missing", check.columnOf[verification],
                key: "diag.verification-reason-missing")
        }
    }

    /// 户籍 as text only: the code derived from the names (domain §2), said in a note.
    func deriveHukou(_ check: inout RowCheck) {
        let hukouIndex = PersonFields.At.hukouRegion
        guard check.values[hukouIndex] == nil, let address = check.values[PersonFields.At.hukouAddress],
            let derived = reference.regions.derive(from: address)
        else { return }
        check.values[hukouIndex] = derived.code
        check.report(
            .note, "region-derived", check.columnOf[PersonFields.At.hukouAddress], key: "diag.region-derived",
            ["code": derived.code, "names": derived.names.joined()])
    }
}
