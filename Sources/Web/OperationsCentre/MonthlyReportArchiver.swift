import Domain
import Foundation

/// Generates last month's periodic report (the province's, in Vietnamese) once the month is
/// over and keeps it in the archive for download; a later pass finds it there and does nothing.
/// A background job of the app; it lives here because it writes the report with the pages' names.
public struct MonthlyReportArchiver: Sendable {
    let statistics: any StatisticsRepository
    let operations: OperationsService
    let views: OperationsViews

    /// An archiver using the application's `operations` service.
    public init(
        operations: OperationsService, statistics: any StatisticsRepository, catalogue: any CatalogueRepository,
        agencies: any AgencyRepository
    ) throws {
        self.statistics = statistics
        self.operations = operations
        self.views = OperationsViews(
            operations: operations, catalogue: catalogue, agencies: agencies, strings: try Strings.load(), fieldReports: nil)
    }

    /// Archives the previous month's report if it is not archived yet; returns 1 when it did.
    public func archivePreviousMonth(now: Date) async throws -> Int {
        let today = LocalDate.local(now, utcOffsetSeconds: Format.offset).date
        let period = StatPeriod.month(YearMonth(year: today.year, month: today.month).adding(-1))
        if try await statistics.archivedReports(scope: .province, limit: 1).first?.period == period.description { return 0 }
        let report = try await operations.periodicReport(.province, period, today: today)
        let csv = views.csv(report, names: try await views.names(.vi), language: .vi)
        return try await statistics.archiveReport(period: period.description, scope: .province, csv: csv, at: now) ? 1 : 0
    }
}
