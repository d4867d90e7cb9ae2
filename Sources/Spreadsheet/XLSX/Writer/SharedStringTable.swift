import Foundation

/// The writer's shared-string table: strings interned by their UTF-8 bytes in one arena with an
/// open-addressing index.
///
/// Keyed by bytes rather than by `String` on purpose: Swift's `String` hashing and equality follow Unicode
/// canonical equivalence (normalising as they go), which is both slower and not what Excel does: two texts
/// that differ in bytes are two entries in an Excel table.
struct SharedStringTable {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    private var slots: [Int32]
    private var mask: Int
    /// How many cells referred to the table (the `count` attribute of `<sst>`).
    private(set) var uses = 0

    init() {
        slots = [Int32](repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { offsets.count - 1 }

    /// The index of `text`, adding it when new.
    mutating func index(of text: UnsafeBufferPointer<UInt8>) -> Int {
        uses += 1
        let h = SharedStringTable.hash(text)
        var slot = h & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            let e = Int(entry)
            let start = offsets[e]
            let end = offsets[e + 1]
            if end - start == text.count
                && bytes.withUnsafeBufferPointer({ b in
                    text.count == 0 || memcmp(b.baseAddress! + start, text.baseAddress!, text.count) == 0
                })
            {
                return e
            }
            slot = (slot + 1) & mask
        }
        let index = count
        bytes.append(contentsOf: text)
        offsets.append(bytes.count)
        slots[slot] = Int32(index)
        if count * 2 > slots.count { grow() }
        return index
    }

    /// The bytes of entry `i`.
    func entry(_ i: Int) -> ArraySlice<UInt8> { bytes[offsets[i]..<offsets[i + 1]] }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for i in 0..<count {
            let h = bytes.withUnsafeBufferPointer { b in
                SharedStringTable.hash(UnsafeBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]]))
            }
            var slot = h & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }

    /// FNV-1a over 8-byte words, finished with a multiply-xorshift so low bits mix well.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = 0
        let n = b.count
        if let base = b.baseAddress {
            while i + 8 <= n {
                h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0x0000_0100_0000_01B3
                i += 8
            }
            while i < n {
                h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
        }
        h ^= UInt64(n)
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
