/// How surely the platform knows who holds an account. A local account is self-declared (level 0);
/// an account signed in through the national electronic identity (VNeID) carries the level of the
/// electronic identification account the provider vouched for: level 1 or level 2 (level 2 gives
/// access to the whole electronic identity and every function of the system), as Decree
/// 69/2024/NĐ-CP on electronic identification and authentication (in force since 1 July 2024) grades them.
public struct IdentityLevel: RawRepresentable, Codable, Sendable, Hashable, Comparable {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = min(max(rawValue, 0), 2) }

    /// Self-declared (phone or e-mail and a password).
    public static let selfDeclared = IdentityLevel(rawValue: 0)
    /// A level 1 electronic identification account.
    public static let level1 = IdentityLevel(rawValue: 1)
    /// A level 2 electronic identification account.
    public static let level2 = IdentityLevel(rawValue: 2)

    /// Where the levels come from.
    public static let citation = "Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử"

    /// Reads the level a provider's claim states: a number (`2`) or a label ending in one (`loa2`,
    /// `vneid:level2`); nil when the claim says nothing usable.
    public static func parse(claim: String) -> IdentityLevel? {
        guard let digit = claim.trimmingCharacters(in: .whitespaces).last?.wholeNumberValue, (1...2).contains(digit) else {
            return nil
        }
        return IdentityLevel(rawValue: digit)
    }

    public static func < (a: IdentityLevel, b: IdentityLevel) -> Bool { a.rawValue < b.rawValue }
}
