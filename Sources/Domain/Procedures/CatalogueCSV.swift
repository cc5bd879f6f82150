import Foundation

/// The procedure catalogue as CSV: one row per procedure, nested lists as JSON in their cell.
public enum CatalogueCSV {
    public static let header = [
        "code", "name", "nameEn", "field", "level", "competentAgency", "processingDays", "cutoff",
        "onlineLevel", "fees", "documents", "forms", "result", "resultEn", "legalBasis", "workflow", "calendar",
    ]

    /// CSV text with a byte-order mark so that spreadsheet programs read Vietnamese correctly.
    public static func export(_ procedures: [Procedure]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ v: T) throws -> String { String(decoding: try encoder.encode(v), as: UTF8.self) }
        var rows = [header]
        for p in procedures {
            rows.append([
                p.code, p.name, p.nameEn, p.field, p.level.rawValue, p.competentAgency, String(p.processingDays),
                p.cutoff, p.onlineLevel.rawValue, try json(p.fees), try json(p.documents), try json(p.forms),
                p.result, p.resultEn, try json(p.legalBasis), p.workflow, p.calendar ?? "",
            ])
        }
        return CSV.byteOrderMark + CSV.write(rows)
    }

    /// Procedures from CSV text with the export's header (the `calendar` column may be left out);
    /// throws naming the first bad row and column.
    public static func parse(_ text: String) throws -> [Procedure] {
        let rows = try CSV.parse(text)
        guard let head = rows.first, Set(head).isSuperset(of: header.dropLast()) else { throw DomainError(.invalid, "csv.badHeader") }
        let index = Dictionary(head.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let decoder = JSONDecoder()
        return try rows.dropFirst().enumerated().map { offset, row in
            let line = String(offset + 2)
            func cell(_ name: String) throws -> String {
                guard let i = index[name], i < row.count else { throw DomainError(.invalid, "csv.badRow", ["row": line, "column": name]) }
                return row[i]
            }
            func list<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
                do { return try decoder.decode(T.self, from: Data(try cell(name).utf8)) } catch {
                    throw DomainError(.invalid, "csv.badRow", ["row": line, "column": name])
                }
            }
            guard let level = ProcedureLevel(rawValue: try cell("level")) else {
                throw DomainError(.invalid, "csv.badRow", ["row": line, "column": "level"])
            }
            guard let online = OnlineLevel(rawValue: try cell("onlineLevel")) else {
                throw DomainError(.invalid, "csv.badRow", ["row": line, "column": "onlineLevel"])
            }
            guard let days = Int(try cell("processingDays")) else {
                throw DomainError(.invalid, "csv.badRow", ["row": line, "column": "processingDays"])
            }
            return Procedure(
                code: try cell("code"), name: try cell("name"), nameEn: try cell("nameEn"), field: try cell("field"),
                level: level, competentAgency: try cell("competentAgency"), processingDays: days,
                cutoff: try cell("cutoff"), fees: try list("fees", [Fee].self),
                documents: try list("documents", [RequiredDocument].self), forms: try list("forms", [String].self),
                result: try cell("result"), resultEn: try cell("resultEn"), onlineLevel: online,
                legalBasis: try list("legalBasis", [String].self), workflow: try cell("workflow"),
                calendar: (index["calendar"].flatMap { $0 < row.count ? row[$0] : nil }).flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
