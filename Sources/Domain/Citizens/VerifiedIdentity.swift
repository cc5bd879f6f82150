import Foundation

/// Who an identity provider vouched for, read from its verified ID token: the provider's stable
/// subject, the 12-digit personal identification number, the name, and what else it shares.
public struct VerifiedIdentity: Sendable, Hashable {
    /// The provider's id (`vneid`).
    public var provider: String
    /// The provider's stable identifier of the person (`sub`).
    public var subject: String
    public var idNumber: String
    public var fullName: String
    public var birthDate: LocalDate?
    public var phone: String?
    public var level: IdentityLevel

    public init(
        provider: String, subject: String, idNumber: String, fullName: String, birthDate: LocalDate?, phone: String?,
        level: IdentityLevel
    ) {
        self.provider = provider
        self.subject = subject
        self.idNumber = idNumber
        self.fullName = fullName
        self.birthDate = birthDate
        self.phone = phone
        self.level = level
    }

    /// Checks the claims as a profile is checked (a 12-digit ID number agreeing with the birth date, a
    /// name, a phone that is one); a phone that is not usable is dropped rather than refusing the person.
    public func validated(today: LocalDate) throws -> VerifiedIdentity {
        guard !subject.isEmpty, subject.count <= 255 else { throw DomainError(.unauthenticated, "oidc.claims") }
        guard CitizenIDNumber.isValid(idNumber, birthDate: birthDate) else { throw DomainError(.unauthenticated, "oidc.idNumber") }
        var checked = self
        let profile = CitizenProfile(fullName: fullName, birthDate: birthDate, idNumber: idNumber, phone: phone)
        guard let base = try? CitizenProfile(fullName: fullName, birthDate: birthDate, idNumber: idNumber).normalised(today: today)
        else { throw DomainError(.unauthenticated, "oidc.claims") }
        checked.fullName = base.fullName
        checked.phone = (try? profile.normalised(today: today))?.phone
        return checked
    }

    /// The profile an account opened from this identity starts with.
    public var profile: CitizenProfile {
        CitizenProfile(fullName: fullName, birthDate: birthDate, idNumber: idNumber, phone: phone)
    }
}
