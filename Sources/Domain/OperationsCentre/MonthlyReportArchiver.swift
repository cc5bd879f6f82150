import Foundation

/// Writes a periodic report as the CSV text kept in the archive (names in Vietnamese).
public protocol PeriodicReportWriter: Sendable {
    func csv(_ report: PeriodicReport) async throws -> String
}

/// Generates last month's periodic report (the province's) once the month is over and keeps it
/// in the archive for download; a later pass finds it there and does nothing. A background job
/// of the app, run with the application's `OperationsService`.
public struct MonthlyReportArchiver: Sendable {
    let operations: OperationsService
    let statistics: any StatisticsRepository
    let writer: any PeriodicReportWriter
    /// The province's time zone (Vietnam: UTC+7), which says when a month is over.
    let utcOffsetSeconds: Int

    public init(
        operations: OperationsService, statistics: any StatisticsRepository, writer: any PeriodicReportWriter,
        utcOffsetSeconds: Int = 7 * 3600
    ) {
        self.operations = operations
        self.statistics = statistics
        self.writer = writer
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Archives the previous month's report if it is not archived yet; returns 1 when it did.
    public func archivePreviousMonth(now: Date) async throws -> Int {
        let today = LocalDate.local(now, utcOffsetSeconds: utcOffsetSeconds).date
        let period = StatPeriod.month(YearMonth(year: today.year, month: today.month).adding(-1))
        if try await statistics.archivedReports(scope: .province, limit: 1).first?.period == period.description { return 0 }
        let report = try await operations.periodicReport(.province, period, today: today)
        let csv = try await writer.csv(report)
        return try await statistics.archiveReport(period: period.description, scope: .province, csv: csv, at: now) ? 1 : 0
    }
}
