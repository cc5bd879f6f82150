extension Routes {
    public static let apiKeys = RouteDef("/api/v1/api-keys")
    public static let apiKeyRevoke = RouteDef("/api/v1/api-keys/:id/revoke")
    public static let adminAPIKeys = RouteDef("/officer/quan-tri/khoa-api")
    public static let adminAPIKeyRevoke = RouteDef("/officer/quan-tri/khoa-api/:id/thu-hoi")
}
