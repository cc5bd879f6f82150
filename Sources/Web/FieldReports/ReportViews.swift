import Domain
import Foundation
import Persistence

/// Page data shared by the public and the officers' report pages.
struct ReportViews {
    let service: FieldReportService
    let reports: any FieldReportRepository
    let agencies: any AgencyRepository
    let strings: Strings

    /// Names of the province's communes by code.
    func communeNames() async throws -> [String: String] {
        Dictionary(
            try await agencies.units(tree: "2025", parentCode: Seeder.provinceCode).map { ($0.code, $0.name) },
            uniquingKeysWith: { a, _ in a })
    }

    func categoryNames(_ english: Bool) async throws -> [String: String] {
        Dictionary(try await service.categories().map { ($0.code, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// A report's line in a list.
    func row(
        _ r: FieldReport, link: String, categories: [String: String], communes: [String: String], language: Language,
        today: LocalDate? = nil
    ) -> [String: Any] {
        var row: [String: Any] = [
            "id": r.id, "link": link, "category": categories[r.categoryCode] ?? r.categoryCode,
            "status": strings.text("report_status_\(r.status.rawValue)", language), "statusCode": r.status.rawValue,
            "commune": r.unitCode.flatMap { communes[$0] } as Any, "address": r.address as Any,
            "receivedAt": Format.instant(r.receivedAt), "answerBy": Format.day(r.answerBy),
            "excerpt": r.publicDescription.count > 160 ? String(r.publicDescription.prefix(160)) + "…" : r.publicDescription,
        ]
        if let today, r.status.isOpen && r.status != .answered {
            row["overdue"] = r.answerBy < today
        }
        return row
    }

    /// Links that open a point in the phone's map application, and on the web.
    static func mapLinks(_ p: GeoPoint) -> [String: String] {
        let lat = String(format: "%.6f", p.latitude)
        let lon = String(format: "%.6f", p.longitude)
        return [
            "geo": "geo:\(lat),\(lon)?q=\(lat),\(lon)",
            "web": "https://www.openstreetmap.org/?mlat=\(lat)&mlon=\(lon)#map=18/\(lat)/\(lon)",
            "text": "\(lat), \(lon)",
        ]
    }

    /// The report's history lines for the page (only public ones for the public).
    func timeline(_ events: [ReportEvent], publicOnly: Bool, language: Language) -> [[String: Any]] {
        events.filter { !publicOnly || $0.isPublic }.map { e in
            [
                "action": strings.text("report_action_\(e.action)", language), "at": Format.instant(e.at),
                "status": strings.text("report_status_\(e.toStatus.rawValue)", language),
                "note": (publicOnly && !["answer", "reject", "requestInfo"].contains(e.action) ? nil : e.note) as Any,
                "actor": (publicOnly ? nil : actorName(e, language)) as Any,
            ]
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
    func categoryOptions(_ english: Bool, selected: String?) async throws -> [[String: Any]] {
        try await service.categories().map { ["code": $0.code, "name": english ? $0.nameEn : $0.name, "selected": $0.code == selected] }
    }
}
