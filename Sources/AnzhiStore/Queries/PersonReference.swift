import AnzhiCore
import Foundation
import GRDB
public import Spreadsheet

/// How a command names a person: the short handle every list prints (`#17`), the 公民身份号码 (15 or 18 digits),
/// or, for someone without one, the fallback key 姓名|出生日期|服刑场所|罪犯编号.
public enum PersonReference: Sendable, Equatable {
    case handle(Int64)
    case key(String)

    /// Reads what a person typed.
    /// - Throws: `StoreError` when the text is none of the three forms (the ID number is masked in the message).
    public init(parsing text: String, today: CivilDate) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.hasPrefix("#") ? String(t.dropFirst()) : t
        // A handle is short (#17, or 17 alone); longer digit strings are (mistyped) ID numbers, never handles.
        if !digits.isEmpty, digits.count <= (t.hasPrefix("#") ? 12 : 9), digits.allSatisfy(\.isASCIIDigit),
            let n = Int64(digits)
        {
            self = .handle(n)
        } else if t.contains("|") {
            self = .key(PersonKey.fallback(typed: t))
        } else if case .success(let id) = IDNumber.parse(t, today: today) {
            self = .key(id.value)
        } else {
            throw StoreError(
                .invalidArgument,
                key: "error.invalid-argument.person-reference", ["found": "\(IDNumber.mask(t))"])
        }
    }
}

extension PersonReference: CustomStringConvertible {
    /// The reference as it may be shown: the handle, or the key with the ID number masked.
    public var description: String {
        switch self {
        case .handle(let id): return "#\(id)"
        case .key(let key): return PersonKey.display(key)
        }
    }
}

extension StoredPerson {
    /// The short handle lists print and commands accept (`#17`).
    public var handle: String { "#\(id)" }

    /// The key as it may be shown: the masked ID number, or the fallback key.
    public var maskedKey: String { PersonKey.display(key) }
}

extension Store {
    /// The person a reference names, if the register has them.
    public func person(_ reference: PersonReference) throws -> StoredPerson? {
        switch reference {
        case .key(let key): return try person(key: key)
        case .handle(let id):
            return try queue.read { db in
                try Row.fetchOne(db, sql: Store.selectPerson + " WHERE id = ?", arguments: [id]).map(
                    Store.person(from:))
            }
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
