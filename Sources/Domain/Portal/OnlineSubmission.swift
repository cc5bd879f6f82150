/// What a logged-in citizen submits online: the procedure, the commune that handles it, the
/// applicant's details (pre-filled from the profile), and a document for each requirement.
public struct OnlineSubmission: Codable, Sendable, Hashable {
    public var procedureCode: String
    public var communeCode: String?
    public var applicant: Applicant
    public var documents: [DossierDocument]
    public var note: String?
    /// What decides the amount due (copies asked for).
    public var feeAnswers: FeeAnswers?

    public init(
        procedureCode: String, communeCode: String?, applicant: Applicant, documents: [DossierDocument], note: String? = nil,
        feeAnswers: FeeAnswers? = nil
    ) {
        self.procedureCode = procedureCode
        self.communeCode = communeCode
        self.applicant = applicant
        self.documents = documents
        self.note = note
        self.feeAnswers = feeAnswers
    }

    /// Checks the submission against its procedure: every requirement that is not conditional needs exactly
    /// one document. Both levels of Decree 42/2022/NĐ-CP art. 11 take the dossier online; a partly online
    /// procedure leaves only its `inPersonSteps` (showing originals, collecting the result) to the desk.
    public func validate(against procedure: Procedure) throws {
        var seen = Set<Int>()
        for link in documents {
            guard procedure.documents.indices.contains(link.requirement), seen.insert(link.requirement).inserted else {
                throw DomainError.invalid("documents")
            }
        }
        let missing = procedure.documents.indices.filter { !procedure.documents[$0].conditional && !seen.contains($0) }
        guard missing.isEmpty else {
            // Every missing document at once (the form links each to its field), not only the first.
            throw DomainError(
                .invalid, "portal.documentMissing",
                [
                    "document": missing.map { procedure.documents[$0].name }.joined(separator: "; "),
                    "documentEn": missing.map { procedure.documents[$0].nameEn }.joined(separator: "; "),
                    "requirements": missing.map(String.init).joined(separator: ","),
                ])
        }
    }

    /// The receipt the one-stop rules open the dossier from.
    public var receipt: ReceiptInput {
        ReceiptInput(
            procedureCode: procedureCode, channel: .online, applicant: applicant, communeCode: communeCode, note: note,
            feeAnswers: feeAnswers)
    }
}
