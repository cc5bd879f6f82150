import Foundation

/// A citizen or business representative with an account on the portal.
public struct Citizen: Codable, Sendable, Hashable {
    public var id: Int64
    public var profile: CitizenProfile
    /// How surely the holder is known: self-declared, or the level an identity provider vouched for.
    public var identityLevel: IdentityLevel

    public init(id: Int64, profile: CitizenProfile, identityLevel: IdentityLevel = .selfDeclared) {
        self.id = id
        self.profile = profile
        self.identityLevel = identityLevel
    }

    /// The applicant details a new dossier starts from ("declare once").
    public var applicant: Applicant {
        Applicant(
            fullName: profile.fullName, idNumber: profile.idNumber ?? "", phone: profile.phone ?? "",
            email: profile.email, address: profile.address ?? "", unitCode: profile.unitCode)
    }
}

/// What a citizen declares about themselves once, reused by every dossier.
public struct CitizenProfile: Codable, Sendable, Hashable {
    public var fullName: String
    public var birthDate: LocalDate?
    /// 12-digit citizen identification number (số định danh cá nhân, CCCD).
    public var idNumber: String?
    /// Commune of the address, in the current tree of administrative units.
    public var unitCode: String?
    public var address: String?
    public var phone: String?
    public var email: String?

    public init(
        fullName: String, birthDate: LocalDate? = nil, idNumber: String? = nil, unitCode: String? = nil,
        address: String? = nil, phone: String? = nil, email: String? = nil
    ) {
        self.fullName = fullName
        self.birthDate = birthDate
        self.idNumber = idNumber
        self.unitCode = unitCode
        self.address = address
        self.phone = phone
        self.email = email
    }

    /// Trims fields, drops empty ones, normalises the phone and lower-cases the e-mail, then
    /// checks every field; throws the first invalid one.
    public func normalised(today: LocalDate) throws -> CitizenProfile {
        func clean(_ s: String?) -> String? {
            let t = s?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return t.isEmpty ? nil : t
        }
        var p = self
        p.fullName = fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        p.idNumber = clean(idNumber)
        p.unitCode = clean(unitCode)
        p.address = clean(address)
        p.phone = clean(phone).map(Self.normalisedPhone)
        p.email = clean(email)?.lowercased()
        func need(_ ok: Bool, _ field: String, _ code: String = "invalid") throws {
            if !ok { throw DomainError.invalid(field, code) }
        }
        try need(!p.fullName.isEmpty && p.fullName.count <= 200, "fullName")
        if let birth = p.birthDate { try need(birth <= today && birth.year >= 1900, "birthDate") }
        if let id = p.idNumber { try need(CitizenIDNumber.isValid(id, birthDate: p.birthDate), "idNumber", "citizen.badIdNumber") }
        if let unit = p.unitCode { try need(ReceiptInput.isUnitCode(unit), "unitCode") }
        try need((p.address?.count ?? 0) <= 500, "address")
        if let phone = p.phone { try need(ReceiptInput.isPhone(phone), "phone") }
        if let email = p.email { try need(ReceiptInput.isEmail(email), "email") }
        return p
    }

    /// `+84xxxxxxxxx` becomes `0xxxxxxxxx`; spaces and dots are removed.
    public static func normalisedPhone(_ s: String) -> String {
        let compact = s.filter { !$0.isWhitespace && $0 != "." && $0 != "-" }
        return compact.hasPrefix("+84") ? "0" + compact.dropFirst(3) : compact
    }
}
