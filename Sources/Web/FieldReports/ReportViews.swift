import Domain
import Foundation

/// Page data shared by the public and the officers' report pages.
struct ReportViews {
    let service: FieldReportService
    let agencies: any AgencyRepository
    let strings: Strings

    /// Names of the province's communes by code.
    func communeNames() async throws -> [String: String] {
        Dictionary(try await service.communes().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The province's communes for a select box.
    func communeOptions(selected: String?) async throws -> [ReportOption] {
        try await service.communes().map { ReportOption(code: $0.code, name: $0.name, selected: $0.code == selected) }
    }

    func categoryNames(_ english: Bool) async throws -> [String: String] {
        Dictionary(try await service.categories().map { ($0.code, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// A report's line in a list; with `today`, whether a report still to be answered is overdue.
    func row(
        _ r: FieldReport, link: String, categories: [String: String], communes: [String: String], language: Language,
        today: LocalDate? = nil
    ) -> ReportRow {
        var overdue: Bool?
        if let today, r.status.isOpen && r.status != .answered { overdue = r.answerBy < today }
        return ReportRow(
            id: r.id, link: link, category: categories[r.categoryCode] ?? r.categoryCode,
            status: status(r.status, language), statusCode: r.status.rawValue,
            commune: r.unitCode.flatMap { communes[$0] }, address: r.address,
            receivedAt: Format.instant(r.receivedAt), answerBy: r.answerDueAt.map(Format.instant) ?? Format.day(r.answerBy),
            excerpt: r.publicDescription.count > 160 ? String(r.publicDescription.prefix(160)) + "…" : r.publicDescription,
            overdue: overdue)
    }

    /// A status's name in `language`.
    func status(_ status: ReportStatus, _ language: Language) -> String {
        strings.text("report_status_\(status.rawValue)", language)
    }

    /// Links that open a point in the phone's map application, and on the web.
    static func mapLinks(_ p: GeoPoint) -> MapLinks {
        let lat = String(format: "%.6f", p.latitude)
        let lon = String(format: "%.6f", p.longitude)
        return MapLinks(
            geo: "geo:\(lat),\(lon)?q=\(lat),\(lon)",
            web: "https://www.openstreetmap.org/?mlat=\(lat)&mlon=\(lon)#map=18/\(lat)/\(lon)",
            text: "\(lat), \(lon)")
    }

    /// The report's history lines for the page (only public ones for the public).
    func timeline(_ events: [ReportEvent], publicOnly: Bool, language: Language) -> [ReportTimelineLine] {
        events.filter { !publicOnly || $0.isPublic }.map { e in
            ReportTimelineLine(
                action: strings.text("report_action_\(e.action)", language), at: Format.instant(e.at),
                status: status(e.toStatus, language),
                note: publicOnly && !["answer", "reject", "requestInfo"].contains(e.action) ? nil : e.note,
                actor: publicOnly ? nil : actorName(e, language))
        }
    }

    /// Who made an event: an officer's name, or the channel, the reporter or the platform.
    func actorName(_ e: ReportEvent, _ language: Language) -> String {
        if e.actorId != nil { return e.actorName }
        if ReportChannel(rawValue: e.actorName) != nil { return strings.text("report_channel_\(e.actorName)", language) }
        switch e.actorName {
        case "reporter": return strings.text("report_reporter", language)
        case "system": return strings.text("report_actor_system", language)
        default: return e.actorName
        }
    }

    /// The categories for a select box.
    func categoryOptions(_ english: Bool, selected: String?) async throws -> [ReportOption] {
        try await service.categories().map {
            ReportOption(code: $0.code, name: english ? $0.nameEn : $0.name, selected: $0.code == selected)
        }
    }
}
