import Foundation

/// An OLE2 compound file ([MS-CFB]) opened for reading streams: the header, the sector allocation table (with
/// its DIFAT extension), the mini table and the directory, each checked against the size of the file.
///
/// Every sector number is checked against the file before it is read, every chain is cut at the number of
/// sectors the file can hold (so a chain that loops is an error, not an endless walk), and a stream's
/// declared size is capped to what its chain holds. Streams are read on demand with `pread`, so memory is the
/// allocation table (four bytes a sector) plus what the caller buffers. Not `Sendable`: owns a descriptor.
final class CompoundFile {
    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var start: UInt32
        var size: Int
    }

    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF

    let displayName: String
    private let fd: Int32
    let fileSize: Int
    let sectorSize: Int
    let miniCutoff: Int
    /// Sectors that lie (at least partly) inside the file after the header.
    private let fileSectors: Int
    private var fat: [UInt32] = []
    private var miniFAT: [UInt32] = []
    private var miniStreamChain: [UInt32] = []
    private(set) var entries: [Entry] = []
    /// Repairs made while opening or reading (a stream shorter than declared).
    private(set) var warnings: [Diagnostic] = []

    init(path: String, displayName: String) throws {
        self.displayName = displayName
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileBytes.failure(path, key: "error.file-not-readable.open-reason") }
        var st = stat()
        guard fstat(descriptor, &st) == 0 else {
            close(descriptor)
            throw FileBytes.failure(path, key: "error.file-not-readable.read-reason")
        }
        let size = Int(st.st_size)
        var header = [UInt8](repeating: 0, count: 512)
        let got = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 512, 0) }
        guard got == 512 else {
            close(descriptor)
            throw SpreadsheetError(
                .damagedXLS, key: "error.damaged-xls.header-short", ["size": "\(size)"],
                location: InputLocation(file: displayName))
        }
        let h = LittleEndianBytes(header)
        let shift = Int(h.u16(30))
        let major = h.u16(26)
        guard h.u16(28) == 0xFFFE, shift == 9 || shift == 12, h.u16(32) == 6 else {
            close(descriptor)
            throw SpreadsheetError(
                .damagedXLS,
                key: "error.damaged-xls.header-invalid",
                ["order": "\(h.u16(28))", "shift": "\(shift)", "mini": "\(h.u16(32))"],
                location: InputLocation(file: displayName))
        }
        fd = descriptor
        fileSize = size
        sectorSize = 1 << shift
        // [MS-CFB] fixes the cutoff at 4096; a larger one would route big streams through the mini stream.
        miniCutoff = min(Int(h.u32(56)), 4096)
        // Sectors after the header that lie at least partly inside the file: ceil((size - sector) / sector).
        fileSectors = max(0, (size - 1) >> shift)
        // Every stored property is set: from here on a throw runs `deinit`, which closes the descriptor.
        try load(header: h, version3: major == 3)
    }

    deinit { close(fd) }

    private func damaged(key: String, _ values: [String: String] = [:]) -> SpreadsheetError {
        SpreadsheetError(.damagedXLS, key: key, values, location: InputLocation(file: displayName))
    }

    private func load(header h: LittleEndianBytes, version3: Bool) throws {
        let fatSectors = Int(h.u32(44))
        let perSector = sectorSize / 4
        // The table needs one entry a sector: more table sectors than the file has sectors is a lie (2^32 say).
        guard fatSectors <= fileSectors, fatSectors > 0 else {
            throw damaged(
                key: "error.damaged-xls.fat-larger", ["declared": "\(fatSectors)", "sectors": "\(fileSectors)"])
        }
        var fatIDs: [UInt32] = []
        for i in 0..<109 where fatIDs.count < fatSectors {
            let id = h.u32(76 + 4 * i)
            if id != CompoundFile.freeSector { fatIDs.append(id) }
        }
        var difat = h.u32(68)
        var difatRead = 0
        while fatIDs.count < fatSectors, difat != CompoundFile.endOfChain, difat != CompoundFile.freeSector {
            guard difatRead < fileSectors else { throw damaged(key: "error.damaged-xls.difat-loops") }
            let sector = LittleEndianBytes(
                try readSector(difat, what: Messages.text("error.damaged-xls.what.difat-sector")))
            for i in 0..<(perSector - 1) where fatIDs.count < fatSectors {
                let id = sector.u32(4 * i)
                if id != CompoundFile.freeSector { fatIDs.append(id) }
            }
            difat = sector.u32(4 * (perSector - 1))
            difatRead += 1
        }
        guard fatIDs.count == fatSectors else {
            throw damaged(
                key: "error.damaged-xls.fat-listed", ["declared": "\(fatSectors)", "listed": "\(fatIDs.count)"])
        }
        fat.reserveCapacity(fatSectors * perSector)
        for id in fatIDs {
            let sector = LittleEndianBytes(try readSector(id, what: Messages.text("error.damaged-xls.what.fat-sector")))
            for i in 0..<perSector { fat.append(sector.u32(4 * i)) }
        }

        // The directory: 128-byte entries.
        let directory = try chain(from: h.u32(48), in: fat, what: Messages.text("error.damaged-xls.what.directory"))
        for sector in directory {
            let bytes = LittleEndianBytes(
                try readSector(sector, what: Messages.text("error.damaged-xls.what.directory-sector")))
            for e in 0..<(sectorSize / 128) {
                let base = e * 128
                let nameBytes = min(Int(bytes.u16(base + 64)), 64)
                var units: [UInt16] = []
                var k = 0
                while k + 1 < nameBytes {
                    let u = bytes.u16(base + k)
                    if u == 0 { break }
                    units.append(u)
                    k += 2
                }
                let rawSize = bytes.u64(base + 120)
                let size = version3 ? Int(rawSize & 0xFFFF_FFFF) : Int(clamping: rawSize)
                entries.append(
                    Entry(
                        name: String(decoding: units, as: UTF16.self), type: bytes.u8(base + 66),
                        start: bytes.u32(base + 116), size: size))
            }
        }
        guard let root = entries.first, root.type == 5 else {
            throw damaged(key: "error.damaged-xls.no-root")
        }
        let miniFATIDs = try chain(from: h.u32(60), in: fat, what: Messages.text("error.damaged-xls.what.mini-fat"))
        for id in miniFATIDs {
            let sector = LittleEndianBytes(
                try readSector(id, what: Messages.text("error.damaged-xls.what.mini-fat-sector")))
            for i in 0..<perSector { miniFAT.append(sector.u32(4 * i)) }
        }
        if root.size > 0 {
            miniStreamChain = try chain(
                from: root.start, in: fat, what: Messages.text("error.damaged-xls.what.mini-stream"))
        }
    }

    /// The stream with this name (case-insensitive, as [MS-CFB] compares names).
    func stream(named name: String) -> Entry? {
        entries.first { $0.type == 2 && $0.name.uppercased() == name.uppercased() }
    }

    /// The sectors of a chain, in order; an error when it leaves the table or the file, or loops.
    private func chain(from start: UInt32, in table: [UInt32], what: String) throws -> [UInt32] {
        var sectors: [UInt32] = []
        var s = start
        while s != CompoundFile.endOfChain {
            guard Int(s) < table.count else {
                if sectors.isEmpty && s == CompoundFile.freeSector { return [] }  // an empty stream
                throw damaged(
                    key: "error.damaged-xls.sector-outside",
                    ["what": "\(what)", "sector": "\(s)", "count": "\(table.count)"])
            }
            // A chain longer than the table has entries visits some sector twice.
            guard sectors.count < table.count else {
                throw damaged(key: "error.damaged-xls.chain-loops", ["what": "\(what)"])
            }
            sectors.append(s)
            s = table[Int(s)]
        }
        return sectors
    }

    /// One whole sector of the file.
    private func readSector(_ id: UInt32, what: String) throws -> [UInt8] {
        guard Int(id) < fileSectors else {
            throw damaged(
                key: "error.damaged-xls.sector-past-end",
                ["what": "\(what)", "sector": "\(id)", "sectors": "\(fileSectors)"])
        }
        var buffer = [UInt8](repeating: 0, count: sectorSize)
        try read(into: &buffer, at: 0, count: sectorSize, fileOffset: (Int(id) + 1) * sectorSize, zeroFillEnd: true)
        return buffer
    }

    /// Reads `count` bytes at `fileOffset` into `buffer[at...]`. The last sector of a file may be cut short by
    /// its writer; `zeroFillEnd` reads such a tail as zeros, otherwise a short read is an error.
    private func read(into buffer: inout [UInt8], at: Int, count: Int, fileOffset: Int, zeroFillEnd: Bool) throws {
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + at + done, count - done, off_t(fileOffset + done))
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw damaged(key: "error.damaged-xls.read", ["reason": SystemErrorText.text(errno)]) }
            if n == 0 { break }
            done += n
        }
        if done < count {
            guard zeroFillEnd || fileOffset + done >= fileSize else {
                throw damaged(key: "error.damaged-xls.sector-at-byte", ["offset": "\(fileOffset)"])
            }
            for i in (at + done)..<(at + count) { buffer[i] = 0 }
        }
    }

    /// Opens a stream for reading. A declared size beyond what its chain holds is cut to the chain (with a
    /// warning), so no stream is ever larger than the file.
    func openStream(_ entry: Entry) throws -> CompoundStream {
        if entry.size < miniCutoff {
            // Only the sectors the declared size needs are read (a chain may run on).
            let sectors = try chain(
                from: entry.start, in: miniFAT,
                what: Messages.text("error.damaged-xls.what.stream", ["stream": entry.name])
            )
            .prefix((entry.size + 63) / 64)
            var bytes = [UInt8](repeating: 0, count: sectors.count * 64)
            for (i, m) in sectors.enumerated() {
                let offset = Int(m) * 64
                let index = offset / sectorSize
                guard index < miniStreamChain.count else {
                    throw damaged(key: "error.damaged-xls.mini-sector", ["stream": "\(entry.name)", "sector": "\(m)"])
                }
                let fileOffset = (Int(miniStreamChain[index]) + 1) * sectorSize + offset % sectorSize
                guard Int(miniStreamChain[index]) < fileSectors else {
                    throw damaged(key: "error.damaged-xls.mini-stream", ["stream": "\(entry.name)"])
                }
                try read(into: &bytes, at: i * 64, count: 64, fileOffset: fileOffset, zeroFillEnd: true)
            }
            let size = capped(entry, holding: bytes.count)
            bytes.removeSubrange(size...)
            return CompoundStream(file: self, name: entry.name, size: size, chain: [], memory: bytes)
        }
        let sectors = try chain(
            from: entry.start, in: fat, what: Messages.text("error.damaged-xls.what.stream", ["stream": entry.name]))
        if let bad = sectors.first(where: { Int($0) >= fileSectors }) {
            throw damaged(
                key: "error.damaged-xls.stream-sector",
                ["stream": "\(entry.name)", "sector": "\(bad)", "sectors": "\(fileSectors)"])
        }
        let size = capped(entry, holding: sectors.count * sectorSize)
        return CompoundStream(file: self, name: entry.name, size: size, chain: sectors, memory: nil)
    }

    private func capped(_ entry: Entry, holding available: Int) -> Int {
        guard entry.size > available else { return entry.size }
        warnings.append(
            Diagnostic(
                .warning, "xls-stream-size", at: InputLocation(file: displayName, part: entry.name),
                key: "diag.xls-stream-size", ["declared": "\(entry.size)", "available": "\(available)"]))
        return available
    }

    /// Reads `count` bytes at `offset` of a stream whose sectors are `chain`, joining neighbouring sectors into
    /// one read.
    fileprivate func read(chain: [UInt32], offset: Int, count: Int, into buffer: inout [UInt8], at: Int) throws {
        var done = 0
        while done < count {
            let position = offset + done
            let index = position / sectorSize
            let within = position % sectorSize
            var run = 1
            while index + run < chain.count, chain[index + run] == chain[index] &+ UInt32(run),
                run * sectorSize - within < count - done
            {
                run += 1
            }
            let n = min(run * sectorSize - within, count - done)
            try read(
                into: &buffer, at: at + done, count: n, fileOffset: (Int(chain[index]) + 1) * sectorSize + within,
                zeroFillEnd: true)
            done += n
        }
    }
}

@available(*, unavailable, message: "owns a file descriptor; use one per task")
extension CompoundFile: Sendable {}

/// One stream of a compound file, read in blocks on demand (or held in memory when it lives in the mini stream).
final class CompoundStream {
    let name: String
    /// Bytes in the stream (never more than its chain holds).
    let size: Int
    private let file: CompoundFile
    private let chain: [UInt32]
    private let memory: [UInt8]?

    fileprivate init(file: CompoundFile, name: String, size: Int, chain: [UInt32], memory: [UInt8]?) {
        self.file = file
        self.name = name
        self.size = size
        self.chain = chain
        self.memory = memory
    }

    /// Appends `count` bytes from `offset` (both inside the stream) to `buffer`.
    func read(offset: Int, count: Int, into buffer: inout [UInt8]) throws {
        precondition(offset >= 0 && count >= 0 && offset <= size - count, "caller checks the range")
        if let memory {
            buffer.append(contentsOf: memory[offset..<offset + count])
            return
        }
        let at = buffer.count
        // One memset: appending a `repeatElement` sequence goes byte by byte (seconds a stream in debug builds).
        buffer.append(contentsOf: [UInt8](repeating: 0, count: count))
        try file.read(chain: chain, offset: offset, count: count, into: &buffer, at: at)
    }
}

/// Little-endian reads from a byte array at offsets the caller has checked.
struct LittleEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    @inline(__always) func u8(_ i: Int) -> UInt8 { bytes[i] }
    @inline(__always) func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    @inline(__always) func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    @inline(__always) func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}
