public import Spreadsheet

/// The help-education term (帮教期, domain §6): 3 years after a release from a 劳教所 or a release of type
/// 解除社区矫正 or 解除劳教, otherwise 5; a person's 帮教期限(年) overrides. A 社区矫正 release source alone does not
/// shorten the term. The term end is the first day off the register.
public enum HelpTerm {
    /// Release sources whose term is the short one.
    public static let shortTermSources: Set<String> = ["劳教所"]
    /// Release types whose term is the short one.
    public static let shortTermTypes: Set<String> = ["解除社区矫正", "解除劳教"]
    public static let shortYears = 3
    public static let defaultYears = 5
    /// The largest override taken from a record; larger values are not a term (and would overflow a date).
    public static let maximumYears = 100

    /// The term in years for a release.
    public static func years(releaseSource: String?, releaseType: String?, override: String?) -> Int {
        if let override, let n = Int(override), let years = validOverride(n) { return years }
        if let s = releaseSource, shortTermSources.contains(s) { return shortYears }
        if let t = releaseType, shortTermTypes.contains(t) { return shortYears }
        return defaultYears
    }

    /// An override in years when it is a usable term (1…100), else nil (the rule's term applies).
    public static func validOverride(_ n: Int) -> Int? { (1...maximumYears).contains(n) ? n : nil }

    /// The first day off the register: the same month and day `years` after the release (29 Feb → 1 Mar).
    public static func end(release: CivilDate, years: Int) -> CivilDate { release.adding(years: years) }
}
