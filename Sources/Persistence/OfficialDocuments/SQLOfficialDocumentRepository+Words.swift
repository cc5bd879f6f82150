import Domain
import Foundation
import SQLKit

/// Register search through `official_document_words` (migration 36): each entry's words are written with it, and a
/// search reads the entries holding its rarest word, checking the others on each, rather than the whole register.
extension SQLOfficialDocumentRepository {
    /// Entries counted for a word to find a search's rarest (a range of the index, counted up to this). When every word of a
    /// search is in more entries, its matches are dense: the register is read in order, each word checked, until a page is full.
    static let commonWord = 20000

    /// Writes the words of one entry (in the transaction that stores it).
    static func indexWords(_ details: OfficialDocumentDetails, registerId: Int64, number: Int, on db: any SQLDatabase) async throws {
        let words = RegisterQuery.words(of: details.searchText)
        guard !words.isEmpty else { return }
        let rows = words.map { "(\(bind: registerId), \(bind: $0), \(bind: number))" as SQLQueryString }
        var sql: SQLQueryString = "INSERT INTO official_document_words (register_id, word, number) VALUES "
        for (i, row) in rows.enumerated() { sql += i == 0 ? row : ", " + row }
        try await db.raw(sql).run()
    }

    /// The entries of `q` (whose `words` are not empty), in the register's order.
    func searchWords(_ q: RegisterQuery, on db: any SQLDatabase) async throws -> [any SQLRow] {
        guard
            let register = try await db.raw(
                """
                SELECT id FROM document_registers WHERE agency_id = \(bind: q.agencyId) AND direction = \(bind: q.direction.rawValue)
                    AND year = \(bind: q.year)
                """
            ).first()
        else { return [] }
        let registerId = try register.int64("id")
        var counts: [Int] = []
        for word in q.words {
            let n =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM official_document_words WHERE register_id = \(bind: registerId)
                        AND \(Self.begins("word", word)) LIMIT \(literal: Self.commonWord)) t
                    """
                ).first()?.int("n") ?? 0
            if n == 0 { return [] }
            counts.append(n)
        }
        let rarest = counts.indices.min { counts[$0] < counts[$1] } ?? 0
        // Each other word checked on an entry: its words read from the index (register_id, number).
        func others(_ number: String) -> SQLQueryString {
            var checks: SQLQueryString = ""
            for (i, word) in q.words.enumerated() where i != rarest || counts[i] >= Self.commonWord {
                checks += """
                     AND EXISTS (SELECT 1 FROM official_document_words x WHERE x.register_id = \(bind: registerId)
                        AND x.number = \(unsafeRaw: number) AND \(Self.begins("x.word", word)))
                    """
            }
            return checks
        }
        guard counts[rarest] < Self.commonWord else {
            // Every word is common: matches are dense, the register is read in order until the page is full.
            var sql = Self.select + " WHERE d.register_id = \(bind: registerId)"
            if let n = q.afterNumber { sql += " AND d.number > \(bind: n)" }
            sql += others("d.number")
            sql += " ORDER BY d.number LIMIT \(bind: q.limit)"
            return try await db.raw(sql).all()
        }
        // The entries holding the rarest word, each checked for the others, then the page's documents: written as a
        // derived table so that both planners start from the rarest word's range (a plan reading the register in order
        // and testing membership took 760 ms on PostgreSQL for "17/snv" among 100,000 entries).
        var matches: SQLQueryString = """
            SELECT w.number FROM official_document_words w WHERE w.register_id = \(bind: registerId)
                AND \(Self.begins("w.word", q.words[rarest]))
            """
        if let n = q.afterNumber { matches += " AND w.number > \(bind: n)" }
        matches += others("w.number")
        matches += " GROUP BY w.number ORDER BY w.number LIMIT \(bind: q.limit)"
        let sql =
            Self.select
            + " JOIN (\(matches)) m ON m.number = d.number WHERE d.register_id = \(bind: registerId) ORDER BY d.number"
        return try await db.raw(sql).all()
    }

    /// `column` begins with `prefix`: a range of the byte-ordered key, from the prefix to its successor.
    static func begins(_ column: String, _ prefix: String) -> SQLQueryString {
        "\(unsafeRaw: column) >= \(bind: prefix) AND \(unsafeRaw: column) < \(bind: successor(prefix))"
    }

    /// The first text after every text that begins with `prefix`: its last character raised by one code point.
    static func successor(_ prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
            if let raised = Unicode.Scalar(next) {
                scalars.append(raised)
                return String(String.UnicodeScalarView(scalars))
            }
        }
        return "\u{10FFFF}"
    }
}
