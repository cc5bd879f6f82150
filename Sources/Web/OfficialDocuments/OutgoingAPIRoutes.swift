/// The URLs of the outgoing documents' JSON API (officers only): the agency's documents, drafting and each step.
extension Routes {
    public static let apiOutgoingDocuments = RouteDef("/api/v1/documents/outgoing")
    public static let apiOutgoingDocument = RouteDef("/api/v1/documents/outgoing/:id")
    public static let apiOutgoingComments = RouteDef("/api/v1/documents/outgoing/:id/comments")
    public static let apiOutgoingSubmission = RouteDef("/api/v1/documents/outgoing/:id/submission")
    public static let apiOutgoingReview = RouteDef("/api/v1/documents/outgoing/:id/review")
    public static let apiOutgoingSignature = RouteDef("/api/v1/documents/outgoing/:id/signature")
    public static let apiOutgoingIssue = RouteDef("/api/v1/documents/outgoing/:id/issue")
}
