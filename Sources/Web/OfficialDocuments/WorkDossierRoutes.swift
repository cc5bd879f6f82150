/// The URLs of work dossiers (officers only).
extension Routes {
    public static let workDossiers = RouteDef("/officer/ho-so-cong-viec")
    public static let workDossier = RouteDef("/officer/ho-so-cong-viec/:id")
    public static let workDossierDocuments = RouteDef("/officer/ho-so-cong-viec/:id/van-ban")
    public static let workDossierClose = RouteDef("/officer/ho-so-cong-viec/:id/dong")
}
