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
                        .formula, "indicator \(indicator): '\(token)' is not an indicator defined before it")
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
                "indicator \(indicator): a rate is 'NUMERATOR / DENOMINATOR' of indicators defined before it, found '\(formula)'"
            )
        }
        return (n, d)
    }
}
