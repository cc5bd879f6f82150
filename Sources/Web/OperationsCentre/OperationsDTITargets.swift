import Domain

/// The digital-transformation targets of the period's year on the dashboard, with their status.
struct OperationsDTITargets: Encodable, Sendable {
    /// How many targets have a status.
    struct Count: Encodable, Sendable {
        let code: String
        let name: String
        let count: Int
    }

    /// A target of a unit.
    struct Row: Encodable, Sendable {
        let unit: String
        let statusCode: String
        let kind: String
        let score: String
        let status: String
    }

    let title: String
    let counts: [Count]
    let rows: [Row]
    let link: String
}

extension OperationsViews {
    /// The targets of the period's year that fall in the scope (all of them for the province),
    /// with their status; nil when there are none.
    func dtiTargets(_ q: OperationsQuery, dti: DTIService, language: Language) async throws -> OperationsDTITargets? {
        let year = q.period.lastMonth.year
        let all = try await dti.targets(year: year).filter { t in
            switch q.scope.kind {
            case .province: true
            case .agency: t.target.group == .department && t.target.unit == q.scope.key
            case .commune: t.target.group == .commune && t.target.unit == q.scope.key
            }
        }
        guard !all.isEmpty else { return nil }
        var names: [String: String] = [:]
        for g in DTIGroup.allCases {
            for u in try await dti.units.units(g) { names[u.key] = language == .en ? u.nameEn : u.name }
        }
        let counts = Dictionary(grouping: all, by: \.status).mapValues(\.count)
        return OperationsDTITargets(
            title: strings.text("ops_dti_targets", language, ["year": String(year)]),
            counts: DTIService.TargetStatus.allCases.compactMap { s in
                counts[s].map {
                    .init(code: s.rawValue, name: strings.text("dti_target_status_\(s.rawValue)", language), count: $0)
                }
            },
            rows: all.prefix(30).map { t, status, score in
                .init(
                    unit: names[t.unit] ?? t.unit, statusCode: status.rawValue,
                    kind: strings.text("dti_target_\(t.kind.rawValue)", language, ["score": points(t.minimumScore, language)]),
                    score: points(score, language), status: strings.text("dti_target_status_\(status.rawValue)", language))
            },
            link: Routes.dtiTargets.link() + "?year=\(year)")
    }
}
