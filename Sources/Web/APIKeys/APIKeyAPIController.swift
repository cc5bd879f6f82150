import Domain
import Foundation
import Hummingbird

/// The administrators' JSON API of API keys: list (with the scopes a key can hold), create (the whole key
/// in the answer, this once) and revoke. The same `APIKeyService` as the pages: validated and audited there.
struct APIKeyAPIController: Sendable {
    /// A key as listed: never the key itself, only its prefix.
    struct KeyView: Encodable, Sendable {
        let id: Int64
        let client: String
        let agencyId: String?
        let scopes: [String]
        let prefix: String
        let createdBy: String
        let createdAt: Date
        let lastUsedAt: Date?
        let revokedAt: Date?

        init(_ k: APIKey) {
            id = k.id
            client = k.client
            agencyId = k.agencyId
            scopes = k.scopes
            prefix = k.prefix
            createdBy = k.createdBy
            createdAt = k.createdAt
            lastUsedAt = k.lastUsedAt
            revokedAt = k.revokedAt
        }
    }

    /// The keys and the scopes a key can hold.
    struct ListView: Encodable, Sendable {
        let items: [KeyView]
        let scopes: [APIKeyScope]
    }

    /// A key just created, and the whole key, shown this once.
    struct CreatedView: Encodable, Sendable {
        let key: KeyView
        let secret: String
    }

    /// What creating a key asks for.
    struct CreateInput: Decodable, Sendable {
        let client: String
        let agencyId: String?
        let scopes: [String]
    }

    let service: APIKeyService
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.apiKeys, .get) { _, _ in
            try JSONCoding.response(ListView(items: try await service.list().map(KeyView.init), scopes: try await service.scopes()))
        }
        groups.administrators.on(Routes.apiKeys, .post) { request, context in
            let input = try await JSONCoding.decode(CreateInput.self, from: request, limit: settings.maxBodyBytes)
            let (key, secret) = try await service.create(
                client: input.client, agencyId: input.agencyId, scopes: Set(input.scopes),
                by: AuditActor(context.officer, address: context.clientAddress))
            var headers = HTTPFields()
            headers[.cacheControl] = "no-store"
            return try JSONCoding.response(CreatedView(key: KeyView(key), secret: secret), status: .created, headers: headers)
        }
        groups.administrators.on(Routes.apiKeyRevoke, .post) { _, context in
            try await service.revoke(id: try Self.id(context), by: AuditActor(context.officer, address: context.clientAddress))
            return Response(status: .noContent)
        }
    }

    static func id(_ context: AdminContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("apiKey.notFound") }
        return id
    }
}
