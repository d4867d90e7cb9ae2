import Foundation

/// Builds .xls files byte by byte for the hostile and hand-made cases: BIFF records, a workbook stream, and a
/// version-4 compound file (4096-byte sectors) around its streams, laid out so that tests can break one thing.
enum TestXLS {
    static func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func u32(_ v: UInt32) -> [UInt8] { u16(Int(v & 0xFFFF)) + u16(Int(v >> 16)) }
    static func f64(_ v: Double) -> [UInt8] {
        let b = v.bitPattern
        return (0..<8).map { UInt8(b >> (8 * UInt64($0)) & 0xFF) }
    }

    static func record(_ type: Int, _ body: [UInt8]) -> [UInt8] { u16(type) + u16(body.count) + body }

    /// BOF: BIFF8 (0x0600) or BIFF5 (0x0500); `dt` 0x0005 workbook globals, 0x0010 worksheet.
    static func bof(biff: Int = 8, dt: Int) -> [UInt8] {
        record(
            0x0809,
            u16(biff == 8 ? 0x0600 : 0x0500) + u16(dt) + (biff == 8 ? [UInt8](repeating: 0, count: 12) : [0, 0, 0, 0]))
    }

    static let eof = record(0x000A, [])

    /// A BIFF8 string: 16-bit length, options byte, characters compressed (Latin-1) when they all fit, else UTF-16LE.
    static func string16(_ s: String) -> [UInt8] {
        let units = Array(s.utf16)
        if units.allSatisfy({ $0 < 0x100 }) { return u16(units.count) + [0] + units.map { UInt8($0) } }
        return u16(units.count) + [1] + units.flatMap { u16(Int($0)) }
    }

    static func number(row: Int, column: Int, _ v: Double, xf: Int = 15) -> [UInt8] {
        record(0x0203, u16(row) + u16(column) + u16(xf) + f64(v))
    }

    static func labelSST(row: Int, column: Int, _ index: Int) -> [UInt8] {
        record(0x00FD, u16(row) + u16(column) + u16(15) + u32(UInt32(index)))
    }

    /// An SST record with `declared` unique strings (the actual ones follow).
    static func sst(_ strings: [String], declared: Int? = nil) -> [UInt8] {
        record(
            0x00FC,
            u32(UInt32(strings.count)) + u32(UInt32(declared ?? strings.count)) + strings.flatMap { string16($0) })
    }

    /// Enough XF records for index 15 (the default cell style) to exist, all with the General format.
    static let xfs: [UInt8] = (0..<16).flatMap { _ in record(0x00E0, u16(0) + u16(0) + [UInt8](repeating: 0, count: 16))
    }

    /// A workbook stream with one worksheet: the globals (`globals` inserted after BOF), then the sheet's records
    /// between its BOF and EOF. A filler record keeps the stream above the mini-stream cutoff (4096 bytes).
    static func workbook(
        globals: [[UInt8]] = [], sheet: [[UInt8]], name: String = "Sheet1", biff: Int = 8, sheetEOF: Bool = true
    ) -> [UInt8] {
        let filler = record(0x1FFF, [UInt8](repeating: 0x20, count: 4200))
        let sheetName: [UInt8] =
            biff == 8
            ? [UInt8(name.utf16.count)] + Array(string16(name).dropFirst(2))
            : [UInt8(name.utf8.count)] + Array(name.utf8)
        var head = bof(biff: biff, dt: 0x0005) + globals.flatMap { $0 } + (biff == 8 ? xfs : []) + filler
        let boundSheetSize = 4 + 6 + sheetName.count
        let sheetOffset = head.count + boundSheetSize + eof.count
        head += record(0x0085, u32(UInt32(sheetOffset)) + [0, 0] + sheetName) + eof
        var stream = head + bof(biff: biff, dt: 0x0010) + sheet.flatMap { $0 }
        if sheetEOF { stream += eof }
        return stream
    }

    /// Where things went in a built compound file (sector numbers), for tests that break one of them.
    struct Layout {
        var streamSectors: [String: [Int]] = [:]
        var directorySector = 0
        var fatSectors: [Int] = []
        /// Byte offset of each stream's directory entry.
        var entryOffset: [String: Int] = [:]
        func sectorOffset(_ sector: Int) -> Int { (sector + 1) * 4096 }
    }

    /// A version-4 compound file holding `streams` (each stored in whole sectors, never the mini stream: streams
    /// shorter than 4096 bytes are padded with zeros and declared at the padded size).
    static func compoundFile(_ streams: [(name: String, bytes: [UInt8])]) -> (bytes: [UInt8], layout: Layout) {
        let sector = 4096
        var layout = Layout()
        var data: [UInt8] = []
        var fat: [UInt32] = []
        var sizes: [Int] = []
        for (name, bytes) in streams {
            var padded = bytes
            if padded.count < sector { padded += [UInt8](repeating: 0, count: sector - padded.count) }
            sizes.append(padded.count)
            let count = (padded.count + sector - 1) / sector
            padded += [UInt8](repeating: 0, count: count * sector - padded.count)
            let first = fat.count
            layout.streamSectors[name] = Array(first..<first + count)
            for k in 0..<count { fat.append(k == count - 1 ? 0xFFFF_FFFE : UInt32(first + k + 1)) }
            data += padded
        }
        layout.directorySector = fat.count
        fat.append(0xFFFF_FFFE)
        var directory: [UInt8] = []
        func entry(_ name: String, type: UInt8, start: UInt32, size: Int, child: UInt32, right: UInt32) -> [UInt8] {
            var e = [UInt8](repeating: 0, count: 128)
            let units = Array(name.utf16)
            for (i, u) in units.enumerated() where i < 31 {
                e[2 * i] = UInt8(u & 0xFF)
                e[2 * i + 1] = UInt8(u >> 8)
            }
            e[64] = UInt8((min(units.count, 31) + 1) * 2)
            e[66] = type
            e[67] = 1  // black
            for (k, v) in [(68, UInt32(0xFFFF_FFFF)), (72, right), (76, child)] {
                e.replaceSubrange(k..<k + 4, with: u32(v))
            }
            e.replaceSubrange(116..<120, with: u32(start))
            e.replaceSubrange(120..<128, with: u32(UInt32(size)) + u32(0))
            return e
        }
        directory += entry(
            "Root Entry", type: 5, start: 0xFFFF_FFFE, size: 0, child: streams.isEmpty ? 0xFFFF_FFFF : 1,
            right: 0xFFFF_FFFF)
        for (i, s) in streams.enumerated() {
            layout.entryOffset[s.name] = (layout.directorySector + 1) * sector + directory.count
            let right: UInt32 = i + 1 < streams.count ? UInt32(i + 2) : 0xFFFF_FFFF
            directory += entry(
                s.name, type: 2, start: UInt32(layout.streamSectors[s.name]![0]), size: sizes[i], child: 0xFFFF_FFFF,
                right: right)
        }
        directory += [UInt8](repeating: 0, count: sector - directory.count)
        // The FAT itself: one entry a sector, FATSECT for its own sectors.
        var fatCount = 1
        while (fat.count + fatCount) > fatCount * (sector / 4) { fatCount += 1 }
        let fatStart = fat.count
        for k in 0..<fatCount {
            layout.fatSectors.append(fatStart + k)
            fat.append(0xFFFF_FFFD)
        }
        while fat.count % (sector / 4) != 0 { fat.append(0xFFFF_FFFF) }
        var header = [UInt8](repeating: 0, count: sector)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        header.replaceSubrange(24..<34, with: u16(0x3E) + u16(4) + u16(0xFFFE) + u16(12) + u16(6))
        header.replaceSubrange(40..<44, with: u32(1))  // directory sectors (version 4)
        header.replaceSubrange(44..<48, with: u32(UInt32(fatCount)))
        header.replaceSubrange(48..<52, with: u32(UInt32(layout.directorySector)))
        header.replaceSubrange(56..<60, with: u32(4096))
        header.replaceSubrange(60..<64, with: u32(0xFFFF_FFFE))
        header.replaceSubrange(68..<72, with: u32(0xFFFF_FFFE))
        for i in 0..<109 {
            let id: UInt32 = i < fatCount ? UInt32(fatStart + i) : 0xFFFF_FFFF
            header.replaceSubrange(76 + 4 * i..<80 + 4 * i, with: u32(id))
        }
        let fatBytes = fat.flatMap { u32($0) }
        return (header + data + directory + fatBytes, layout)
    }

    /// Overwrites four bytes (little-endian) at `offset`.
    static func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        bytes.replaceSubrange(offset..<offset + 4, with: u32(value))
    }

    /// The byte offset of FAT entry `index` in a file built by `compoundFile`.
    static func fatEntryOffset(_ layout: Layout, _ index: Int) -> Int {
        layout.sectorOffset(layout.fatSectors[index / 1024]) + 4 * (index % 1024)
    }
}
