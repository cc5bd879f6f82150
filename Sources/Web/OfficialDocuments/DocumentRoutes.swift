/// The URLs of the official documents module (officers only): the pages and the JSON API.
extension Routes {
    public static let officialDocuments = RouteDef("/officer/van-ban")
    public static let officialDocumentNew = RouteDef("/officer/van-ban/vao-so")
    public static let officialDocument = RouteDef("/officer/van-ban/:id")
    public static let officialDocumentAssign = RouteDef("/officer/van-ban/:id/phan-cong")
    public static let officialDocumentClose = RouteDef("/officer/van-ban/:id/hoan-thanh")
    public static let officialDocumentFile = RouteDef("/officer/van-ban/:id/tep/:file")
    public static let documentRegister = RouteDef("/officer/so-van-ban/:direction/:year")
    public static let documentRegisterCSV = RouteDef("/officer/so-van-ban/:direction/:year/csv")
    public static let apiDocuments = RouteDef("/api/v1/documents")
    public static let apiDocument = RouteDef("/api/v1/documents/:id")
    public static let apiDocumentAssignment = RouteDef("/api/v1/documents/:id/assignment")
    public static let apiDocumentCompletion = RouteDef("/api/v1/documents/:id/completion")
}
