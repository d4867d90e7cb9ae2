/// The shape every library's error shares (`SpreadsheetError`, `StoreError`, `ImportError`, `ReportError`): a
/// stable kebab-case code, a message naming the thing and the problem, where it happened, and the underlying
/// error that caused it. It prints like a diagnostic, the location first:
/// `orders.xlsx:Sheet1:7:3: error: [code] message`.
public protocol LocatedError: Error, Sendable, CustomStringConvertible {
    /// The stable code, e.g. `not-a-database` (the rule id of a thrown error).
    var codeName: String { get }
    var message: String { get }
    var location: InputLocation? { get }
    var cause: (any Error & Sendable)? { get }
}

extension LocatedError {
    public var description: String {
        (location.map { "\($0): " } ?? "") + "error: [\(codeName)] \(message)"
    }
}
