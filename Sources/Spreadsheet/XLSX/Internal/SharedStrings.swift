import Foundation

/// The shared-string table, loaded once: all texts in one UTF-8 arena with offsets,
/// so a large table costs its bytes, not a `String` object per entry.
final class SharedStrings: Sendable {
    let bytes: [UInt8]
    let offsets: [Int]

    init(bytes: [UInt8], offsets: [Int]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    static let empty = SharedStrings(bytes: [], offsets: [0])

    var count: Int { offsets.count - 1 }

    func range(_ index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }

    func string(_ index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }
}

/// Reads `sharedStrings.xml`: each `<si>` is the concatenation of its `<t>` texts, phonetic `<rPh>` runs skipped.
final class SharedStringsHandler: XMLEventHandler {
    private var bytes: [UInt8] = []
    private var offsets: [Int] = [0]
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private var itemStart = 0
    let location: InputLocation

    init(location: InputLocation) {
        self.location = location
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.namespace.isSpreadsheet else { return }
        if name.is("si") {
            inItem = true
            itemStart = bytes.count
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("t"), inItem, phoneticDepth == 0 {
            inText = true
        }
    }

    override func endElement(_ name: XMLName) {
        guard name.namespace.isSpreadsheet else { return }
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            inItem = false
            TextEscapes.decode(&bytes, from: itemStart)
            if bytes.count - itemStart > SheetLimits.maxCellCharacters,
                TextEscapes.utf16Count(bytes[itemStart...]) > SheetLimits.maxCellCharacters
            {
                failure = SpreadsheetError(
                    .limitExceeded,
                    key: "error.limit-exceeded.shared-string-length",
                    ["index": "\(offsets.count)", "count": "\(TextEscapes.utf16Count(bytes[itemStart...]))"],
                    location: location)
            }
            offsets.append(bytes.count)
        }
    }

    override func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard inText, failure == nil else { return }
        // Bounded before the text is held, not after: a string past any cell's size (escaped UTF-8 takes at most
        // 6 bytes a character), or a table past the budget, stops the parse at the chunk where it happens.
        if bytes.count - itemStart + chunk.count > SheetLimits.maxCellCharacters * 6 {
            failure = SpreadsheetError(
                .limitExceeded,
                key: "error.limit-exceeded.shared-string-too-long", ["index": "\(offsets.count)"], location: location)
            return
        }
        if bytes.count + chunk.count > SharedStringsHandler.budget {
            failure = SpreadsheetError(
                .limitExceeded,
                key: "error.limit-exceeded.shared-strings-size", ["limit": "\(SharedStringsHandler.budget >> 20)"],
                location: location)
            return
        }
        bytes.append(contentsOf: chunk)
    }

    /// The most text the shared-strings table may hold (UTF-8 bytes).
    static let budget = 256 << 20

    func table() -> SharedStrings { SharedStrings(bytes: bytes, offsets: offsets) }
}
