import AnzhiCore
import AnzhiStore
import Spreadsheet

/// The merge stage: applies processed rows to the register through the import's merge session.
final class MergeStage {
    let merger: BatchMerger
    private(set) var counts = ImportCounts()
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var rejected: [RejectedInput] = []
    private(set) var visitsAdded = 0
    /// Visits whose person was not yet in the register, retried once the whole file has been merged.
    private var deferred: [MergeItem] = []
    private var finishing = false

    init(merger: BatchMerger) {
        self.merger = merger
    }

    /// Applies the deferred visits; a person still missing makes the visit an error row.
    func finish() throws {
        finishing = true
        let items = deferred
        deferred = []
        for item in items { try apply(item) }
    }

    func apply(_ item: MergeItem) throws {
        switch item {
        case .person(let record, let location, let inQueue, let hash, let origin):
            let (outcome, conflicts) = try merger.merge(record, at: location, inQueue: inQueue, recordHash: hash)
            counts.conflicts += conflicts
            counts.corrected += try merger.clearRejected(key: record.key, origin: origin)
            switch outcome {
            case .inserted: counts.inserted += 1
            case .updated: counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
        case .movedOut(let record, let location, let hash, let day):
            let (_, conflicts) = try merger.merge(record, at: location, inQueue: false, recordHash: hash)
            try merger.markMovedOut(key: record.key, on: day, at: location)
            counts.conflicts += conflicts
            counts.updated += 1
        case .rejected(let input):
            try merger.reject(input)  // counted by the row processor
        case .visit(
            let key, let date, let visitor, let note, let location, let idLocation, let headers, let cells, let origin):
            guard let personID = merger.personID(forKey: key) else {
                // The person may come later in the same file (a visits sheet before the persons sheet).
                if !finishing {
                    deferred.append(item)
                    return
                }
                let d = Diagnostic(
                    .error, "visit-unknown-person", at: idLocation, key: "diag.visit-unknown-person",
                    ["id": IDNumber.mask(key)])
                let input = RejectedInput(
                    location: location, headers: headers, cells: cells, diagnostics: [d], personKey: key,
                    errorColumns: [PersonFields.visitHeaders[0].header], isVisit: true)
                counts.rejected += 1
                diagnostics.append(d)
                rejected.append(input)
                try merger.reject(input)
                return
            }
            if try merger.addVisit(personID: personID, date: date, visitor: visitor, note: note) {
                counts.inserted += 1
                visitsAdded += 1
            } else {
                counts.unchanged += 1
            }
            // A corrected row of an errors file: the rejected visit it stands for leaves the store.
            if let origin { counts.corrected += try merger.clearRejected(key: nil, origin: origin) }
        }
    }
}
