/// Migration 36: the words registers are searched by (`official_document_words`), so that a search reads the entries
/// holding its rarest word rather than the whole register (a register of 100,000 entries in a store of a million,
/// scripts/bench/documents.py). One row per word of an entry's folded text (`search_text` split at spaces and slashes),
/// keyed by register, word and number: a search word matches the words it begins, a range of the key. Words compare
/// byte by byte (`COLLATE "C"` on PostgreSQL; SQLite's default), so that the range holds exactly the words with that
/// beginning. Existing entries are indexed here.
enum Migration0036DocumentWords {
    static let migration = Migration(version: 36, name: "document words") { dialect in
        let collate = dialect == .postgres ? " COLLATE \"C\"" : ""
        let backfill =
            switch dialect {
            case .postgres:
                """
                INSERT INTO official_document_words (register_id, word, number)
                SELECT DISTINCT register_id, w, number FROM official_documents,
                    regexp_split_to_table(replace(search_text, '/', ' '), ' ') AS w
                WHERE w <> ''
                """
            case .sqlite:
                """
                INSERT OR IGNORE INTO official_document_words (register_id, word, number)
                WITH RECURSIVE split (register_id, number, word, rest) AS (
                    SELECT register_id, number, '', replace(search_text, '/', ' ') || ' ' FROM official_documents
                    UNION ALL
                    SELECT register_id, number, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
                    FROM split WHERE rest <> '')
                SELECT register_id, word, number FROM split WHERE word <> ''
                """
            }
        return [
            """
            CREATE TABLE official_document_words (
                register_id BIGINT NOT NULL REFERENCES document_registers(id), word TEXT\(collate) NOT NULL, number BIGINT NOT NULL,
                PRIMARY KEY (register_id, word, number))
            """,
            "CREATE INDEX official_document_words_entry ON official_document_words (register_id, number)",
            backfill,
        ]
    }
}
