/// The URLs of outgoing documents (officers only): drafting, review, signature and issue.
extension Routes {
    public static let outgoingDocuments = RouteDef("/officer/van-ban-di")
    public static let outgoingNew = RouteDef("/officer/van-ban-di/soan")
    public static let outgoingDocument = RouteDef("/officer/van-ban-di/:id")
    public static let outgoingComment = RouteDef("/officer/van-ban-di/:id/y-kien")
    public static let outgoingSubmit = RouteDef("/officer/van-ban-di/:id/trinh")
    public static let outgoingReview = RouteDef("/officer/van-ban-di/:id/duyet")
    public static let outgoingSign = RouteDef("/officer/van-ban-di/:id/ky")
    public static let outgoingIssue = RouteDef("/officer/van-ban-di/:id/ban-hanh")
    public static let outgoingFile = RouteDef("/officer/van-ban-di/:id/tep")
}
