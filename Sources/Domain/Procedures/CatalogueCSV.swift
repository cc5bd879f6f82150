import Foundation

/// The procedure catalogue as CSV: one row per procedure, nested lists as JSON in their cell.
public enum CatalogueCSV {
    public static let header = [
        "code", "name", "nameEn", "field", "level", "competentAgency", "timeLimit", "cutoff", "cutoffBasis",
        "onlineLevel", "fees", "documents", "forms", "result", "resultEn", "legalBasis", "workflow", "calendar",
        "onlineTerms",
    ]
    /// Columns a file may leave out: the calendar, the cut-off's article and the online terms; the time limit when the file
    /// has the older `processingDays` column (working days, 0 meaning the same day) instead.
    static let optional: Set<String> = ["calendar", "cutoffBasis", "timeLimit", "onlineTerms"]

    /// CSV text with a byte-order mark so that spreadsheet programs read Vietnamese correctly.
    public static func export(_ procedures: [Procedure]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ v: T) throws -> String { String(decoding: try encoder.encode(v), as: UTF8.self) }
        var rows = [header]
        for p in procedures {
            rows.append([
                p.code, p.name, p.nameEn, p.field, p.level.rawValue, p.competentAgency, p.timeLimit.cell,
                p.cutoff ?? "", p.cutoffBasis ?? "", p.onlineLevel.rawValue, try json(p.fees), try json(p.documents),
                try json(p.forms), p.result, p.resultEn, try json(p.legalBasis), p.workflow, p.calendar ?? "",
                try json(p.onlineTerms),
            ])
        }
        return CSV.byteOrderMark + CSV.write(rows)
    }

    /// Procedures from CSV text with the export's header (see `optional`); an empty `cutoff` means none.
    /// Throws naming the first bad row and column.
    public static func parse(_ text: String) throws -> [Procedure] {
        let rows = try CSV.parse(text)
        guard let head = rows.first, Set(head).isSuperset(of: Set(header).subtracting(optional)),
            head.contains("timeLimit") || head.contains("processingDays")
        else { throw DomainError(.invalid, "csv.badHeader") }
        let index = Dictionary(head.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let decoder = JSONDecoder()
        return try rows.dropFirst().enumerated().map { offset, row in
            let line = String(offset + 2)
            func bad(_ column: String) -> DomainError { DomainError(.invalid, "csv.badRow", ["row": line, "column": column]) }
            func cell(_ name: String) throws -> String {
                guard let i = index[name], i < row.count else { throw bad(name) }
                return row[i]
            }
            func optionalCell(_ name: String) -> String? {
                index[name].flatMap { $0 < row.count ? row[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            func list<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
                do { return try decoder.decode(T.self, from: Data(try cell(name).utf8)) } catch { throw bad(name) }
            }
            guard let level = ProcedureLevel(rawValue: try cell("level")) else { throw bad("level") }
            guard let online = OnlineLevel(rawValue: try cell("onlineLevel")) else { throw bad("onlineLevel") }
            let limit: TimeLimit
            if index["timeLimit"] != nil {
                guard let parsed = TimeLimit(cell: try cell("timeLimit")) else { throw bad("timeLimit") }
                limit = parsed
            } else {
                guard let days = Int(try cell("processingDays")) else { throw bad("processingDays") }
                limit = .legacy(days: days)
            }
            return Procedure(
                code: try cell("code"), name: try cell("name"), nameEn: try cell("nameEn"), field: try cell("field"),
                level: level, competentAgency: try cell("competentAgency"), timeLimit: limit,
                cutoff: optionalCell("cutoff"), cutoffBasis: optionalCell("cutoffBasis"), fees: try list("fees", [Fee].self),
                documents: try list("documents", [RequiredDocument].self), forms: try list("forms", [String].self),
                result: try cell("result"), resultEn: try cell("resultEn"), onlineLevel: online,
                legalBasis: try list("legalBasis", [String].self), workflow: try cell("workflow"), calendar: optionalCell("calendar"),
                onlineTerms: try optionalCell("onlineTerms").map { _ in try list("onlineTerms", OnlineTerms.self) } ?? OnlineTerms())
        }
    }
}
