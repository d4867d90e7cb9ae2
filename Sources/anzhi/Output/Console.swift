import Foundation
import Spreadsheet
import ArgumentParser
import AnzhiStore
import AnzhiExchange
import AnzhiReports

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
        } catch let error as SpreadsheetError {
            Console.err("error: \(error)")
            status = 2
        } catch let error as StoreError {
            Console.err("error: \(error)")
            status = 2
        } catch let error as ReportError {
            Console.err("error: \(error)")
            status = 2
        } catch let error as ImportError {
            Console.err("error: \(error)")
            status = 2
        } catch let error as ValidationError {
            throw error   // bad usage: ArgumentParser prints it with the usage and exits 64
        } catch let error as ExitCode {
            throw error
        } catch {
            // Anything else (a locked or broken database, a file system error) is a failure, not a data problem.
            Console.err("error: \(error)")
            status = 2
        }
        if status != 0 { throw ExitCode(status) }
    }
}
