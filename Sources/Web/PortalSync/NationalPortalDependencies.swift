import Domain

/// What the national-portal routes need from the composition root: the status queue's service (nil when the sync is not
/// switched on) and the token the portal presents when it hands over dossiers (nil: no inbound endpoint).
public struct NationalPortalDependencies: Sendable {
    public var sync: PortalSyncService?
    public var inboundToken: String?

    public init(sync: PortalSyncService? = nil, inboundToken: String? = nil) {
        self.sync = sync
        self.inboundToken = inboundToken
    }
}

extension Routes {
    public static let apiNationalPortalDossiers = RouteDef("/api/v1/national-portal/dossiers")
    public static let apiNationalPortalSync = RouteDef("/api/v1/national-portal/sync")
    public static let apiNationalPortalSyncResend = RouteDef("/api/v1/national-portal/sync/:id/resend")
    public static let portalSync = RouteDef("/officer/dong-bo-cong-quoc-gia")
    public static let portalSyncResend = RouteDef("/officer/dong-bo-cong-quoc-gia/:id/gui-lai")
}
