/// A URL pattern of the platform, defined once: the router registers `pattern` and pages and
/// redirects build links with `link(_:)`.
public struct RouteDef: Sendable {
    public let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    /// The path with `:name` segments replaced, in order, by the percent-encoded `values`.
    public func link(_ values: String...) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return String(segment) }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
        }
        return segments.joined(separator: "/")
    }
}

/// Every URL of the platform.
public enum Routes {
    // Operations
    public static let health = RouteDef("/healthz")
    public static let metrics = RouteDef("/metrics")
    public static let openAPI = RouteDef("/openapi.json")
    public static let stylesheet = RouteDef("/static/motcua.css")

    // JSON API
    public static let apiSession = RouteDef("/api/v1/session")
    public static let apiProcedures = RouteDef("/api/v1/procedures")
    public static let apiProcedure = RouteDef("/api/v1/procedures/:code")
    public static let apiCatalogueExport = RouteDef("/api/v1/catalogue/export")
    public static let apiCatalogueImport = RouteDef("/api/v1/catalogue/import")
    public static let apiDossiers = RouteDef("/api/v1/dossiers")
    public static let apiDossier = RouteDef("/api/v1/dossiers/:code")
    public static let apiDossierTransitions = RouteDef("/api/v1/dossiers/:code/transitions")
    public static let apiQueue = RouteDef("/api/v1/queue")
    public static let apiDueDate = RouteDef("/api/v1/calendar/due-date")
    public static let apiCalendarDays = RouteDef("/api/v1/calendars/:code/days")
    public static let apiCalendarDay = RouteDef("/api/v1/calendars/:code/days/:date")
    public static let apiTracking = RouteDef("/api/v1/tracking/:code")
    public static let apiWorkflow = RouteDef("/api/v1/workflows/:code")
    public static let apiUnits = RouteDef("/api/v1/units")
    public static let apiAgencies = RouteDef("/api/v1/agencies")
    public static let apiStatutoryDays = RouteDef("/api/v1/calendar/statutory-days")

    // Officer workspace
    public static let login = RouteDef("/officer/login")
    public static let logout = RouteDef("/officer/logout")
    public static let queue = RouteDef("/officer")
    public static let receiptForm = RouteDef("/officer/receive")
    public static let dossier = RouteDef("/officer/dossiers/:code")
    public static let dossierTransition = RouteDef("/officer/dossiers/:code/transition")
    public static let receiptSlip = RouteDef("/officer/dossiers/:code/receipt")
    public static let controlSlip = RouteDef("/officer/dossiers/:code/control-slip")

    // Public
    public static let home = RouteDef("/")
    public static let tracking = RouteDef("/tra-cuu")
}

import Foundation
