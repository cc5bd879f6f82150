import Foundation

/// A submission in progress, saved so the citizen can come back to it: the form's values, the
/// documents picked so far (by requirement index), and the key that makes its submission idempotent.
public struct SubmissionDraft: Codable, Sendable, Hashable {
    public var applicant: Applicant
    public var communeCode: String?
    public var note: String?
    /// Document picked for each requirement, keyed by the requirement's index.
    public var documents: [String: Int64]
    public var submissionKey: String
    public var updatedAt: Date
    /// What decides the amount due (copies asked for); nil before anything is asked.
    public var feeAnswers: FeeAnswers?

    public init(
        applicant: Applicant, communeCode: String?, note: String?, documents: [String: Int64], submissionKey: String, updatedAt: Date
    ) {
        self.applicant = applicant
        self.communeCode = communeCode
        self.note = note
        self.documents = documents
        self.submissionKey = submissionKey
        self.updatedAt = updatedAt
    }

    /// The submission this draft makes for `procedureCode`.
    public func submission(procedureCode: String) -> OnlineSubmission {
        OnlineSubmission(
            procedureCode: procedureCode, communeCode: communeCode, applicant: applicant,
            documents: documents.compactMap { key, id in Int(key).map { DossierDocument(requirement: $0, documentId: id, reused: false) } }
                .sorted { $0.requirement < $1.requirement },
            note: note, feeAnswers: feeAnswers)
    }

    /// The draft over the citizen's profile: each field the draft leaves empty shows the profile's value,
    /// so a draft never hides what the citizen declared once.
    public func filled(from citizen: Citizen) -> SubmissionDraft {
        var out = self
        let profile = citizen.applicant
        func pick(_ own: String, _ declared: String) -> String {
            own.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? declared : own
        }
        out.applicant.fullName = pick(applicant.fullName, profile.fullName)
        out.applicant.idNumber = pick(applicant.idNumber, profile.idNumber)
        out.applicant.phone = pick(applicant.phone, profile.phone)
        out.applicant.address = pick(applicant.address, profile.address)
        out.applicant.email = pick(applicant.email ?? "", profile.email ?? "").nilIfEmpty
        out.applicant.unitCode = applicant.unitCode ?? profile.unitCode
        out.communeCode = communeCode?.nilIfEmpty ?? citizen.profile.unitCode
        return out
    }
}

/// Drafts, one per citizen and procedure.
public protocol DraftRepository: Sendable {
    func draft(citizenId: Int64, procedureCode: String) async throws -> SubmissionDraft?
    func save(_ draft: SubmissionDraft, citizenId: Int64, procedureCode: String) async throws
}
