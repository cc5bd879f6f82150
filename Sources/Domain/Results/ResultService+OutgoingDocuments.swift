import Foundation

extension ResultService {
    /// The verification of an issued official document whose signed file has `sha256`: its number
    /// and symbol as the code, the issuing agency, the signature checked against the authority.
    func verifyOutgoing(sha256: String) async throws -> VerificationReport? {
        guard let outgoingDocuments, let d = try await outgoingDocuments.signed(sha256: sha256), let signed = d.signature else {
            return nil
        }
        let agency = try await agencies.agency(id: d.agencyId)
        var report = VerificationReport(
            outcome: .valid, code: d.numberSymbol, agencyId: d.agencyId, agencyName: agency?.name, agencyNameEn: agency?.nameEn,
            signedAt: signed.signature.signedAt, sha256: d.sha256, signature: signed.signature,
            certificateChain: try await signer.certificateChain(serial: signed.signature.certificateSerial))
        if let type = OfficialDocumentTypes.type(d.content.typeCode) {
            report.document = VerifiedDocument(
                name: type.name, nameEn: type.nameEn, procedureCode: d.numberSymbol ?? "", procedureName: d.content.summary,
                procedureNameEn: d.content.summary)
        }
        if !(try await signer.isValid(signed.signature, file: try await blobs.get(d.sha256) ?? [])) { report.outcome = .tampered }
        return report
    }
}
