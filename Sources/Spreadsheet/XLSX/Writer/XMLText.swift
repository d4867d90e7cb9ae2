/// Escaping for the XML the writer produces.
package enum XMLText {
    /// Escapes `& < >` and writes characters XML 1.0 cannot hold (controls, U+FFFE/U+FFFF) and CR as
    /// `_xHHHH_`; a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_` so readers do not decode it.
    /// Returns whether the text needs `xml:space="preserve"` (leading/trailing whitespace or a line break).
    @discardableResult
    static func appendText(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: [38, 97, 109, 112, 59])  // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [38, 108, 116, 59])  // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [38, 103, 116, 59])  // &gt;
            case 9, 10: out.append(c)
            case 0..<32: appendEscape(UInt32(c), to: &out)  // includes CR
            case UInt8(ascii: "_"):
                if i + 6 < n, s[i + 1] == UInt8(ascii: "x"), s[i + 6] == UInt8(ascii: "_"),
                    isHex(s[i + 2]), isHex(s[i + 3]), isHex(s[i + 4]), isHex(s[i + 5])
                {
                    out.append(contentsOf: Array("_x005F".utf8))
                }
                out.append(c)
            case 0xEF where i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF):
                appendEscape(s[i + 2] == 0xBE ? 0xFFFE : 0xFFFF, to: &out)
                i += 2
            default: out.append(c)
            }
            i += 1
        }
        guard n > 0 else { return false }
        let first = s[0]
        let last = s[n - 1]
        if first == 32 || first == 9 || last == 32 || last == 9 { return true }
        for c in s where c == 10 || c == 13 { return true }
        return false
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)
    }

    private static func appendEscape(_ v: UInt32, to out: inout [UInt8]) {
        let hex = String(v, radix: 16, uppercase: true)
        out.append(contentsOf: Array(("_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_").utf8))
    }

    /// Escapes text for an attribute value (`& < > "`), with no `_x` handling.
    package static func attribute(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if ch.value < 32 && ch.value != 9 && ch.value != 10 { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escapes text for element content, `_xHHHH_` rules included.
    static func content(_ s: String) -> (text: String, preserve: Bool) {
        var out: [UInt8] = []
        var str = s
        let preserve = str.withUTF8 { appendText($0, to: &out) }
        return (String(decoding: out, as: UTF8.self), preserve)
    }
}
