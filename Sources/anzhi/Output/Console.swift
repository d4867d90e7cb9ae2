import Foundation
import ArgumentParser

/// Where the CLI prints: results on standard output, diagnostics and notes on standard error.
enum Console {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func err(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Exit statuses: 0 success, 1 data problems reported, 2 a file could not be read or written.
enum Exit {
    static func run(_ body: () throws -> Int32) throws {
        let status: Int32
        do {
            status = try body()
        } catch let error as ValidationError {
            throw error   // bad usage: ArgumentParser prints it with the usage and exits 64
        } catch let error as ExitCode {
            throw error
        } catch {
            // A file that cannot be read or written, a broken definition, a locked or broken database: a failure
            // (exit 2), never a data problem (exit 1). The errors describe themselves (CustomStringConvertible).
            Console.err("error: \(error)")
            status = 2
        }
        if status != 0 { throw ExitCode(status) }
    }
}
