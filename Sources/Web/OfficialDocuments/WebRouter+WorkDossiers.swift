import Domain

extension WebRouter {
    /// Mounts the work dossiers' pages.
    static func addWorkDossiers(
        _ service: WorkDossierService, documents: OfficialDocumentService, _ deps: WebDependencies, to groups: RouteGroups,
        pages: PageRenderer, strings: Strings
    ) {
        WorkDossiersController(
            service: service, documents: documents, views: OfficialDocumentViews(agencies: deps.dossiers.agencies, strings: strings),
            pages: pages, settings: deps.settings
        ).addRoutes(to: groups)
    }
}
