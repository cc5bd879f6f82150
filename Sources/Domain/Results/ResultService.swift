import Foundation

/// Attaching result documents to dossiers, and verifying results for anyone.
public struct ResultService: Sendable {
    let dossierService: DossierService
    let results: any ResultRepository
    let signer: any ResultSigner
    let agencies: any AgencyRepository
    let blobs: any BlobStore
    let clock: Clock
    /// Issued official documents, verified by their file when no dossier result matches.
    public var outgoingDocuments: (any OutgoingDocumentRepository)?

    public init(
        dossierService: DossierService, results: any ResultRepository, signer: any ResultSigner,
        agencies: any AgencyRepository, blobs: any BlobStore, clock: Clock
    ) {
        self.clock = clock
        self.dossierService = dossierService
        self.results = results
        self.signer = signer
        self.agencies = agencies
        self.blobs = blobs
    }

    /// The dossier `code` when `officer` may attach its result: a specialist or leader of the handling
    /// agency (a specialist only when the dossier is assigned to them or to nobody), before it is signed.
    /// Checked before the file is stored, and again when it is attached.
    public func mayAttach(to code: String, by officer: Officer) async throws -> Dossier {
        let dossier = try await dossierService.visibleDossier(code: code, to: officer)
        guard dossier.handlingAgencyId == officer.agencyId, !officer.roles.isDisjoint(with: [.specialist, .leader]) else {
            throw DomainError.forbidden("result.attachForbidden")
        }
        if !officer.roles.contains(.leader), let assignee = dossier.assigneeId, assignee != officer.id {
            throw DomainError.forbidden("transition.notAssignee")
        }
        guard dossier.outcome == nil, dossier.resolvedAt == nil else { throw DomainError.conflict("result.alreadySigned") }
        if let existing = try await results.result(dossierId: dossier.id), existing.signature != nil {
            throw DomainError.conflict("result.alreadySigned")
        }
        return dossier
    }

    /// Attaches `document` as the result of the dossier `code`: by a specialist or leader of the
    /// handling agency, before the result is signed. The officer calls from `address`.
    public func attach(_ document: StoredDocument, to code: String, by officer: Officer, address: String?) async throws
        -> ResultRecord
    {
        let dossier = try await mayAttach(to: code, by: officer)
        let record = ResultRecord(
            dossierId: dossier.id, dossierCode: dossier.code, documentId: document.id,
            sha256: document.sha256, agencyId: dossier.handlingAgencyId)
        let line = AuditActor(officer, address: address).entry(
            "result.attach", target: code, detail: document.sha256, at: clock.now())
        try await results.attach(record, audit: line)
        return record
    }

    /// Verifies a result: by its dossier code and optionally the file's SHA-256 (did this file
    /// come from us unchanged?), or by the file alone (which result is it?).
    public func verify(code: String?, sha256: String?) async throws -> VerificationReport {
        var record: ResultRecord?
        if let code {
            guard DossierCode.isWellFormed(code) else { throw DomainError.invalid("code") }
            record = try await results.result(code: code)
        } else if let sha256 {
            record = try await results.results(sha256: sha256).first { $0.signature != nil }
        } else {
            throw DomainError.invalid("code", "required")
        }
        guard let record, let signature = record.signature else {
            if code == nil, let sha256, let report = try await verifyOutgoing(sha256: sha256) { return report }
            return VerificationReport(outcome: .unknown, sha256: sha256)
        }
        let agency = try await agencies.agency(id: record.agencyId)
        var report = VerificationReport(
            outcome: .valid, code: record.dossierCode, agencyId: record.agencyId,
            agencyName: agency?.name, agencyNameEn: agency?.nameEn, signedAt: signature.signedAt,
            sha256: record.sha256, signature: signature,
            certificateChain: try await signer.certificateChain(serial: signature.certificateSerial))
        if let progress = try? await dossierService.progress(code: record.dossierCode),
            let procedure = try await dossierService.catalogue.procedure(code: progress.procedureCode)
        {
            report.document = VerifiedDocument(
                name: procedure.result, nameEn: procedure.resultEn, procedureCode: procedure.code,
                procedureName: procedure.name, procedureNameEn: procedure.nameEn)
        }
        if let sha256, sha256 != record.sha256 {
            report.outcome = .tampered
            report.presentedSha256 = sha256
        } else if !(try await signer.isValid(signature, file: try await blobs.get(record.sha256) ?? [])) {
            report.outcome = .tampered
        } else if record.revokedAt != nil {
            report.outcome = .revoked
            report.revokedAt = record.revokedAt
            report.revokeReason = record.revokeReason
        }
        return report
    }

    /// Withdraws a signed result (a leader of the issuing agency, with a reason). The officer calls from `address`.
    public func revoke(code: String, reason: String, by officer: Officer, address: String?) async throws {
        let dossier = try await dossierService.visibleDossier(code: code, to: officer)
        guard officer.roles.contains(.leader), dossier.handlingAgencyId == officer.agencyId else {
            throw DomainError.forbidden("result.revokeForbidden")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else { throw DomainError.invalid("reason", "required") }
        let now = clock.now()
        let line = AuditActor(officer, address: address).entry("result.revoke", target: code, detail: text, at: now)
        try await results.revoke(code: dossier.code, reason: text, now: now, audit: line)
    }
}

/// The answer of a verification, with what it was checked against.
public struct VerificationReport: Codable, Sendable, Hashable {
    public var outcome: VerificationOutcome
    public var code: String?
    public var agencyId: String?
    public var agencyName: String?
    public var agencyNameEn: String?
    public var signedAt: Date?
    /// SHA-256 of the signed file.
    public var sha256: String?
    /// SHA-256 of the file presented, when it differs from the signed one.
    public var presentedSha256: String?
    public var signature: ResultSignature?
    public var certificateChain: [String]?
    public var revokedAt: Date?
    public var revokeReason: String?
    /// What the signed file is: the procedure's result (e.g. a birth certificate).
    public var document: VerifiedDocument?

    public init(
        outcome: VerificationOutcome, code: String? = nil, agencyId: String? = nil, agencyName: String? = nil,
        agencyNameEn: String? = nil, signedAt: Date? = nil, sha256: String? = nil, signature: ResultSignature? = nil,
        certificateChain: [String]? = nil
    ) {
        self.outcome = outcome
        self.code = code
        self.agencyId = agencyId
        self.agencyName = agencyName
        self.agencyNameEn = agencyNameEn
        self.signedAt = signedAt
        self.sha256 = sha256
        self.signature = signature
        self.certificateChain = certificateChain
    }
}

/// What a verified result is, as the procedure names its result, in both languages.
public struct VerifiedDocument: Codable, Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var procedureCode: String
    public var procedureName: String
    public var procedureNameEn: String
}
