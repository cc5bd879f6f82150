import Foundation

/// A measure of the service-quality index computed from the platform's live figures, one per
/// indicator of the annex of Decision 766/QĐ-TTg (see `Seed/service-index-766.json`).
public enum ServiceMeasure: String, Codable, Sendable, CaseIterable {
    /// Procedures of the unit whose record names the legal basis that announced them.
    case announcedProcedures
    /// Procedures of the unit published in the catalogue.
    case publishedProcedures
    /// Procedures of the unit whose public record is complete (documents, time, result, legal basis).
    case catalogueComplete
    /// Received dossiers whose progress anyone can follow by code (every dossier on this platform).
    case progressPublic
    /// Dossiers handled on or before their date, pending ones still within their date counted on time,
    /// over every dossier handled (decided in the period or pending now).
    case handledOnTime
    /// Procedures of the unit offered online (fully or partly).
    case onlineProcedures
    /// Procedures offered online that received at least one online dossier in the period.
    case onlineProceduresUsed
    /// Dossiers submitted online over dossiers received.
    case onlineSubmission
    /// Procedures with a fee whose payment can be made online (offered online on this platform).
    case feeProceduresPayable
    /// Procedures with a fee that had at least one online payment in the period.
    case feeProceduresPaidOnline
    /// Fees paid online over fees paid on the platform.
    case onlinePayment
    /// Dossiers returned with a signed electronic result over dossiers returned.
    case electronicResults
    /// Received dossiers with electronic documents over dossiers received.
    case digitisedDossiers
    /// Received dossiers reusing a document from the applicant's store over dossiers received.
    case reusedData
    /// Dossiers with a document taken from the applicant's store (the platform's own store).
    case storeLinkedDossiers
    /// Not collected by the platform (no link to the national population database): always 0.
    case populationDataProcedures
    /// Not collected by the platform (no link to the national population database): always 0.
    case populationDataDossiers
    /// Not offered by the platform (electronic certified copies from originals): always 0.
    case certifiedCopies
    /// Field reports answered on time over those received in the period: one left unanswered, within its date or
    /// past it, is not handled on time (the annex divides by every report received).
    case reportsAnsweredOnTime
    /// Field reports received less the late ones (answered late or open past their date), over those received.
    case reportsSatisfaction
    /// 100 % − late dossiers % − dossiers rated unsatisfied %, both over the dossiers handled.
    case satisfaction
}

/// What the index needs to know of a unit's procedures and of their use in the period.
public struct CatalogueCounts: Sendable, Hashable {
    /// Procedures of the unit; every one is offered online, fully or partly (`OnlineLevel`), so they
    /// are also the procedures offered online and, with a fee, payable online through the gateway.
    public var procedures = 0
    public var withLegalBasis = 0
    public var complete = 0
    public var onlineUsed = 0
    public var withFee = 0
    public var withFeePaidOnline = 0

    public init() {}

    /// Counts `procedures`; `flows` are the period's counters per procedure code.
    public init(_ procedures: [Procedure], flows: [String: Tally<DossierMetric>]) {
        for p in procedures {
            let fee = p.fees.contains { $0.amount > 0 }
            self.procedures += 1
            withLegalBasis += p.legalBasis.isEmpty ? 0 : 1
            complete += Self.isComplete(p) ? 1 : 0
            onlineUsed += (flows[p.code]?[.receivedOnline] ?? 0) > 0 ? 1 : 0
            withFee += fee ? 1 : 0
            withFeePaidOnline += fee && (flows[p.code]?[.paidOnline] ?? 0) > 0 ? 1 : 0
        }
    }

    /// A procedure's public record is complete: documents, time, result and legal basis given.
    static func isComplete(_ p: Procedure) -> Bool {
        !p.documents.isEmpty && p.timeLimit.isValid && !p.result.isEmpty && !p.legalBasis.isEmpty
    }
}

/// Everything the index needs about one unit and one period.
public struct ServiceFigures: Sendable, Hashable {
    public var flows: Tally<DossierMetric>
    public var pending: PendingCounts
    public var reports: Tally<ReportMetric>
    /// Field reports open past their answer date now.
    public var reportsOverdue: Int64
    public var catalogue: CatalogueCounts

    public init(
        flows: Tally<DossierMetric>, pending: PendingCounts, reports: Tally<ReportMetric>, reportsOverdue: Int64 = 0,
        catalogue: CatalogueCounts
    ) {
        self.flows = flows
        self.pending = pending
        self.reports = reports
        self.reportsOverdue = reportsOverdue
        self.catalogue = catalogue
    }

    /// Whether the unit did anything in the period (dossiers or field reports); without activity
    /// the index has nothing to say, even though the catalogue measures have values.
    public var hasActivity: Bool {
        flows[.received] + flows[.resolved] + flows[.returned] + reports[.received] + reports[.answered] > 0 || pending.total > 0
    }

    /// Dossiers handled: decided in the period or pending now.
    var handled: Int64 { flows[.resolved] + pending.total }

    /// The value of `measure`: a percent with the counts it comes from (nil percent: nothing to divide).
    public func value(of measure: ServiceMeasure) -> MeasuredValue {
        let f = flows
        let c = catalogue
        func share(_ a: Int, _ b: Int) -> MeasuredValue { MeasuredValue(rate: Rate(Int64(a), of: Int64(b))) }
        switch measure {
        case .announcedProcedures: return share(c.withLegalBasis, c.procedures)
        case .publishedProcedures: return share(c.procedures, c.procedures)
        case .catalogueComplete: return share(c.complete, c.procedures)
        case .progressPublic: return MeasuredValue(rate: Rate(f[.received], of: f[.received]))
        case .handledOnTime:
            // Paused dossiers wait for the applicant with the clock stopped: not late.
            let good = f[.resolvedEarly] + f[.resolvedOnTime] + pending.withinDeadline + pending.paused
            return MeasuredValue(rate: Rate(good, of: handled))
        case .onlineProcedures: return share(c.procedures, c.procedures)
        case .onlineProceduresUsed: return share(c.onlineUsed, c.procedures)
        case .onlineSubmission: return MeasuredValue(rate: f.online)
        case .feeProceduresPayable: return share(c.withFee, c.withFee)
        case .feeProceduresPaidOnline: return share(c.withFeePaidOnline, c.withFee)
        case .onlinePayment: return MeasuredValue(rate: f.onlinePayment)
        case .electronicResults: return MeasuredValue(rate: f.electronicResults)
        case .digitisedDossiers: return MeasuredValue(rate: f.digitised)
        case .reusedData, .storeLinkedDossiers: return MeasuredValue(rate: f.reused)
        case .populationDataProcedures: return MeasuredValue(rate: Rate(0, of: Int64(c.procedures)), percent: 0)
        case .populationDataDossiers: return MeasuredValue(rate: Rate(0, of: f[.received]), percent: 0)
        case .certifiedCopies: return MeasuredValue(rate: Rate(0, of: 0), percent: 0)
        case .reportsAnsweredOnTime: return MeasuredValue(rate: Rate(reports[.answeredOnTime], of: reports[.received]))
        case .reportsSatisfaction:
            let received = reports[.received]
            let late = reports[.answered] - reports[.answeredOnTime] + reportsOverdue
            return MeasuredValue(rate: Rate(max(0, received - late), of: received))
        case .satisfaction:
            let judged = handled
            guard judged > 0 else { return MeasuredValue(rate: Rate(0, of: 0)) }
            let late = f[.resolvedLate] + pending.pastDeadline
            let unhappy = f[.ratingsUnsatisfied]
            let percent = 100 - Double(late) * 100 / Double(judged) - Double(unhappy) * 100 / Double(judged)
            return MeasuredValue(rate: Rate(unhappy, of: judged), percent: max(0, percent), extra: Rate(late, of: judged))
        }
    }
}

/// A measured percent and the counts behind it.
public struct MeasuredValue: Sendable, Hashable, Codable {
    public var rate: Rate
    public var percent: Double?
    /// A second count the value uses (satisfaction: late over handled).
    public var extra: Rate?

    public init(rate: Rate, percent: Double? = nil, extra: Rate? = nil) {
        self.rate = rate
        self.percent = percent ?? rate.percent
        self.extra = extra
    }
}
