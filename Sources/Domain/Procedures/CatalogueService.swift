import Foundation

/// Administrators' imports of the procedure catalogue: the import and its audit line in one transaction.
public struct CatalogueService: Sendable {
    let catalogue: any CatalogueRepository
    let clock: Clock

    public init(catalogue: any CatalogueRepository, clock: Clock) {
        self.catalogue = catalogue
        self.clock = clock
    }

    /// Inserts or replaces `procedures` (and unknown `fields`); returns how many procedures were imported.
    public func importCatalogue(fields: [ProcedureField], procedures: [Procedure], by actor: AuditActor) async throws -> Int {
        let line = actor.entry("catalogue.import", detail: "\(procedures.count) procedures", at: clock.now())
        return try await catalogue.importCatalogue(fields: fields, procedures: procedures, audit: line)
    }
}
