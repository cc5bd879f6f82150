import Domain

/// The dashboard's table of official documents past their deadline, per lead unit.
enum LateDocumentsSection {
    static func fill(
        _ page: inout OperationsDashboardPage, documents: DocumentReminderService, scope: StatScope, names: OperationsViews.Names
    ) async throws {
        let late = try await documents.lateByUnit(in: scope)
        page.showsLateDocuments = true
        page.noLateDocuments = late.isEmpty
        page.lateDocuments = late.map {
            .init(unit: names.agencies[$0.agencyId] ?? $0.agencyId, late: $0.late, oldest: Format.day($0.oldestDeadline))
        }
    }
}
