import Domain
import Foundation

/// A statutory slip of the dossier as issued (supplement request, refusal, apology with the new appointment,
/// stop notice), printable on A4, with the dossier's facts.
struct DossierSlipPage: DossierFactsPage {
    static let template = "dossier-slip"
    let facts: DossierFacts
    let kind: String
    let form: String
    let formSource: String
    let number: String
    let title: String
    /// The agency whose officer took the action (the desk for a refusal at reception, the handling agency otherwise).
    let issuer: String
    let issuedDay: String
    let issuedAt: String
    let issuedBy: String
    let intro: String
    let reasonLabel: String
    let reason: String
    let newDueDate: String?
    let isApology: Bool
    let closing: String
}

/// The tracking book (sổ theo dõi hồ sơ) of the officer's agency for a period, printable and as CSV.
struct TrackingBookPage: PageModel {
    static let template = "tracking-book"

    /// One dossier of the book.
    struct Line: Encodable, Sendable {
        let number: Int
        let code: String
        let link: String
        let applicant: String
        let procedure: String
        let receivedAt: String
        let dueDate: String
        let handlingAgency: String
        let finishedAt: String
        let state: String
        let timeliness: String
    }

    let agency: String
    let form: String
    let formSource: String
    let from: String
    let to: String
    /// The period as read ("01/02/2026 – 28/02/2026").
    let period: String
    let action: String
    let csvLink: String
    let lines: [Line]
    let count: Int
    let none: Bool
    let truncated: Bool
}

extension DossierPageViews {
    /// The slip of `d` issued by its event `sequence`; "not found" when that event issued none.
    func slipPage(_ d: Dossier, sequence: Int, language: Language) async throws -> DossierSlipPage {
        guard let slip = try await dossiers.slips(dossierId: d.id).first(where: { $0.sequence == sequence }) else {
            throw DomainError.notFound("slip.notFound")
        }
        let kind = slip.kind.rawValue
        let day = LocalDate.local(slip.issuedAt, utcOffsetSeconds: Format.offset).date
        let facts = try await facts(d, language: language)
        let issuer = facts.history.first { $0.sequence == slip.sequence }?.agency ?? facts.receivingAgency
        return DossierSlipPage(
            facts: facts, kind: kind, form: slip.kind.form, formSource: SlipKind.source,
            number: "\(slip.sequence)/\(d.code)", title: strings.text("slip_title_\(kind)", language), issuer: issuer,
            issuedDay: strings.text(
                "slip_day", language, ["day": Format.two(day.day), "month": Format.two(day.month), "year": String(day.year)]),
            issuedAt: Format.instant(slip.issuedAt), issuedBy: slip.issuedBy, intro: strings.text("slip_intro_\(kind)", language),
            reasonLabel: strings.text("slip_reason_\(kind)", language), reason: slip.reason,
            newDueDate: slip.newDueDate.map { Format.day($0) }, isApology: slip.kind == .apology,
            closing: strings.text("slip_closing_\(kind)", language))
    }

    /// The rows of a tracking book, numbered from 1, as the page and the CSV show them.
    func bookLines(_ book: TrackingBook, language: Language) async throws -> [TrackingBookPage.Line] {
        let english = language == .en
        var lines: [TrackingBookPage.Line] = []
        var agencyNames: [String: String] = [:]
        for (i, d) in book.dossiers.enumerated() {
            let procedure = try await catalogue.procedure(code: d.procedureCode)
            let workflow = try await catalogue.workflow(code: d.workflowCode)
            if agencyNames[d.handlingAgencyId] == nil, let a = try await agencies.agency(id: d.handlingAgencyId) {
                agencyNames[d.handlingAgencyId] = english ? a.nameEn : a.name
            }
            let state = workflow?.state(d.state).map { english ? $0.nameEn : $0.name } ?? d.state
            lines.append(
                TrackingBookPage.Line(
                    number: i + 1, code: d.code, link: Routes.dossier.link(d.code), applicant: d.applicant.fullName,
                    procedure: (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
                    receivedAt: Format.instant(d.receivedAt), dueDate: Format.day(d.dueDate),
                    handlingAgency: agencyNames[d.handlingAgencyId] ?? d.handlingAgencyId,
                    finishedAt: d.finishedAt.map(Format.instant) ?? "", state: state,
                    timeliness: d.timeliness.map { strings.text("timeliness.\($0.rawValue)", language) } ?? ""))
        }
        return lines
    }

    /// The book as CSV: UTF-8 with a byte-order mark, the columns of the page.
    func bookCSV(_ lines: [TrackingBookPage.Line], language: Language) -> String {
        let header = [
            "book_col_number", "book_col_code", "book_col_applicant", "book_col_procedure", "book_col_received", "book_col_due",
            "book_col_handling", "book_col_finished", "book_col_state", "book_col_timeliness",
        ].map { strings.text($0, language) }
        let rows = lines.map {
            [
                String($0.number), $0.code, $0.applicant, $0.procedure, $0.receivedAt, $0.dueDate, $0.handlingAgency, $0.finishedAt,
                $0.state, $0.timeliness,
            ]
        }
        return CSV.byteOrderMark + CSV.write([header] + rows)
    }
}
