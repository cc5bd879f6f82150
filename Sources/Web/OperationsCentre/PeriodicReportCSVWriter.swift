import Domain

/// Writes the archived periodic reports as the pages' CSV download does, in Vietnamese.
public struct PeriodicReportCSVWriter: PeriodicReportWriter {
    let views: OperationsViews

    public init(operations: OperationsService, catalogue: any CatalogueRepository, agencies: any AgencyRepository) throws {
        views = OperationsViews(
            operations: operations, catalogue: catalogue, agencies: agencies, strings: try Strings.load(), fieldReports: nil)
    }

    public func csv(_ report: PeriodicReport) async throws -> String {
        views.csv(report, names: try await views.names(.vi), language: .vi)
    }
}
