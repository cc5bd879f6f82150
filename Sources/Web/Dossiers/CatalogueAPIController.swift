import Domain
import Foundation
import Hummingbird

/// The procedure catalogue API: search, one procedure, export and import (JSON or CSV).
struct CatalogueAPIController: Sendable {
    let catalogue: any CatalogueRepository
    let service: CatalogueService
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiProcedures, .get, list)
        groups.open.on(Routes.apiProcedure, .get, one)
        groups.open.on(Routes.apiCatalogueExport, .get, export)
        groups.administrators.on(Routes.apiCatalogueImport, .post, importCatalogue)
    }

    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let text = q.get("q") ?? ""
        guard text.count <= 200 else { throw DomainError.invalid("q", "tooLong") }
        var level: ProcedureLevel?
        if let raw = q.get("level") {
            guard let parsed = ProcedureLevel(rawValue: raw) else { throw DomainError.invalid("level") }
            level = parsed
        }
        var limit = 50
        if let raw = q.get("limit") {
            guard let n = Int(raw), (1...500).contains(n) else { throw DomainError.invalid("limit") }
            limit = n
        }
        let items = try await catalogue.search(ProcedureQuery(text: text, field: q.get("field"), level: level, limit: limit))
        return try JSONCoding.response(ItemsView(items: items.map(ProcedureSummary.init)))
    }

    @Sendable func one(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let procedure = try await catalogue.procedure(code: code) else {
            throw DomainError(.notFound, "procedure.notFound", ["code": code])
        }
        return try JSONCoding.response(procedure)
    }

    @Sendable func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let procedures = try await catalogue.allProcedures()
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "json":
            var headers = HTTPFields()
            headers[.contentDisposition] = "attachment; filename=\"motcua-procedures.json\""
            return try JSONCoding.response(CatalogueFile(fields: try await catalogue.fields(), procedures: procedures), headers: headers)
        case "csv":
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"motcua-procedures.csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: try CatalogueCSV.export(procedures))))
        default:
            throw DomainError.invalid("format")
        }
    }

    @Sendable func importCatalogue(_ request: Request, _ context: AdminContext) async throws -> Response {
        let actor = AuditActor(context.officer, address: context.clientAddress)
        let imported: Int
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "json":
            let file = try await JSONCoding.decode(CatalogueFile.self, from: request, limit: settings.maxImportBytes)
            imported = try await service.importCatalogue(fields: file.fields, procedures: file.procedures, by: actor)
        case "csv":
            var copy = request
            let buffer: ByteBuffer
            do { buffer = try await copy.collectBody(upTo: settings.maxImportBytes) } catch {
                throw DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(settings.maxImportBytes)])
            }
            guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else { throw DomainError(.invalid, "csv.notUTF8") }
            try NULCharacters.refuse(in: text)
            imported = try await service.importCatalogue(fields: [], procedures: try CatalogueCSV.parse(text), by: actor)
        default:
            throw DomainError.invalid("format")
        }
        return try JSONCoding.response(["imported": imported])
    }
}

/// The catalogue as exchanged in JSON: fields and procedures.
struct CatalogueFile: Codable, Sendable {
    let fields: [ProcedureField]
    let procedures: [Procedure]
}
