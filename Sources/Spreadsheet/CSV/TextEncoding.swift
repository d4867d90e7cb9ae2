import Foundation

/// The text encodings Anzhi reads and writes for CSV: UTF-8, and GB18030 for files from older Chinese
/// systems (GBK and GB2312 are subsets of it, so such files are read as GB18030).
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030

    /// Converts GB18030 bytes to UTF-8 with glibc iconv, reporting the byte offset of the first invalid sequence.
    static func gb18030ToUTF8(_ input: [UInt8]) -> Result<[UInt8], ConversionFailure> {
        convert(input, from: "GB18030", to: "UTF-8")
    }

    /// Converts UTF-8 bytes to GB18030 (which can encode every Unicode scalar).
    static func utf8ToGB18030(_ input: [UInt8]) -> Result<[UInt8], ConversionFailure> {
        convert(input, from: "UTF-8", to: "GB18030")
    }

    struct ConversionFailure: Error {
        let offset: Int
    }

    private static func convert(_ input: [UInt8], from: String, to: String) -> Result<[UInt8], ConversionFailure> {
        guard let converter = Iconv(from: from, to: to) else { return .failure(ConversionFailure(offset: 0)) }
        let step = converter.convert(input)
        if step.failure != nil { return .failure(ConversionFailure(offset: step.consumed)) }
        return .success(step.output)
    }

    /// Whether `bytes` are valid UTF-8 (overlongs, surrogates and values past U+10FFFF refused).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                // Skip ASCII eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < n else { break }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let len: Int
                var lo: UInt8 = 0x80
                var hi: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: len = 2
                case 0xE0:
                    len = 3
                    lo = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: len = 3
                case 0xED:
                    len = 3
                    hi = 0x9F
                case 0xF0:
                    len = 4
                    lo = 0x90
                case 0xF1...0xF3: len = 4
                case 0xF4:
                    len = 4
                    hi = 0x8F
                default: return false
                }
                guard i + len <= n, (lo...hi).contains(b[i + 1]) else { return false }
                for k in 2..<len where !(0x80...0xBF).contains(b[i + k]) { return false }
                i += len
            }
            return true
        }
    }
}
