import Domain
import Foundation
import Hummingbird

/// The document exchange over HTTP: peers post packages and statuses (`application/xml`, authenticated by their signature
/// and rate-limited per address), administrators keep the peers and watch the outbox, and clerks send an outgoing register
/// entry to a peer and read the statuses it reported.
struct DocumentExchangeController: Sendable {
    /// A received package: the register entry it became.
    struct ReceivedView: Encodable, Sendable {
        let packageId: String
        let documentId: Int64
        let statusCode: String
        let status: String
    }

    /// A status recorded (or already known).
    struct StatusReceivedView: Encodable, Sendable {
        let recorded: Bool
    }

    /// This system's organisation and certificate.
    struct IdentityView: Encodable, Sendable {
        let organisationId: String
        let name: String
        let certificatePEM: String
    }

    /// A peer as administrators enter and read it.
    struct PeerInput: Codable, Sendable {
        let name: String
        let endpoint: String
        let certificatePEM: String
    }

    /// An outbox item as administrators and clerks see it.
    struct ItemView: Encodable, Sendable {
        let id: Int64
        let kind: String
        let peerId: String
        let packageId: String
        let documentId: Int64?
        let statusCode: String?
        let state: String
        let attempts: Int
        let nextAttemptAt: Date
        let lastError: String?
    }

    /// The outbox in one state and the count of each state.
    struct OutboxView: Encodable, Sendable {
        let state: String
        let counts: [String: Int]
        let items: [ItemView]
    }

    /// The clerk's request to send a document.
    struct SendInput: Decodable, Sendable {
        let peer: String
    }

    /// A status a peer reported.
    struct StatusView: Encodable, Sendable {
        let packageId: String
        let peerId: String
        let statusCode: String
        let status: String
        let description: String
        let staff: String
        let at: Date
    }

    /// The statuses of a document's packages.
    struct StatusesView: Encodable, Sendable {
        let documentId: Int64
        let statuses: [StatusView]
    }

    let exchange: DocumentExchangeDependencies
    let limiter: RequestRateLimiter
    let settings: WebSettings

    var service: DocumentExchangeService { exchange.service }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiDocumentPackages, .post, receive)
        groups.open.on(Routes.apiDocumentPackageStatuses, .post, receiveStatus)
        groups.open.on(Routes.apiExchangeIdentity, .get, identity)
        groups.administrators.on(Routes.apiExchangePeers, .get, peers)
        groups.administrators.on(Routes.apiExchangePeer, .put, savePeer)
        groups.administrators.on(Routes.apiExchangePeer, .delete, deletePeer)
        groups.administrators.on(Routes.apiExchangeOutbox, .get, outbox)
        groups.administrators.on(Routes.apiExchangeOutboxResend, .post, resend)
        groups.officers.on(Routes.apiDocumentSend, .post, send)
        groups.officers.on(Routes.apiDocumentSend, .get, statuses)
    }

    /// The XML body, within the rate limit and the size limit; nothing is read for a caller over the limit.
    func body(_ request: Request, _ context: AppRequestContext) async throws -> [UInt8] {
        if let wait = try await limiter.retryAfter(context.clientKey) { throw RateLimited(retryAfter: wait) }
        let type = (request.headers[.contentType] ?? "").lowercased()
        guard type.hasPrefix("application/xml") || type.hasPrefix("text/xml") else {
            throw DomainError(.unsupportedMediaType, "exchange.xmlRequired")
        }
        var request = request
        do {
            return Array(buffer: try await request.collectBody(upTo: exchange.maxPackageBytes))
        } catch {
            throw DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(exchange.maxPackageBytes)])
        }
    }

    @Sendable func receive(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let received = try await service.receive(try await body(request, context), from: context.clientAddress)
        return try JSONCoding.response(
            ReceivedView(
                packageId: received.packageId, documentId: received.documentId, statusCode: ExchangeStatusCode.arrived.rawValue,
                status: ExchangeStatusCode.arrived.name),
            status: received.created ? .created : .ok)
    }

    @Sendable func receiveStatus(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let recorded = try await service.receiveStatus(try await body(request, context), from: context.clientAddress)
        return try JSONCoding.response(StatusReceivedView(recorded: recorded), status: recorded ? .created : .ok)
    }

    @Sendable func identity(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (organisation, pem) = try await service.identity()
        return try JSONCoding.response(IdentityView(organisationId: organisation.id, name: organisation.name, certificatePEM: pem))
    }

    @Sendable func peers(_ request: Request, _ context: AdminContext) async throws -> Response {
        try JSONCoding.response(try await service.peers())
    }

    @Sendable func savePeer(_ request: Request, _ context: AdminContext) async throws -> Response {
        let input = try await JSONCoding.decode(PeerInput.self, from: request, limit: settings.maxBodyBytes)
        let peer = try await service.savePeer(
            ExchangePeer(
                organisationId: try context.parameter("organisationId"), name: input.name, endpoint: input.endpoint,
                certificatePEM: input.certificatePEM),
            by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(peer)
    }

    @Sendable func deletePeer(_ request: Request, _ context: AdminContext) async throws -> Response {
        try await service.deletePeer(
            try context.parameter("organisationId"), by: AuditActor(context.officer, address: context.clientAddress))
        return Response(status: .noContent)
    }

    @Sendable func outbox(_ request: Request, _ context: AdminContext) async throws -> Response {
        let name = request.uri.queryParameters.get("state") ?? ExchangeItemState.pending.rawValue
        guard let state = ExchangeItemState(rawValue: name) else { throw DomainError.invalid("state") }
        let (items, counts) = try await service.outbox(state)
        return try JSONCoding.response(
            OutboxView(
                state: state.rawValue, counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                items: items.map(Self.view)))
    }

    @Sendable func resend(_ request: Request, _ context: AdminContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("exchange.notFound") }
        try await service.resend(id, by: AuditActor(context.officer, address: context.clientAddress))
        return Response(status: .noContent)
    }

    @Sendable func send(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("officialDocument.notFound") }
        let input = try await JSONCoding.decode(SendInput.self, from: request, limit: settings.maxBodyBytes)
        let item = try await service.send(id, to: input.peer, by: context.officer, from: context.clientAddress)
        return try JSONCoding.response(Self.view(item), status: .accepted)
    }

    @Sendable func statuses(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("officialDocument.notFound") }
        let found = try await service.statuses(of: id, for: context.officer)
        return try JSONCoding.response(
            StatusesView(
                documentId: id,
                statuses: found.map {
                    StatusView(
                        packageId: $0.packageId, peerId: $0.peerId, statusCode: $0.code.rawValue, status: $0.code.name,
                        description: $0.description, staff: $0.staff, at: $0.at)
                }))
    }

    static func view(_ i: ExchangeOutboxItem) -> ItemView {
        ItemView(
            id: i.id, kind: i.kind.rawValue, peerId: i.peerId, packageId: i.packageId, documentId: i.documentId,
            statusCode: i.statusCode?.rawValue, state: i.state.rawValue, attempts: i.attempts, nextAttemptAt: i.nextAttemptAt,
            lastError: i.lastError)
    }
}
