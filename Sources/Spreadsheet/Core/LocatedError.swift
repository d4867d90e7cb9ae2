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
        (location.map { "\($0): " } ?? "") + Diagnostic.Severity.error.word + ": [\(codeName)] \(message)"
    }
}

/// The one error shape, generic over its library's codes: `SpreadsheetError`, `StoreError`, `ImportError` and
/// `ReportError` are this struct with their own `Code` (a struct around a private enum, so codes can grow).
public struct CodedError<Code: Hashable & Sendable & CustomStringConvertible>: LocatedError {
    public var code: Code
    /// A complete sentence fragment naming the thing and the problem.
    public var message: String
    public var location: InputLocation?
    public var cause: (any Error & Sendable)?
    public var codeName: String { code.description }

    public init(_ code: Code, _ message: String, location: InputLocation? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    /// An error whose message is `key` of the installed message catalogue (`Messages`), its placeholders filled
    /// from `values`.
    public init(
        _ code: Code, key: String, _ values: [String: String] = [:], location: InputLocation? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.init(code, Messages.text(key, values), location: location, cause: cause)
    }
}
