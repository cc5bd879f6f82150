import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The national public-service portal's side of the platform: the dossiers it hands over (`POST
/// /api/v1/national-portal/dossiers`, with the key the province issued to it in `X-API-Key`) and, for administrators, the queue of
/// status records sent to it: what waits, what was given up on, and "send again".
struct NationalPortalController: Sendable {
    /// A status record as administrators see it.
    struct RecordView: Encodable, Sendable {
        let id: Int64
        let dossierCode: String
        let procedureCode: String
        let sequence: Int
        let nationalStatus: Int
        let occurredAt: Date
        let state: String
        let attempts: Int
        let nextAttemptAt: Date
        let lastError: String?
    }

    /// The records in one state and the count of each state.
    struct QueueView: Encodable, Sendable {
        let state: String
        let counts: [String: Int]
        let items: [RecordView]
    }

    /// The dossier a handed-over submission opened (or opened the first time, for a repeated one).
    struct ReceivedView: Encodable, Sendable {
        let code: String
        let nationalCode: String
        let state: String
        let dueDate: LocalDate?
    }

    /// The header the portal presents its key in (a bearer token would be taken for an officer's session).
    static let keyHeader = HTTPField.Name("X-API-Key")!

    let sync: PortalSyncService?
    let intake: NationalPortalIntake
    let inboundToken: String?
    /// Keys issued as data; one in force with the `national-portal.inbound` scope is accepted besides the token.
    let apiKeys: APIKeyService?
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiNationalPortalDossiers, .post, receive)
        groups.administrators.on(Routes.apiNationalPortalSync, .get, queue)
        groups.administrators.on(Routes.apiNationalPortalSyncResend, .post, resend)
    }

    @Sendable func receive(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try await authenticate(request.headers[Self.keyHeader] ?? "")
        let input = try await JSONCoding.decode(NationalPortalSubmission.self, from: request, limit: settings.maxBodyBytes)
        let (dossier, created) = try await intake.receive(input, by: AuditActor(name: caller, address: context.clientAddress))
        return try JSONCoding.response(
            ReceivedView(code: dossier.code, nationalCode: input.nationalCode, state: dossier.state, dueDate: dossier.dueDate),
            status: created ? .created : .ok)
    }

    /// The audit name of the caller presenting `key`: the configured token (compared in constant time) or an
    /// issued key in force with the scope, read from the store on every request. A key without the scope is
    /// forbidden; anything else is unauthenticated. Without a token or issued keys the endpoint does not exist.
    private func authenticate(_ key: String) async throws -> String {
        guard inboundToken != nil || apiKeys != nil else { throw DomainError(.notFound, "http.notFound") }
        if let inboundToken, Tokens.equal(key, inboundToken) { return "national-portal" }
        switch try await apiKeys?.check(key, scope: APIKeyScope.nationalPortalInbound) ?? .refused {
        case .granted(let issued): return "api-key:\(issued.prefix)"
        case .wrongScope: throw DomainError(.forbidden, "apiKey.scope")
        case .refused: throw DomainError(.unauthenticated, "auth.required")
        }
    }

    @Sendable func queue(_ request: Request, _ context: AdminContext) async throws -> Response {
        let service = try configured()
        let name = request.uri.queryParameters.get("state") ?? PortalSyncState.pending.rawValue
        guard let state = PortalSyncState(rawValue: name), state != .sent else { throw DomainError.invalid("state") }
        let (records, counts) = try await service.list(state)
        return try JSONCoding.response(
            QueueView(
                state: state.rawValue, counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                items: records.map(Self.view)))
    }

    @Sendable func resend(_ request: Request, _ context: AdminContext) async throws -> Response {
        let service = try configured()
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("portalSync.notFound") }
        try await service.resend(id: id, by: AuditActor(context.officer, address: context.clientAddress))
        return Response(status: .noContent)
    }

    private func configured() throws -> PortalSyncService {
        guard let sync else { throw DomainError(.notFound, "http.notFound") }
        return sync
    }

    static func view(_ r: PortalSyncRecord) -> RecordView {
        RecordView(
            id: r.id, dossierCode: r.dossierCode, procedureCode: r.procedureCode, sequence: r.sequence,
            nationalStatus: r.nationalStatus, occurredAt: r.occurredAt, state: r.state.rawValue, attempts: r.attempts,
            nextAttemptAt: r.nextAttemptAt, lastError: r.lastError)
    }
}
