public import AnzhiCore
public import AnzhiStore
public import Spreadsheet

/// How a batch is imported.
public struct ImportOptions: Sendable {
    /// Which side sent the batch: the owner's values update; another side's fill empty fields or become
    /// conflicts; a migration owns every field.
    public var side: BatchSide
    public var encoding: CSVEncodingChoice = .auto
    /// `--mapping FILE`: an office's own headers.
    public var mappingFile: String?
    /// `--sheet NAME`: read only this worksheet (hidden ones too).
    public var sheet: String?
    /// More rejected rows than this stop the file early, with nothing imported: such a file is the wrong file,
    /// or shifted, and its findings would only flood the clerk (and memory).
    public var maxErrors = 10_000
    /// Validate and merge, then roll back.
    public var dryRun = false
    public var today: CivilDate
    /// Called with the number of rows read so far, every 10,000 rows.
    public var progress: (@Sendable (Int) -> Void)?
    /// Update only people already in the register: rows about anyone else are counted apart (outside), never
    /// inserted. A 司法所's answers (核实, 回执) reach a prison this way, for the people the prison holds.
    public var existingOnly = false
    /// The history that travelled with a package's people, added in the same transaction once every row is merged
    /// (the people and their history are imported together or not at all).
    public var travellingHistory: TravellingHistory?
    /// Fault injection for tests: throw after this many data rows, inside the transaction.
    public var failAfterRows: Int?

    public init(side: BatchSide, today: CivilDate) {
        self.side = side
        self.today = today
    }
}

/// The history that came with people from another office: where it came from, and its changes, asked for once the
/// people are merged (so that they can be read beside the import).
public struct TravellingHistory: Sendable {
    public var origin: String
    public var changes: @Sendable () throws -> [TravellingChange]

    public init(origin: String, changes: @escaping @Sendable () throws -> [TravellingChange]) {
        self.origin = origin
        self.changes = changes
    }
}

/// What importing one file did.
public struct ImportReport: Sendable {
    public var file: String
    public var counts = ImportCounts()
    /// Every finding, sorted by location.
    public var diagnostics: [Diagnostic] = []
    /// When a file with the same content was imported before.
    public var previouslyImportedAt: String?
    public var dryRun = false
    /// The rejected rows, as read (for `--errors`).
    public var rejected: [RejectedInput] = []
    /// The encoding a CSV file was read in.
    public var encoding: TextEncoding?
    /// What the bytes were read as (`xlsx`, `csv`, `xls-biff8`, `xls-biff5`, `html`, `xml-spreadsheet-2003`),
    /// whatever the file's name says.
    public var format = "xlsx"
    /// The kind of workbook read (nil for CSV).
    public var workbookKind: WorkbookKind?
    public var visitsAdded = 0
    /// How many changes of the travelling history were added (`ImportOptions.travellingHistory`).
    public var historyAdded = 0
}

/// A file-level import failure: nothing of the file is imported.
public typealias ImportError = CodedError<ImportErrorCode>

/// The codes of `ImportError`.
public struct ImportErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in messages, JSON and DIAGNOSTICS.md.
    public let description: String
    private init(_ description: String) { self.description = description }

    /// No table of the file has a header row.
    public static let noHeaderRow = ImportErrorCode("no-header-row")
    /// More rows were rejected than the limit allows.
    public static let tooManyErrors = ImportErrorCode("too-many-errors")
    /// A `--mapping` file names something that is not a field.
    public static let mapping = ImportErrorCode("mapping")
    /// A test's injected failure.
    public static let faultInjected = ImportErrorCode("fault-injected")
}
