/// A counter kept by the operations centre's aggregates; its raw value is its column name.
public protocol StatMetric: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable where AllCases == [Self] {}

/// What is counted about dossiers, per period and unit.
public enum DossierMetric: String, StatMetric {
    /// The clock started (counter receipt or acceptance of an online submission).
    case received
    case receivedOnline = "received_online"
    /// Received with electronic documents attached (submitted online or scanned).
    case receivedDigitised = "received_digitised"
    /// Received with at least one document taken from the applicant's store (declare once).
    case receivedReused = "received_reused"
    /// The outcome of a received dossier was decided (approved, refused, stopped), judged against
    /// the legal date; its processing time (clock start to decision) is summed.
    case resolved
    case resolvedEarly = "resolved_early"
    case resolvedOnTime = "resolved_on_time"
    case resolvedLate = "resolved_late"
    /// Late ones whose applicant had received an apology with a new date.
    case resolvedLateApologized = "resolved_late_apologized"
    case processingMillis = "processing_ms"
    /// Refused or withdrawn after the clock started.
    case refused, withdrawn
    /// Online submissions refused by the desk before the clock started (not received).
    case refusedAtReception = "refused_at_reception"
    case returned
    /// Returned with a digitally signed electronic result.
    case returnedElectronic = "returned_electronic"
    case paid
    case paidOnline = "paid_online"
    case ratings
    case ratingsSatisfied = "ratings_satisfied"
    case ratingsUnsatisfied = "ratings_unsatisfied"
}

/// What is counted about field reports, per period, unit and category.
public enum ReportMetric: String, StatMetric {
    case received, answered
    case answeredOnTime = "answered_on_time"
    case rejected
}

/// Counters of one kind summed over some rows; missing counters are zero.
public struct Tally<Metric: StatMetric>: Sendable, Hashable {
    public var values: [Metric: Int64]

    public init(_ values: [Metric: Int64] = [:]) { self.values = values }

    public subscript(_ metric: Metric) -> Int64 {
        get { values[metric] ?? 0 }
        set { values[metric] = newValue }
    }

    public static func + (a: Tally, b: Tally) -> Tally {
        var sum = a
        for (k, v) in b.values { sum[k] += v }
        return sum
    }

    /// Whether every counter is zero.
    public var isEmpty: Bool { values.values.allSatisfy { $0 == 0 } }
}

/// A share: numerator over denominator, with the percent when the denominator is not zero.
public struct Rate: Sendable, Hashable, Codable {
    public var numerator: Int64
    public var denominator: Int64

    public init(_ numerator: Int64, of denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Percent, or nil when there is nothing to divide.
    public var percent: Double? { denominator > 0 ? Double(numerator) * 100 / Double(denominator) : nil }
}

extension Tally where Metric == DossierMetric {
    /// Finished on or before the legal date, among those judged (Decision 766: on time).
    public var onTime: Rate {
        let good = self[.resolvedEarly] + self[.resolvedOnTime]
        return Rate(good, of: good + self[.resolvedLate])
    }
    public var online: Rate { Rate(self[.receivedOnline], of: self[.received]) }
    public var onlinePayment: Rate { Rate(self[.paidOnline], of: self[.paid]) }
    public var digitised: Rate { Rate(self[.receivedDigitised], of: self[.received]) }
    public var reused: Rate { Rate(self[.receivedReused], of: self[.received]) }
    public var electronicResults: Rate { Rate(self[.returnedElectronic], of: self[.returned]) }
    /// Ratings that are not "unsatisfied".
    public var satisfaction: Rate { Rate(self[.ratings] - self[.ratingsUnsatisfied], of: self[.ratings]) }
    /// Late dossiers whose applicant was apologised to.
    public var apologised: Rate { Rate(self[.resolvedLateApologized], of: self[.resolvedLate]) }
    /// Average time from the start of the clock to the decision, in days (calendar), or nil.
    public var averageProcessingDays: Double? {
        self[.resolved] > 0 ? Double(self[.processingMillis]) / Double(self[.resolved]) / 86_400_000 : nil
    }
}

extension Tally where Metric == ReportMetric {
    public var answeredOnTime: Rate { Rate(self[.answeredOnTime], of: self[.answered]) }

    /// Answered on time among those answered and those still open past their date (`overdueOpen`, counted
    /// as late): leaving a report unanswered must not raise the rate (issue 18 item 7).
    public func answeredOnTime(overdueOpen: Int64) -> Rate { Rate(self[.answeredOnTime], of: self[.answered] + overdueOpen) }
}
