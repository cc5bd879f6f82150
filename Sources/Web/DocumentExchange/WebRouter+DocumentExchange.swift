import Domain

extension WebRouter {
    /// Mounts the document exchange: the peers' endpoints (rate-limited per address), the administrators' and clerks' API.
    static func addDocumentExchange(_ exchange: DocumentExchangeDependencies, _ deps: WebDependencies, to groups: RouteGroups) {
        DocumentExchangeController(
            exchange: exchange,
            limiter: RequestRateLimiter(
                counters: deps.rateCounters, scope: "exchange", limit: exchange.packagesPerMinute, window: 60, clock: deps.sessionClock),
            settings: deps.settings
        ).addRoutes(to: groups)
    }

    /// Mounts the administrators' pages of the exchange: the peers and the outbox.
    static func addExchangeAdminPages(
        _ exchange: DocumentExchangeDependencies, _ deps: WebDependencies, to groups: RouteGroups,
        pages: PageRenderer, strings: Strings
    ) {
        ExchangeAdminPages(service: exchange.service, pages: pages, strings: strings, settings: deps.settings).addRoutes(to: groups)
    }
}
