import Domain

/// What the document exchange's routes need from the composition root: the service, the largest package read, and how many
/// packages and statuses one client address may post per minute.
public struct DocumentExchangeDependencies: Sendable {
    public var service: DocumentExchangeService
    public var maxPackageBytes: Int
    public var packagesPerMinute: Int

    public init(service: DocumentExchangeService, maxPackageBytes: Int, packagesPerMinute: Int) {
        self.service = service
        self.maxPackageBytes = maxPackageBytes
        self.packagesPerMinute = packagesPerMinute
    }
}

extension Routes {
    public static let apiDocumentPackages = RouteDef("/api/v1/documents/packages")
    public static let apiDocumentPackageStatuses = RouteDef("/api/v1/documents/packages/statuses")
    public static let apiExchangeIdentity = RouteDef("/api/v1/documents/exchange/identity")
    public static let apiExchangePeers = RouteDef("/api/v1/documents/exchange/peers")
    public static let apiExchangePeer = RouteDef("/api/v1/documents/exchange/peers/:organisationId")
    public static let apiExchangeOutbox = RouteDef("/api/v1/documents/exchange/outbox")
    public static let apiExchangeOutboxResend = RouteDef("/api/v1/documents/exchange/outbox/:id/resend")
    public static let apiDocumentSend = RouteDef("/api/v1/documents/:id/packages")
}
