public import Spreadsheet

/// 公民身份号码 per GB 11643-1999: 6-digit address code, birth date, 3-digit sequence (odd = male), check character.
public struct IDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The normalised 18-character number (upper-case X).
    public let value: String
    public let birthDate: CivilDate
    /// True for an odd sequence number.
    public let isMale: Bool
    /// The 6-digit address code (possibly abolished; 81/82/83 are 港澳台 residence permits).
    public var addressCode: String { String(value.prefix(6)) }
    /// Whether the number was given in the legacy 15-digit form and converted.
    public let wasConverted: Bool

    /// Why a number is not valid.
    public enum Problem: Error, Sendable, Hashable {
        case format(FormatProblem)
        case checksum(expected: Character, found: Character)
        case birthDate(String)
        case futureBirthDate(CivilDate)
        case sequenceZero

        /// What is wrong with the form of the text.
        public enum FormatProblem: Sendable, Hashable {
            case fifteenNotDigits
            case length(Int)
            case notDigits
            case lastCharacter
        }

        /// The message-catalogue key and values that say what is wrong (`found`, the number as given and masked,
        /// is the caller's to add).
        public var message: (key: String, values: [String: String]) {
            switch self {
            case .format(.fifteenNotDigits): return ("diag.id-format.fifteen", [:])
            case .format(.length(let n)): return ("diag.id-format.length", ["length": "\(n)"])
            case .format(.notDigits): return ("diag.id-format.digits", [:])
            case .format(.lastCharacter): return ("diag.id-format.last", [:])
            case .checksum(let expected, let found):
                return ("diag.id-checksum", ["expected": String(expected), "given": String(found)])
            case .birthDate(let digits): return ("diag.id-birth-date", ["digits": digits])
            case .futureBirthDate(let d): return ("diag.id-birth-date.future", ["date": "\(d)"])
            case .sequenceZero: return ("diag.id-sequence", [:])
            }
        }

        /// The rule id a diagnostic about this problem carries.
        public var ruleID: String {
            switch self {
            case .format: return "id-format"
            case .checksum: return "id-checksum"
            case .birthDate, .futureBirthDate: return "id-birth-date"
            case .sequenceZero: return "id-sequence"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: [UInt8]) -> Character {
        var sum = 0
        for (d, w) in zip(first17, weights) { sum += Int(d - 48) * w }
        return checkCharacters[sum % 11]
    }

    /// Parses and checks `text` (surrounding spaces ignored, lower-case x accepted, 15 digits converted).
    /// - Parameter today: birth dates after it are refused.
    public static func parse(_ text: String, today: CivilDate) -> Result<IDNumber, Problem> {
        let trimmed = text.trimmingSpaces()
        var bytes = Array(trimmed.utf8)
        var converted = false
        if bytes.count == 15 {
            guard bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                return .failure(.format(.fifteenNotDigits))
            }
            bytes = Array(bytes[0..<6]) + Array("19".utf8) + Array(bytes[6...])
            bytes.append(Array(String(checkCharacter(bytes)).utf8)[0])
            converted = true
        }
        guard bytes.count == 18 else {
            return .failure(.format(.length(trimmed.count)))
        }
        guard bytes[0..<17].allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return .failure(.format(.notDigits))
        }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        let last = bytes[17]
        guard (last >= 48 && last <= 57) || last == UInt8(ascii: "X") else {
            return .failure(.format(.lastCharacter))
        }
        let expected = checkCharacter(Array(bytes[0..<17]))
        if Character(UnicodeScalar(last)) != expected {
            return .failure(.checksum(expected: expected, found: Character(UnicodeScalar(last))))
        }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        guard let birth = CivilDate(year: num(6..<10), month: num(10..<12), day: num(12..<14)), birth.year >= 1880
        else {
            return .failure(.birthDate(String(decoding: bytes[6..<14], as: UTF8.self)))
        }
        if birth > today { return .failure(.futureBirthDate(birth)) }
        let sequence = num(14..<17)
        if sequence == 0 { return .failure(.sequenceZero) }
        return .success(
            IDNumber(
                value: String(decoding: bytes, as: UTF8.self), birthDate: birth,
                isMale: sequence % 2 == 1, wasConverted: converted))
    }

    public var description: String { IDNumber.mask(value) }

    /// Masks the middle of an ID number for logs and summaries: 110105********002X.
    public static func mask(_ value: String) -> String {
        let chars = Array(value)
        // Full-length numbers keep the address code and the last four; anything shorter (a typo, a cut-off
        // number) keeps at most its first three characters, so a near-complete number never leaks.
        guard chars.count >= 15 else {
            return String(chars.prefix(min(3, chars.count / 3)))
                + String(repeating: "*", count: chars.count - min(3, chars.count / 3))
        }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 10) + String(chars.suffix(4))
    }
}

extension String {
    /// Trims ASCII spaces, tabs and line breaks, no-break spaces and ideographic spaces (what clerks leave around
    /// cell values). Works on UTF-8 bytes: it runs for every cell of a batch.
    public func trimmingSpaces() -> String {
        var copy = self
        return copy.withUTF8 { b -> String in
            guard let first = b.first, let last = b.last else { return self }
            if !String.mayBeSpace(first) && !String.mayBeSpace(last) { return self }
            var start = 0
            var end = b.count
            while start < end {
                let n = String.spaceLength(b, at: start)
                if n == 0 { break }
                start += n
            }
            while end > start {
                if b[end - 1] == 0x20 || b[end - 1] == 0x09 || b[end - 1] == 0x0A || b[end - 1] == 0x0D {
                    end -= 1
                    continue
                }
                if end - start >= 2, b[end - 2] == 0xC2, b[end - 1] == 0xA0 {
                    end -= 2
                    continue
                }
                if end - start >= 3, b[end - 3] == 0xE3, b[end - 2] == 0x80, b[end - 1] == 0x80 {
                    end -= 3
                    continue
                }
                break
            }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
    }

    @inline(__always)
    private static func mayBeSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0xC2 || c == 0xE3 || c == 0xA0 || c == 0x80
    }

    private static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i]
        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { return 1 }
        if c == 0xC2, i + 1 < b.count, b[i + 1] == 0xA0 { return 2 }
        if c == 0xE3, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
        return 0
    }
}
