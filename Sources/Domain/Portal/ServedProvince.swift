/// The province the platform serves and the tree of administrative units its forms list
/// (the same values the seeder loads: Thanh Hóa, statistical code 38, the 2025 units).
public enum ServedProvince {
    /// The province's statistical code.
    public static let code = "38"
    /// The tree of administrative units in force.
    public static let unitTree = "2025"
}
