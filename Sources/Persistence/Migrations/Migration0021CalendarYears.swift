import Domain

/// Migration 21: years of a working calendar confirmed by the yearly decision on Tết and the day next to National Day (issue 18,
/// item 8). Any other year is provisional. On a database seeded before, 2025 and 2026 of VN-CQNN are confirmed with their
/// notices, and the 2027 Tết days, their compensatory days and 1 September 2027, which the seed had guessed, are removed.
/// The seeded workflow stored before gets the source of its national portal status codes (item 9), which saving now requires.
enum Migration0021CalendarYears {
    static let citation2025 =
        "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 (theo Công văn 8726/VPCP-KGVX ngày 26/11/2024): Tết 27–31/01/2025, "
        + "Quốc khánh 01–02/09/2025, hoán đổi 02/05 với 26/04/2025"
    static let citation2026 =
        "Văn bản của Văn phòng Chính phủ tháng 10/2025 truyền đạt ý kiến Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh 2026 "
        + "(Tết 16–20/02/2026; Quốc khánh 01–02/09/2026, hoán đổi 31/08 với 22/08/2026); Công văn 12729/VPCP-KGVX ngày "
        + "25/12/2025 (hoán đổi 02/01 với 10/01/2026)"
    static let guessed2027 = [
        "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-09-01",
    ]

    /// Confirms `year` of VN-CQNN when that calendar exists (a database seeded before this migration).
    static func confirm(_ year: Int, _ citation: String) -> String {
        "INSERT INTO calendar_years (calendar_code, year, citation) "
            + "SELECT code, \(year), '\(citation)' FROM calendars WHERE code = 'VN-CQNN'"
    }

    /// Adds `nationalStatusSource` to the stored default workflow (JSON text) when it has none.
    static var workflowSource: String {
        "UPDATE workflows SET body = '{\"nationalStatusSource\":\"' || '\(NationalPortalStatus.source)' || '\",' || SUBSTR(body, 2) "
            + "WHERE code = 'ONE_STOP_DEFAULT' AND body NOT LIKE '%\"nationalStatusSource\"%'"
    }

    static let migration = Migration(version: 21, name: "calendar years") { _ in
        [
            """
            CREATE TABLE calendar_years (calendar_code TEXT NOT NULL REFERENCES calendars(code), year INTEGER NOT NULL,
                citation TEXT NOT NULL, confirmed_at BIGINT, PRIMARY KEY (calendar_code, year))
            """,
            confirm(2025, citation2025),
            confirm(2026, citation2026),
            workflowSource,
            """
            DELETE FROM calendar_days WHERE calendar_code = 'VN-CQNN' AND kind IN ('holiday', 'compensatory')
                AND date IN (\(guessed2027.map { "'\($0)'" }.joined(separator: ", ")))
            """,
        ]
    }
}
