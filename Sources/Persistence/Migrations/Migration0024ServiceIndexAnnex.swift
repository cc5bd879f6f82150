/// Migration 24: the service-quality index framework stored before (issue 18, item 1) scored progress as 12 + 4 + 4
/// with an apology indicator and lacked indicators of the annex of Decision 766/QĐ-TTg; it is removed so that the
/// shipped framework (`Seed/service-index-766.json`, every indicator of the annex with its points and citation) is
/// stored at the next start. A framework an administrator saved is removed too: it was built on the old indicators.
enum Migration0024ServiceIndexAnnex {
    static let migration = Migration(version: 24, name: "service index annex") { _ in
        ["DELETE FROM index_frameworks WHERE code = 'QD766'"]
    }
}
