import AnzhiCore
import AnzhiStore
import Spreadsheet

/// The person a command names (a handle such as #17, the 公民身份号码, or the fallback key), or a `not-found`
/// error; with `inCustody`, someone already released is refused (核实 and 回执 are for people in custody).
enum PersonArgument {
    static func find(_ text: String, in db: Store, inCustody: Bool = false) throws -> StoredPerson {
        let reference = try PersonReference(parsing: text, today: Today.date())
        guard let p = try db.person(reference) else {
            throw StoreError(.notFound, key: "persons.not-found", ["person": "\(reference)"])
        }
        if inCustody, let release = p.value("releaseDate").flatMap(DateText.parse), release <= Today.date() {
            throw CommandError(
                codeName: "already-released",
                message: L("persons.released", "person", p.handle, "date", release))
        }
        return p
    }
}
