/// Who sent a batch, which decides what its values may do (domain §4, merge rule).
///
/// The owner's value for a field replaces the stored one; another side's value fills a field that is still
/// empty and otherwise becomes a conflict. A `migration` is an office's first load of its old ledger: it speaks
/// for both sides, so every value is taken as it stands.
public enum BatchSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// A prison or detention centre (the P side).
    case prison
    /// A 司法所 or a leadership office (the J side).
    case office
    /// An office's first load of its old ledger: every field as it stands, as if each owner had sent it.
    case migration

    /// Whether values from this side count as the owner's for `field`.
    public func owns(_ field: FieldSpec) -> Bool {
        switch self {
        case .migration: return true
        case .prison: return field.owner == .prison
        case .office: return field.owner == .office
        }
    }

    /// The side an owner's own entries are on.
    public init(_ owner: FieldOwner) {
        self = owner == .prison ? .prison : .office
    }
}
