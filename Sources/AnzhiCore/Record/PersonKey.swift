/// The merge key of a person (domain §4), in one place: the normalised 18-digit 公民身份号码, or for someone without
/// one the fallback key 姓名|出生日期|服刑场所|罪犯编号, stored with a leading "~" so the two kinds never collide.
public enum PersonKey {
    private static let mark: Character = "~"

    /// The fallback key from its four parts.
    public static func fallback(name: String, birthDate: String, institution: String, inmateNumber: String) -> String {
        String(mark) + [name, birthDate, institution, inmateNumber].joined(separator: "|")
    }

    /// The fallback key from what a person typed (`姓名|出生日期|服刑场所|罪犯编号`, with or without the mark).
    public static func fallback(typed text: String) -> String {
        text.first == mark ? text : String(mark) + text
    }

    /// Whether `key` is a fallback key (not an ID number).
    public static func isFallback(_ key: String) -> Bool { key.first == mark }

    /// The key as it may be shown to a person: the ID number masked, a fallback key without its mark.
    public static func display(_ key: String) -> String {
        isFallback(key) ? String(key.dropFirst()) : IDNumber.mask(key)
    }
}
