import Foundation

/// Real spreadsheet programs used as test oracles: what we write must open in them with the same values.
/// Installed by `Scripts/setup.sh --test` (and so in CI); absent locally, their tests are skipped with a note.
enum Oracles {
    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static let soffice: String? = which("soffice")
    static let python: String? = which("python3")
    static let hasOpenpyxl: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import openpyxl"]).status) == 0
    }()

    static let sofficeMissing =
        "LibreOffice (soffice) is not installed: run Scripts/setup.sh --test to enable this test"
    static let openpyxlMissing =
        "python3 with openpyxl is not installed: run Scripts/setup.sh --test to enable this test"

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program to completion and returns its exit status and output.
    static func run(_ program: String, _ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// Converts workbooks to CSV with LibreOffice, one file per sheet (`NAME-Sheet.csv`), values as shown,
    /// UTF-8. Each call uses its own profile folder: concurrent conversions on one profile lose output.
    static func libreOfficeCSV(_ files: [String], outDir: String) throws -> Output {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try run(
            soffice!,
            [
                "--headless", "--norestore", "-env:UserInstallation=\(profile.absoluteString)",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                "--outdir", outDir,
            ] + files)
    }
}
