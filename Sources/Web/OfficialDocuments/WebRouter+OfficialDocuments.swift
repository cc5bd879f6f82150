import Domain

extension WebRouter {
    /// Mounts the official documents module: the incoming documents' pages, the registers and the JSON API.
    static func addOfficialDocuments(
        _ service: OfficialDocumentService, _ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy,
        strings: Strings
    ) {
        let views = OfficialDocumentViews(agencies: deps.dossiers.agencies, strings: strings)
        OfficialDocumentPagesController(
            service: service, views: views, uploads: uploads, access: deps.access, pages: pages, settings: deps.settings, clock: deps.clock,
            outgoing: deps.outgoingDocuments
        ).addRoutes(to: groups)
        DocumentRegisterController(service: service, views: views, pages: pages).addRoutes(to: groups)
        DocumentAPIController(service: service, settings: deps.settings).addRoutes(to: groups)
    }
}
