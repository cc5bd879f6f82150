import Domain

extension WebRouter {
    /// Mounts the outgoing documents' pages: drafting, review, signature and issue.
    static func addOutgoingDocuments(
        _ service: OutgoingDocumentService, _ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy,
        strings: Strings
    ) {
        OutgoingDocumentsController(
            service: service, views: OfficialDocumentViews(agencies: deps.dossiers.agencies, strings: strings), uploads: uploads,
            access: deps.access, pages: pages, settings: deps.settings, clock: deps.clock,
            exchange: deps.documentExchange?.service
        ).addRoutes(to: groups)
        OutgoingAPIController(service: service, uploads: uploads, settings: deps.settings, clock: deps.clock).addRoutes(to: groups)
    }
}
