import Foundation

/// The tracking book (sổ theo dõi hồ sơ, Mẫu số 07 of Circular 03/2025/TT-VPCP, Appendix I) of an agency for a
/// period: the dossiers it received or handled whose receipt falls within the period's local days.
public struct TrackingBook: Sendable {
    public var agencyId: String
    public var from: LocalDate
    public var to: LocalDate
    public var dossiers: [Dossier]
    /// More dossiers than the book lists at once were received in the period (narrow the period).
    public var truncated: Bool

    /// The longest period one book covers, in days, and the most rows it lists.
    public static let maxDays = 366
    public static let maxRows = 5_000
}

extension DossierService {
    /// The tracking book of `officer`'s agency from `from` to `to` (local days, both included). A period that
    /// ends before it starts or spans more than `TrackingBook.maxDays` is refused.
    public func trackingBook(for officer: Officer, from: LocalDate, to: LocalDate) async throws -> TrackingBook {
        let calendar = try await defaultCalendar()
        guard from <= to, from.adding(days: TrackingBook.maxDays - 1) >= to else { throw DomainError.invalid("period", "book.badPeriod") }
        let start = from.startInstant(utcOffsetSeconds: calendar.utcOffsetSeconds)
        let end = to.adding(days: 1).startInstant(utcOffsetSeconds: calendar.utcOffsetSeconds)
        let rows = try await dossiers.book(agencyId: officer.agencyId, from: start, until: end, limit: TrackingBook.maxRows + 1)
        return TrackingBook(
            agencyId: officer.agencyId, from: from, to: to, dossiers: Array(rows.prefix(TrackingBook.maxRows)),
            truncated: rows.count > TrackingBook.maxRows)
    }
}
