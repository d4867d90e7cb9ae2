import Foundation

/// OOXML's `_xHHHH_` escapes (ECMA-376 §22.9.2.19): characters XML cannot hold are written as
/// `_x000D_`, and a literal `_x` sequence as `_x005F_x…`. Decoding runs left to right, so
/// `_x005F_x0041_` becomes the text `_x0041_`.
enum TextEscapes {
    /// Decodes escapes in `buffer[start...]` in place, shrinking the buffer as needed.
    static func decode(_ buffer: inout [UInt8], from start: Int) {
        guard containsEscape(buffer, from: start) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count - start)
        var i = start
        var pendingHigh: UInt32?
        let n = buffer.count
        while i < n {
            if buffer[i] == UInt8(ascii: "_"), i + 6 < n, buffer[i + 1] == UInt8(ascii: "x"),
                buffer[i + 6] == UInt8(ascii: "_"),
                let v = hex4(buffer, i + 2)
            {
                if (0xD800...0xDBFF).contains(v) {
                    if pendingHigh != nil { appendScalar(0xFFFD, to: &out) }
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v) {
                    if let high = pendingHigh {
                        appendScalar(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00), to: &out)
                        pendingHigh = nil
                    } else {
                        appendScalar(0xFFFD, to: &out)
                    }
                } else {
                    if pendingHigh != nil {
                        appendScalar(0xFFFD, to: &out)
                        pendingHigh = nil
                    }
                    appendScalar(v, to: &out)
                }
                i += 7
                continue
            }
            if pendingHigh != nil {
                appendScalar(0xFFFD, to: &out)
                pendingHigh = nil
            }
            out.append(buffer[i])
            i += 1
        }
        if pendingHigh != nil { appendScalar(0xFFFD, to: &out) }
        buffer.removeSubrange(start...)
        buffer.append(contentsOf: out)
    }

    @inline(__always)
    static func containsEscape(_ buffer: [UInt8], from start: Int) -> Bool {
        guard buffer.count - start >= 7 else { return false }
        return buffer.withUnsafeBufferPointer { b in
            var p = UnsafeRawPointer(b.baseAddress! + start)
            let end = UnsafeRawPointer(b.baseAddress! + b.count)
            while p < end, let hit = memchr(p, Int32(UInt8(ascii: "_")), end - p) {
                let q = UnsafeRawPointer(hit)
                if q + 1 < end && q.load(fromByteOffset: 1, as: UInt8.self) == UInt8(ascii: "x") { return true }
                p = q + 1
            }
            return false
        }
    }

    private static func hex4(_ b: [UInt8], _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[at + k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    private static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// The number of UTF-16 code units of UTF-8 text (what Excel's 32,767 limit counts).
    static func utf16Count(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        for b in bytes {
            if b & 0xC0 != 0x80 { count += 1 }  // a lead byte starts a scalar
            if b >= 0xF0 { count += 1 }  // 4-byte scalars need a surrogate pair
        }
        return count
    }
}
