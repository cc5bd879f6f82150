import Domain
import Foundation
import SQLKit

extension SQLDossierRepository {
    /// An officer's search. The driving criterion picks the index and the order: a code prefix is a
    /// range of `dossiers_search_code` in code order, a name prefix a range of `dossiers_search_name` in
    /// (folded name, id) order (for an agency, of the indexes by receiving and by handling agency, one
    /// branch each), an ID number or phone an equality on its index, newest first. The others, the
    /// filters and the scope are conditions on the rows the index yields. Keyset pagination: the cursor
    /// holds the last row's key and id.
    public func search(_ q: DossierSearchQuery) async throws -> QueuePage {
        let driver = Self.driver(of: q)
        let query = try Self.searchSQL(q, dialect: database.dialect)
        var items = try await database.read { db in try await db.raw(query).all().map(Self.dossier) }
        var next: String?
        if items.count > q.limit {
            items.removeLast()
            if let last = items.last {
                let key: String
                switch driver {
                case .code: key = last.code
                case .name: key = VietnameseFolding.fold(last.applicant.fullName)
                case .exact: key = ""
                }
                next = Self.searchCursor(key: key, id: last.id)
            }
        }
        return QueuePage(items: items, nextCursor: next)
    }

    /// The statement of a search (the tests read its plan).
    static func searchSQL(_ q: DossierSearchQuery, dialect: Database.Dialect) throws -> SQLQueryString {
        let bytes: SQLQueryString = dialect == .postgres ? " COLLATE \"C\"" : ""
        let driver = driver(of: q)
        var sql: SQLQueryString = ""
        if let code = q.codePrefix { sql += " AND code\(bytes) >= \(bind: code) AND code\(bytes) < \(bind: code + Self.beyond)" }
        if let name = q.namePrefix {
            sql += " AND applicant_name_folded >= \(bind: name) AND applicant_name_folded < \(bind: name + Self.beyond)"
        }
        if let id = q.idNumber { sql += " AND applicant_id_number = \(bind: id)" }
        if !q.phones.isEmpty { sql += " AND applicant_phone IN (\(binds: q.phones))" }
        if let state = q.state { sql += " AND state = \(bind: state)" }
        if let procedure = q.procedureCode { sql += " AND procedure_code = \(bind: procedure)" }
        if let channel = q.channel { sql += " AND channel = \(bind: channel.rawValue)" }
        if let from = q.receivedFrom { sql += " AND received_at >= \(bind: Stored.millis(from))" }
        if let until = q.receivedUntil { sql += " AND received_at < \(bind: Stored.millis(until))" }
        if let cursor = q.cursor {
            guard let (key, id) = Self.searchCursor(cursor) else { throw DomainError.invalid("cursor") }
            switch driver {
            case .code: sql += " AND code\(bytes) > \(bind: key)"
            case .name: sql += " AND (applicant_name_folded, id) > (\(bind: key), \(bind: id))"
            case .exact: sql += " AND id < \(bind: id)"
            }
        }
        let order: SQLQueryString
        switch driver {
        case .code: order = " ORDER BY code\(bytes)"
        case .name: order = " ORDER BY applicant_name_folded, id"
        case .exact: order = " ORDER BY id DESC"
        }
        let limit: SQLQueryString = " LIMIT \(literal: q.limit + 1)"
        guard case .agency(let agency) = q.scope else { return "SELECT * FROM dossiers WHERE 1 = 1" + sql + order + limit }
        guard driver == .name else {
            return "SELECT * FROM dossiers WHERE (receiving_agency_id = \(bind: agency) OR handling_agency_id = \(bind: agency))" + sql
                + order + limit
        }
        // A name prefix is common ("nguyen"): each of the agency's two roles reads its own index in name order and stops
        // after a page; UNION drops a dossier both received and handled here, so neither branch filters rows out.
        let received: SQLQueryString = "SELECT * FROM dossiers WHERE receiving_agency_id = \(bind: agency)" + sql + order + limit
        let handled: SQLQueryString = "SELECT * FROM dossiers WHERE handling_agency_id = \(bind: agency)" + sql + order + limit
        return "SELECT * FROM (" + received + ") AS r UNION SELECT * FROM (" + handled + ") AS h" + order + limit
    }

    /// Which index drives a search.
    enum SearchDriver { case code, name, exact }

    static func driver(of q: DossierSearchQuery) -> SearchDriver {
        if q.codePrefix != nil { return .code }
        if q.idNumber != nil || !q.phones.isEmpty { return .exact }
        return .name
    }

    /// Above every character a prefix can be followed by: `prefix + beyond` bounds the prefix's range
    /// in byte order (UTF-8 of U+10FFFF).
    static let beyond = "\u{10FFFF}"

    /// `base64url(key \n id)`.
    static func searchCursor(key: String, id: Int64) -> String {
        Data("\(key)\n\(id)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func searchCursor(_ text: String) -> (String, Int64)? {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let plain = String(data: data, encoding: .utf8),
            let cut = plain.lastIndex(of: "\n"), let id = Int64(plain[plain.index(after: cut)...])
        else { return nil }
        return (String(plain[..<cut]), id)
    }
}
