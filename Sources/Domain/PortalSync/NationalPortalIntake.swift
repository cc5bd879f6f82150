import Foundation

/// A document of a dossier submitted through the national portal: which requirement of the procedure it answers and
/// where the portal keeps the file.
public struct NationalPortalDocument: Codable, Sendable, Hashable {
    public var requirement: Int
    public var name: String
    public var url: String

    public init(requirement: Int, name: String, url: String) {
        self.requirement = requirement
        self.name = name
        self.url = url
    }
}

/// A dossier the national public-service portal received from a citizen and hands to the province.
public struct NationalPortalSubmission: Codable, Sendable, Hashable {
    /// The portal's own code of the dossier: the key of a retried delivery.
    public var nationalCode: String
    public var procedureCode: String
    public var communeCode: String?
    public var applicant: Applicant
    public var documents: [NationalPortalDocument]
    public var note: String?
    public var feeAnswers: FeeAnswers?

    public init(
        nationalCode: String, procedureCode: String, communeCode: String?, applicant: Applicant, documents: [NationalPortalDocument],
        note: String? = nil, feeAnswers: FeeAnswers? = nil
    ) {
        self.nationalCode = nationalCode
        self.procedureCode = procedureCode
        self.communeCode = communeCode
        self.applicant = applicant
        self.documents = documents
        self.note = note
        self.feeAnswers = feeAnswers
    }

    /// The same submission as an online one (for its checks and its receipt); the files stay on the national portal.
    var online: OnlineSubmission {
        OnlineSubmission(
            procedureCode: procedureCode, communeCode: communeCode, applicant: applicant,
            documents: documents.map { DossierDocument(requirement: $0.requirement, documentId: 0, reused: false) }, note: note,
            feeAnswers: feeAnswers)
    }
}

/// Receives the dossiers submitted through the national portal with the checks and the idempotency of an online
/// submission: the procedure offered fully online, a document for every required paper, the applicant's details; a
/// delivery repeated with the same national code answers with the dossier opened the first time.
public struct NationalPortalIntake: Sendable {
    let dossierService: DossierService
    let catalogue: any CatalogueRepository

    public init(dossierService: DossierService, catalogue: any CatalogueRepository) {
        self.dossierService = dossierService
        self.catalogue = catalogue
    }

    public func receive(_ submission: NationalPortalSubmission, by actor: AuditActor) async throws -> (dossier: Dossier, created: Bool) {
        let code = submission.nationalCode
        guard (1...100).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) })
        else { throw DomainError.invalid("nationalCode") }
        for document in submission.documents {
            guard (1...200).contains(document.name.count), document.url.count <= 2000,
                let url = URL(string: document.url), ["https", "http"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
            else { throw DomainError.invalid("documents") }
        }
        guard let procedure = try await catalogue.procedure(code: submission.procedureCode) else {
            throw DomainError(.invalid, "procedure.notFound", ["code": submission.procedureCode])
        }
        let online = submission.online
        try online.validate(against: procedure)
        let files = submission.documents.map { "\($0.requirement): \($0.name) <\($0.url)>" }.joined(separator: "; ")
        let audit = actor.entry("nationalPortal.receive", target: code, detail: String(files.prefix(4000)), at: dossierService.now())
        return try await dossierService.receive(
            online.receipt, by: nil, idempotencyKey: "national:\(code)", extras: DossierChangeExtras(audit: audit))
    }
}
