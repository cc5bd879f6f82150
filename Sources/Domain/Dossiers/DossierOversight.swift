import Foundation

extension DossierService {
    /// A dossier by its code for oversight (the operations dashboard's drill-down), whichever agencies hold
    /// it: the caller decides whether its scope covers the dossier. Not found: `dossier.notFound`.
    public func overseenDossier(code typed: String) async throws -> Dossier {
        let code = DossierCode.normalized(typed)
        guard DossierCode.isWellFormed(code), let dossier = try await dossiers.dossier(code: code) else {
            throw DomainError.notFound("dossier.notFound")
        }
        return dossier
    }
}
