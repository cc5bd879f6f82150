import Domain
import Foundation
import Hummingbird

/// Open311 GeoReport v2 at `/open311/v2/`: discovery, services and their definitions, requests
/// (list, one, create with an API key) and tokens, each as `.json` or `.xml`. The jurisdiction
/// is the province.
struct Open311Controller: Sendable {
    static let base = "/open311/v2"
    /// When this interface last changed (the discovery's changeset).
    static let changeset = "2026-11-22T00:00:00+07:00"

    let service: FieldReportService
    let reports: any FieldReportRepository
    let agencies: any AgencyRepository
    let strings: Strings
    let settings: WebSettings
    let clock: Clock
    /// Keys issued as data; one with the `open311.requests` scope may post requests.
    var apiKeys: APIKeyService?

    /// The jurisdiction served: the province.
    var jurisdiction: String { service.provinceCode }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.open311Resource, .get) { request, context in
            try await handle(request, context, resource: context.parameter("resource"), id: nil)
        }
        groups.open.on(Routes.open311Resource, .post) { request, context in
            try await handle(request, context, resource: context.parameter("resource"), id: nil)
        }
        groups.open.on(Routes.open311Item, .get) { request, context in
            try await handle(request, context, resource: context.parameter("resource"), id: context.parameter("item"))
        }
    }

    /// Dispatches `resource[.format]` or `resource/id.format`, turning every failure into the spec's error list.
    func handle(_ request: Request, _ context: AppRequestContext, resource: String, id: String?) async throws -> Response {
        let named = Open311Format.split(id ?? resource)
        let format = named?.format ?? .json
        do {
            guard let named else { throw Open311Error(status: .notFound, description: "Unknown format: use .json or .xml") }
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            if let j = query["jurisdiction_id"], !j.isEmpty, j != jurisdiction {
                throw Open311Error(
                    status: .notFound, description: "Unknown jurisdiction_id \(j); this endpoint serves \(jurisdiction)")
            }
            switch (id == nil ? named.name : resource, id == nil ? nil : named.name, request.method) {
            case ("discovery", nil, .get): return format.response(discovery(request), rootElement: "discovery")
            case ("services", nil, .get): return format.response(try await services(), rootElement: "services")
            case ("services", let code?, .get): return format.response(try await definition(code), rootElement: "service_definition")
            case ("requests", nil, .get): return format.response(try await requests(query, request), rootElement: "service_requests")
            case ("requests", nil, .post):
                return format.response(try await create(request, context), rootElement: "service_requests", status: .created)
            case ("requests", let rid?, .get): return format.response(try await one(rid, request), rootElement: "service_requests")
            case ("tokens", let value?, .get): return format.response(try await token(value), rootElement: "service_requests")
            default: throw Open311Error(status: .notFound, description: "Unknown resource")
            }
        } catch let error as Open311Error {
            return error.response(format)
        } catch let error as DomainError {
            let status: HTTPResponse.Status =
                switch error.kind {
                case .notFound: .notFound
                case .forbidden: .forbidden
                case .payloadTooLarge: .contentTooLarge
                default: .badRequest
                }
            return Open311Error(status: status, description: strings.message(for: error).en).response(format)
        }
    }

    func discovery(_ request: Request) -> Open311Value {
        .object([
            ("changeset", .string(Self.changeset)),
            ("contact", .string(strings.text("open311_contact", .vi))),
            ("key_service", .string(strings.text("open311_key_service", .vi))),
            (
                "endpoints",
                .list(
                    [
                        .object([
                            ("specification", .string("http://wiki.open311.org/GeoReport_v2")),
                            ("url", .string(settings.origin + Self.base)),
                            ("changeset", .string(Self.changeset)),
                            ("type", .string("production")),
                            ("formats", .list([.string("application/json"), .string("text/xml")], item: "format")),
                        ])
                    ], item: "endpoint")
            ),
        ])
    }

    func services() async throws -> Open311Value {
        .list(
            try await service.categories().map { c in
                .object([
                    ("service_code", .string(c.code)), ("service_name", .string(c.name)), ("description", .string(c.description)),
                    ("metadata", .bool(true)), ("type", .string("realtime")), ("keywords", .string(c.keywords.joined(separator: ", "))),
                    ("group", .string(c.group)),
                ])
            }, item: "service")
    }

    func definition(_ code: String) async throws -> Open311Value {
        guard let c = try await service.categories().first(where: { $0.code == code }) else {
            throw Open311Error(status: .notFound, description: "Unknown service_code \(code)")
        }
        var attributes = c.attributes.map { a -> Open311Value in
            var fields: [(String, Open311Value)] = [
                ("variable", .bool(true)), ("code", .string(a.code)), ("datatype", .string(a.datatype)), ("required", .bool(a.required)),
                ("datatype_description", .string(a.descriptionEn)), ("order", .integer(a.order)), ("description", .string(a.description)),
            ]
            if let values = a.values {
                fields.append(
                    ("values", .list(values.map { .object([("key", .string($0.key)), ("name", .string($0.name))]) }, item: "value")))
            }
            return .object(fields)
        }
        attributes.append(
            .object([
                ("variable", .bool(true)), ("code", .string("commune")), ("datatype", .string("string")), ("required", .bool(false)),
                ("datatype_description", .string("Statistical code of the commune or ward (5 digits); routes the report to its units")),
                ("order", .integer(c.attributes.count + 1)), ("description", .string("Mã xã, phường nơi phản ánh")),
            ]))
        return .object([("service_code", .string(c.code)), ("attributes", .list(attributes, item: "attribute"))])
    }

    func requests(_ q: [String: String], _ request: Request) async throws -> Open311Value {
        var query = ReportQuery(limit: 1000)
        if let ids = q["service_request_id"], !ids.isEmpty {
            let parsed = ids.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            guard parsed.allSatisfy({ $0 != nil }), parsed.count <= 100 else {
                throw Open311Error(status: .badRequest, description: "service_request_id: comma-separated numbers")
            }
            query.ids = parsed.compactMap { $0 }
        } else {
            if let codes = q["service_code"], !codes.isEmpty { query.categories = codes.split(separator: ",").map(String.init) }
            if let statuses = q["status"], !statuses.isEmpty {
                var wanted: [ReportStatus] = []
                for s in statuses.split(separator: ",") {
                    switch s {
                    case "open": wanted += ReportStatus.allCases.filter(\.isOpen)
                    case "closed": wanted += ReportStatus.allCases.filter { !$0.isOpen }
                    default: throw Open311Error(status: .badRequest, description: "status: open or closed")
                    }
                }
                query.statuses = wanted
            }
            for (key, keyPath) in [("start_date", \ReportQuery.from), ("end_date", \ReportQuery.to)] {
                if let text = q[key], !text.isEmpty {
                    guard let date = W3C.parse(text) else {
                        throw Open311Error(status: .badRequest, description: "\(key): a W3C date-time with a time zone")
                    }
                    query[keyPath: keyPath] = date
                }
            }
            if query.from == nil && query.to == nil { query.from = clock.now().addingTimeInterval(-90 * 86400) }
            if let from = query.from, let to = query.to, from > to {
                throw Open311Error(status: .badRequest, description: "start_date after end_date")
            }
        }
        return .list(try await list(query, request), item: "request")
    }

    func one(_ id: String, _ request: Request) async throws -> Open311Value {
        guard let n = Int64(id), let items = Optional(try await list(ReportQuery(ids: [n], limit: 1), request)), !items.isEmpty else {
            throw Open311Error(status: .notFound, description: "Unknown service_request_id \(id)")
        }
        return .list(items, item: "request")
    }

    func token(_ token: String) async throws -> Open311Value {
        guard let report = try await reports.report(token: token) else {
            throw Open311Error(status: .notFound, description: "Unknown token")
        }
        return .list([.object([("service_request_id", .string(String(report.id))), ("token", .string(token))])], item: "request")
    }

    func list(_ query: ReportQuery, _ request: Request) async throws -> [Open311Value] {
        let categories = Dictionary(try await service.categories().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Open311Value] = []
        let found = try await reports.list(query)
        let photos = try await reports.publicPhotos(reportIds: found.map(\.id))
        for r in found {
            let agency = try await agencies.agency(id: r.agencyId)
            out.append(
                .object([
                    ("service_request_id", .string(String(r.id))), ("status", .string(r.status.isOpen ? "open" : "closed")),
                    ("status_notes", .string(r.statusNotes)), ("service_name", .string(categories[r.categoryCode]?.name ?? r.categoryCode)),
                    ("service_code", .string(r.categoryCode)), ("description", .string(r.publicDescription)),
                    ("agency_responsible", .string(agency?.name ?? r.agencyId)), ("service_notice", .string(nil)),
                    ("requested_datetime", .string(W3C.format(r.receivedAt))), ("updated_datetime", .string(W3C.format(r.updatedAt))),
                    ("expected_datetime", .string(W3C.endOfDay(r.answerBy))), ("address", .string(r.address)),
                    ("address_id", .string(nil)), ("zipcode", .string(nil)),
                    ("lat", .number(r.location?.latitude)), ("long", .number(r.location?.longitude)),
                    (
                        "media_url",
                        .string(photos[r.id].map { settings.origin + Routes.reportPhoto.link(String(r.id), String($0)) })
                    ),
                ]))
        }
        return out
    }

    /// Whether `key` may post requests: an Open311 client's key, or an issued key with the `open311.requests` scope.
    private func authorized(_ key: String) async throws -> Bool {
        if try await service.apiClient(keyHash: Tokens.hash(key)) != nil { return true }
        guard case .granted = try await apiKeys?.check(key, scope: APIKeyScope.open311Requests) else { return false }
        return true
    }

    /// `POST requests`: form-encoded, with a valid `api_key`.
    func create(_ request: Request, _ context: AppRequestContext) async throws -> Open311Value {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let key = form["api_key"], try await authorized(key) else {
            throw Open311Error(status: .forbidden, description: "A valid api_key is required")
        }
        if let j = form["jurisdiction_id"], j != jurisdiction {
            throw Open311Error(status: .notFound, description: "Unknown jurisdiction_id \(j); this endpoint serves \(jurisdiction)")
        }
        guard let code = form["service_code"] else { throw Open311Error(status: .badRequest, description: "service_code is required") }
        guard try await service.categories().contains(where: { $0.code == code }) else {
            throw Open311Error(status: .notFound, description: "Unknown service_code \(code)")
        }
        var location: GeoPoint?
        if form["lat"] != nil || form["long"] != nil {
            guard let lat = form["lat"].flatMap(Double.init), let lon = form["long"].flatMap(Double.init) else {
                throw Open311Error(status: .badRequest, description: "lat and long must both be decimal degrees")
            }
            location = GeoPoint(latitude: lat, longitude: lon)
        }
        let address = form["address_string"]
        guard location != nil || address != nil || form["address_id"] != nil else {
            throw Open311Error(status: .badRequest, description: "A location is required: lat and long, or address_string")
        }
        var attributes: [String: String] = [:]
        for (name, value) in form.fields where name.hasPrefix("attribute[") && name.hasSuffix("]") {
            attributes[String(name.dropFirst(10).dropLast())] = value
        }
        let unit = attributes.removeValue(forKey: "commune")
        let name = [form["first_name"], form["last_name"]].compactMap { $0 }.joined(separator: " ")
        let intake = ReportIntake(
            categoryCode: code, description: form["description"] ?? "", attributes: attributes, location: location,
            unitCode: unit, address: address, channel: .open311,
            reporter: ReporterContact(
                name: name.isEmpty ? nil : name, phone: form["phone"].map(CitizenProfile.normalisedPhone),
                email: form["email"]?.lowercased()))
        let token = Tokens.random()
        let (report, _) = try await service.submit(intake, photos: [], by: nil, token: token)
        return .list(
            [
                .object([
                    ("service_request_id", .string(String(report.id))), ("token", .string(token)),
                    ("service_notice", .string("Answer expected by \(report.answerBy.iso)")), ("account_id", .string(nil)),
                ])
            ],
            item: "request")
    }
}

/// W3C date-times with the platform's time zone (UTC+7).
enum W3C {
    static func format(_ date: Date) -> String {
        let (day, minute) = LocalDate.local(date, utcOffsetSeconds: Format.offset)
        let second = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return "\(day.iso)T\(Format.two(minute / 60)):\(Format.two(minute % 60)):\(Format.two((second + 60) % 60))+07:00"
    }

    /// The last second of `day`, local time.
    static func endOfDay(_ day: LocalDate) -> String { "\(day.iso)T23:59:59+07:00" }

    /// A W3C date-time with a time zone (`Z` or `±hh:mm`), with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }
}
