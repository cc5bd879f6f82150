import Domain
import Foundation
import Hummingbird

/// Public reference data: administrative units of either tree, and agencies with their
/// electronic identifiers.
struct ReferenceAPIController: Sendable {
    let agencies: any AgencyRepository

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiUnits, .get, units)
        groups.open.on(Routes.apiAgencies, .get, list)
    }

    /// `?tree=2025|legacy&parent=<code>`: the children of a unit, or the provinces without `parent`.
    @Sendable func units(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let tree = q.get("tree") ?? "2025"
        guard tree == "2025" || tree == "legacy" else { throw DomainError.invalid("tree") }
        let parent = q.get("parent")
        if let parent, !ReceiptInput.isUnitCode(parent) { throw DomainError.invalid("parent") }
        return try JSONCoding.response(ItemsView(items: try await agencies.units(tree: tree, parentCode: parent)))
    }

    /// `?kind=<AgencyKind>`: agencies, optionally of one kind.
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var kind: AgencyKind?
        if let raw = request.uri.queryParameters.get("kind") {
            guard let parsed = AgencyKind(rawValue: raw) else { throw DomainError.invalid("kind") }
            kind = parsed
        }
        return try JSONCoding.response(ItemsView(items: try await agencies.agencies(kind: kind)))
    }
}
