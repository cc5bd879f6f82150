import Domain
import Foundation

/// Generates last month's periodic report (the province's, in Vietnamese) once the month is
/// over and keeps it in the archive for download; a later pass finds it there and does nothing.
public struct MonthlyReportArchiver: Sendable {
    let statistics: any StatisticsRepository
    let operations: OperationsService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let strings: Strings

    public init(
        statistics: any StatisticsRepository, catalogue: any CatalogueRepository, agencies: any AgencyRepository,
        indexStore: any ServiceIndexStore
    ) throws {
        self.statistics = statistics
        self.catalogue = catalogue
        self.agencies = agencies
        self.operations = OperationsService(statistics: statistics, catalogue: catalogue, agencies: agencies, indexStore: indexStore)
        self.strings = try Strings.load()
    }

    /// Archives the previous month's report if it is not archived yet; returns 1 when it did.
    public func archivePreviousMonth(now: Date) async throws -> Int {
        let today = LocalDate.local(now, utcOffsetSeconds: Format.offset).date
        let period = StatPeriod.month(YearMonth(year: today.year, month: today.month).adding(-1))
        if try await statistics.archivedReports(scope: .province, limit: 1).first?.period == period.description { return 0 }
        let report = try await operations.periodicReport(.province, period, today: today)
        let names = try await OperationsViews(
            catalogue: catalogue, agencies: agencies, strings: strings,
            fieldReports: nil
        ).names(.vi)
        let csv = report.csv(
            header: OperationsPagesController.header(strings, .vi), agencyName: { names.agencies[$0] ?? $0 },
            procedureName: { names.procedures[$0] ?? $0 })
        return try await statistics.archiveReport(period: period.description, scope: .province, csv: csv, at: now) ? 1 : 0
    }
}
