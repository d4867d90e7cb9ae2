import Foundation

/// Runs the built `anzhi` binary (it sits beside the test bundle) and captures what it prints.
enum CLI {
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["ANZHI_BIN"] { return explicit }
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        var dir = runner.deletingLastPathComponent()
        if runner.pathExtension == "xctest" || dir.lastPathComponent.hasSuffix(".xctest") {
            while dir.lastPathComponent.hasSuffix(".xctest") || dir.lastPathComponent == "Contents"
                || dir.lastPathComponent == "MacOS"
            {
                dir = dir.deletingLastPathComponent()
            }
        }
        return dir.appendingPathComponent("anzhi").path
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The day every CLI test runs on: no result depends on the machine's date.
    static let today = "2026-11-29"

    static func run(
        _ arguments: [String], in directory: URL? = nil, program: String = binary, environment: [String: String] = [:]
    ) throws -> Result {
        try execute(program, arguments, in: directory, environment: environment)
    }

    /// Runs a bash command line (for redirections and pipes) with ANZHI_TODAY fixed.
    static func runShell(_ command: String) throws -> Result {
        try execute("/bin/bash", ["-c", command])
    }

    private static func execute(
        _ program: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["ANZHI_TODAY"] = today
        env["ANZHI_DB"] = nil
        // The suite was written against the English messages and UTC; tests of the Chinese interface and of local
        // times say so in `environment`.
        env["ANZHI_LANG"] = "en"
        env["TZ"] = "UTC"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func fixture(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/\(relative)").path
    }

}

struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
