import Foundation
import Spreadsheet

/// Adds and subtracts indicator ids (`B1 - B2`), or divides two of them (`B2 / B1`).
enum Formula {
    static func evaluate(_ formula: String, _ known: [String: Int], indicator: String) throws -> Int {
        var total = 0
        var sign = 1
        for token in formula.split(separator: " ") where !token.isEmpty {
            switch token {
            case "+": sign = 1
            case "-": sign = -1
            default:
                guard let v = known[String(token)] else {
                    throw ReportError(
                        .formula, key: "error.formula.unknown", ["indicator": "\(indicator)", "token": "\(token)"])
                }
                total += sign * v
            }
        }
        return total
    }

    static func ratio(_ formula: String, _ known: [String: Int], indicator: String) throws -> (Int, Int) {
        let parts = formula.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let n = known[parts[0]], let d = known[parts[1]] else {
            throw ReportError(
                .formula,
                key: "error.formula.rate", ["indicator": "\(indicator)", "formula": "\(formula)"]
            )
        }
        return (n, d)
    }
}
