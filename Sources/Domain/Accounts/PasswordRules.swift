/// What a new password must be: 8 to 200 characters, and not the one it replaces.
public enum PasswordRules {
    /// Throws `invalid` naming the field `password` when `password` is not acceptable.
    public static func check(_ password: String, differentFrom current: String? = nil) throws {
        guard password.count >= 8, password.count <= 200 else { throw DomainError.invalid("password", "citizen.weakPassword") }
        if let current, password == current { throw DomainError.invalid("password", "password.unchanged") }
    }
}
