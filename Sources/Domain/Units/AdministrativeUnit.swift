/// A node of a versioned administrative-unit tree (province, district, commune), levels being data.
public struct AdministrativeUnit: Codable, Sendable, Hashable {
    /// The tree this unit belongs to: `2025` (two levels, from 1 July 2025) or `legacy` (three levels).
    public var tree: String
    /// National statistical code (province 2 digits, district 3, commune 5).
    public var code: String
    public var name: String
    /// Kind as published: tỉnh, thành phố trung ương, xã, phường, đặc khu, huyện...
    public var type: String
    /// Level code from the tree's level list, e.g. `province`, `district`, `commune`.
    public var level: String
    public var parentCode: String?
    public var validFrom: String?
    public var validTo: String?

    public init(
        tree: String, code: String, name: String, type: String, level: String,
        parentCode: String?, validFrom: String?, validTo: String?
    ) {
        self.tree = tree
        self.code = code
        self.name = name
        self.type = type
        self.level = level
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
    }
}
