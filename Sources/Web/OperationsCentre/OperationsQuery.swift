import Domain
import Foundation
import Hummingbird

/// What an operations page or API call asks for (scope, unit, period, field, big screen), read
/// from the query string and checked against what the officer may see.
struct OperationsQuery: Sendable {
    var scope: StatScope
    var period: StatPeriod
    /// A procedure field (lĩnh vực) to narrow the figures to, if any.
    var field: String?
    var bigScreen: Bool
    /// The trend's step, when asked for (`trend=day|week|month`).
    var grain: TrendGrain?
    var today: LocalDate

    /// Reads `scope`, `unit`, `period`, `field` and `screen`; the default scope is the widest the
    /// officer may see and the default period the current month.
    static func read(
        _ form: FormData, officer: Officer, agencies: any AgencyRepository, operations: OperationsService, now: Date
    ) async throws -> OperationsQuery {
        let today = LocalDate.local(now, utcOffsetSeconds: Format.offset).date
        let access = try await OperationsAccess.of(officer, agencies: agencies)
        var scope = access.defaultScope
        // The filter form sends scope and unit together as `unitChoice=agency|ID`.
        let choice = form["unitChoice"]?.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if let kindText = choice?.first ?? form["scope"], !kindText.isEmpty {
            guard let kind = StatScope.Kind(rawValue: kindText) else { throw DomainError.invalid("scope") }
            let key = (choice.map { $0.count > 1 ? $0[1] : "" } ?? form["unit"])?.trimmingCharacters(in: .whitespaces) ?? ""
            guard kind == .province || (!key.isEmpty && key.count <= 40) else { throw DomainError.invalid("unit") }
            scope = StatScope(kind: kind, key: key)
        }
        guard access.allows(scope) else { throw DomainError.forbidden("operations.scopeForbidden") }
        // An unknown unit is an error, not a dashboard of zeros.
        switch scope.kind {
        case .province: break
        case .agency:
            guard try await agencies.agency(id: scope.key) != nil else { throw DomainError.notFound("operations.unitNotFound") }
        case .commune:
            guard try await operations.communes().contains(where: { $0.code == scope.key }) else {
                throw DomainError.notFound("operations.unitNotFound")
            }
        }
        var period = StatPeriod.month(YearMonth(year: today.year, month: today.month))
        if let text = form["period"], !text.isEmpty {
            guard let p = StatPeriod(text) else { throw DomainError.invalid("period", "operations.badPeriod") }
            period = p
        }
        let field = form["field"].flatMap { $0.isEmpty ? nil : $0 }
        if let field, field.count > 40 { throw DomainError.invalid("field") }
        var grain: TrendGrain?
        if let text = form["trend"], !text.isEmpty {
            guard let g = TrendGrain(rawValue: text) else { throw DomainError.invalid("trend") }
            grain = g
        }
        return OperationsQuery(scope: scope, period: period, field: field, bigScreen: form["screen"] == "big", grain: grain, today: today)
    }

    /// The query string that asks for this again (with `changes` applied), for links.
    func queryString(_ changes: [String: String?] = [:]) -> String {
        var items: [String: String] = ["period": period.description]
        if scope.kind != .province {
            items["scope"] = scope.kind.rawValue
            items["unit"] = scope.key
        } else {
            items["scope"] = "province"
        }
        if let field { items["field"] = field }
        if let grain { items["trend"] = grain.rawValue }
        for (k, v) in changes { items[k] = v }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        return "?"
            + items.keys.sorted().compactMap { k in
                items[k].map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
            }.joined(separator: "&")
    }
}

/// Reads the query of an operations page or API call for the officer asking, "today" from the
/// application's clock; the pages and the API share it.
struct OperationsQueries: Sendable {
    let agencies: any AgencyRepository
    let operations: OperationsService
    let clock: Clock

    func read(_ request: Request, officer: Officer) async throws -> OperationsQuery {
        try await OperationsQuery.read(request.formQuery, officer: officer, agencies: agencies, operations: operations, now: clock.now())
    }

    /// What `officer` may see.
    func access(_ officer: Officer) async throws -> OperationsAccess {
        try await OperationsAccess.of(officer, agencies: agencies)
    }
}

/// Who may see which figures: administrators and leaders of the provincial committee or the
/// service centre see everything; other leaders see their own agency (and a commune's leaders
/// their commune).
struct OperationsAccess: Sendable {
    let everything: Bool
    let agency: Agency?

    static func of(_ officer: Officer, agencies: any AgencyRepository) async throws -> OperationsAccess {
        guard officer.active, officer.roles.contains(.leader) || officer.roles.contains(.admin) else {
            throw DomainError.forbidden("operations.leadersOnly")
        }
        let agency = try await agencies.agency(id: officer.agencyId)
        let wide: Set<AgencyKind> = [.provincialCommittee, .serviceCentre]
        return OperationsAccess(
            everything: officer.roles.contains(.admin) || agency.map { wide.contains($0.kind) } ?? false, agency: agency)
    }

    var defaultScope: StatScope {
        everything ? .province : StatScope(kind: .agency, key: agency?.id ?? "")
    }

    /// Whether the dossier is in a dashboard the caller may see: its handling agency's, or the commune's
    /// of its receiving desk (`receivingUnit`), as the late list counts them.
    func covers(_ dossier: Dossier, receivingUnit: String?) -> Bool {
        allows(StatScope(kind: .agency, key: dossier.handlingAgencyId))
            || receivingUnit.map { allows(StatScope(kind: .commune, key: $0)) } ?? false
    }

    func allows(_ scope: StatScope) -> Bool {
        if everything { return true }
        switch scope.kind {
        case .province: return false
        case .agency: return scope.key == agency?.id
        case .commune: return agency?.unitCode != nil && scope.key == agency?.unitCode
        }
    }
}
