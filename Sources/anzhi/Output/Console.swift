import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet
import Synchronization

/// Where the CLI prints: results on standard output, diagnostics and notes on standard error.
///
/// A write that fails never traps: the failure is remembered, later writes to that stream are skipped, and the
/// command ends as it would have, except that a failed output becomes exit 2 (the work already done, such as a
/// committed import, is kept). A reader that went away (`| head`) ends the command quietly.
enum Console {
    /// The first write error (errno) on each stream: [stdout, stderr].
    private static let failures = Mutex<[Int32?]>([nil, nil])

    static func out(_ line: String) { write(line + "\n", to: STDOUT_FILENO) }
    static func err(_ line: String) { write(line + "\n", to: STDERR_FILENO) }

    /// Text without a line end (progress on a terminal).
    static func progress(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to fd: Int32) {
        let slot = fd == STDOUT_FILENO ? 0 : 1
        if failures.withLock({ $0[slot] }) != nil { return }
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    failures.withLock { $0[slot] = code }
                    return
                }
                offset += n
            }
        }
    }

    /// Records a failure of the library's own writes to standard output (`sheet to-csv` without `-o`).
    static func noteOutputFailure(_ code: Int32) { failures.withLock { $0[0] = code } }

    /// The status a command ends with once its output is accounted for: a closed pipe keeps the status and says
    /// nothing; any other failed write to standard output is exit 2 with a message on standard error.
    static func finalStatus(_ status: Int32) -> Int32 {
        let (outFailure, errFailure) = failures.withLock { ($0[0], $0[1]) }
        if outFailure == EPIPE || errFailure == EPIPE { return status }
        if let code = outFailure {
            err(
                Diagnostic.Severity.error.word + ": "
                    + L("cli.stdout-failed", "reason", SystemErrorText.text(code))
            )
            return 2
        }
        if errFailure != nil { return 2 }
        return status
    }
}

/// What to type next, for errors whose remedy is a command-line option (the libraries never name options).
enum Hints {
    static func hint(for error: any LocatedError) -> String? {
        switch (error as? StoreError)?.code {
        case .noDatabase?: return L("hint.no-database")
        case .databaseExists?: return L("hint.database-exists")
        case .staleConflict?: return L("hint.stale-conflict")
        default: break
        }
        if let e = error as? SpreadsheetError, e.code == .encoding, !e.message.hasPrefix("the file is neither") {
            return L("hint.encoding")
        }
        if (error as? ImportError)?.code == .tooManyErrors { return L("hint.max-errors") }
        return nil
    }
}

/// An error of the CLI itself, in the libraries' shape.
struct CommandError: LocatedError {
    let codeName: String
    let message: String
    var location: InputLocation? = nil
    var cause: (any Error & Sendable)? = nil
}

/// Exit statuses: 0 success, 1 data problems reported, 2 a file could not be read or written.
enum Exit {
    static func run(_ body: () throws -> Int32) throws {
        var status: Int32
        do {
            status = try body()
        } catch let error as ValidationError {
            throw error  // bad usage: ArgumentParser prints it with the usage and exits 64
        } catch let error as ExitCode {
            throw error
        } catch let error as SpreadsheetError where (error.cause as? POSIXError)?.code == .EPIPE {
            Console.noteOutputFailure(EPIPE)  // the reader of our output went away: end quietly
            status = 0
        } catch let error as any LocatedError {
            // The libraries' errors print like diagnostics, the location first; the CLI adds what to type.
            Console.err(error.description + (Hints.hint(for: error) ?? ""))
            status = 2
        } catch {
            // A file that cannot be read or written, a broken definition, a locked or broken database: a failure
            // (exit 2), never a data problem (exit 1). The errors describe themselves (CustomStringConvertible).
            Console.err(Diagnostic.Severity.error.word + ": \(error)")
            status = 2
        }
        status = Console.finalStatus(status)
        TemporaryFiles.removeAll()
        if status != 0 { throw ExitCode(status) }
    }
}
