import Foundation

/// Tells what a file is from its first bytes, so that a file that is not XLSX gets a message saying
/// what it is instead of a zip error: a legacy .xls or an encrypted workbook (both OLE compound files),
/// an HTML table or an XML Spreadsheet 2003 saved with an .xls name (common in exports of government
/// systems), CSV text, or nothing at all.
public enum FileSniffer {
    /// What the bytes of a file look like.
    public enum Kind: Sendable, Equatable {
        case zip, empty, legacyXLS, encryptedWorkbook, html, spreadsheetML2003, text, unknown
    }

    /// Looks at the start of the file at `path` (and, for OLE files, for an `EncryptionInfo` stream).
    public static func sniff(path: String) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SpreadsheetError(
                .fileNotReadable, key: "error.file-not-readable.open", location: InputLocation(file: path))
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        if head.isEmpty { return .empty }
        if head.starts(with: [0x50, 0x4B]) { return .zip }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Encrypted OOXML workbooks are OLE containers with an "EncryptionInfo" stream: read the directory.
            if let container = try? CompoundFile(path: path, displayName: path) {
                return container.stream(named: "EncryptionInfo") != nil ? .encryptedWorkbook : .legacyXLS
            }
            // A container too damaged to read: look through the first megabytes for the UTF-16LE name (the
            // directory can sit anywhere); the .xls reader says what is broken otherwise.
            var bytes = head
            bytes += [UInt8]((try? handle.read(upToCount: 16 << 20)) ?? Data())
            let needle = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            return contains(bytes, needle) ? .encryptedWorkbook : .legacyXLS
        }
        var text = String(decoding: head, as: UTF8.self).lowercased()
        text = String(text.drop { $0 == "\u{FEFF}" || $0.isWhitespace })
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") || text.contains("progid=\"excel.sheet\"") {
            return .spreadsheetML2003
        }
        if text.hasPrefix("<html") || text.hasPrefix("<!doctype html") || text.hasPrefix("<table")
            || (text.hasPrefix("<") && (text.contains("<html") || text.contains("<table")))
        {
            return .html
        }
        // Text, perhaps with a stray NUL (a CSV reader reports it where it sits); UTF-16 text has a NUL in
        // every other byte and is not CSV we can read.
        let zeros = head.lazy.filter { $0 == 0 }.count
        if zeros * 100 < head.count, head.allSatisfy({ $0 >= 0x09 || $0 == 0 }) { return .text }
        return .unknown
    }

    /// Throws the error that explains why a file of this kind cannot be read as XLSX; returns for zip files.
    static func requireZip(path: String, displayName: String) throws {
        let location = InputLocation(file: displayName)
        switch try sniff(path: path) {
        case .zip:
            return
        case .empty:
            throw SpreadsheetError(.emptyFile, key: "error.empty-file.zero-bytes", location: location)
        case .legacyXLS:
            throw SpreadsheetError(
                .legacyXLS,
                key: "error.legacy-xls.not-xlsx",
                location: location)
        case .encryptedWorkbook:
            throw SpreadsheetError(
                .encryptedWorkbook,
                key: "error.encrypted-workbook.xlsx",
                location: location)
        case .html:
            throw SpreadsheetError(
                .htmlDisguised,
                key: "error.html-disguised.not-xlsx",
                location: location)
        case .spreadsheetML2003:
            throw SpreadsheetError(
                .spreadsheetML2003,
                key: "error.spreadsheetml-2003.not-xlsx",
                location: location)
        case .text:
            throw SpreadsheetError(
                .notAWorkbook, key: "error.not-a-workbook.text-file", location: location)
        case .unknown:
            throw SpreadsheetError(
                .notAWorkbook, key: "error.not-a-workbook.unknown-file", ["start": "\(describeStart(path))"],
                location: location)
        }
    }

    /// What the first bytes of a file that is neither a workbook nor text look like, for the message.
    static func describeStart(_ path: String) -> String {
        let head = [UInt8]((FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 4096) }) ?? Data())
        let hex = head.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(
            separator: " ")
        let evenZeros = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || evenZeros * 3 > head.count / 2 {
            return "it looks like UTF-16 text (bytes \(hex) …); save it as CSV in UTF-8 or GB18030"
        }
        return "binary data starting with bytes \(hex)"
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
