/// Migration 2: the public progress of each dossier kept on its row (`progress`), so that tracking,
/// the most frequent public lookup, reads one row without a join. Maintained in the same
/// transaction as every event (see `SQLDossierRepository.progressEntry`); filled here from the
/// history for dossiers that already exist.
enum Migration0002TrackingProgress {
    static let migration = Migration(version: 2, name: "tracking progress") { _ in
        [
            "ALTER TABLE dossiers ADD COLUMN progress TEXT NOT NULL DEFAULT ''",
            """
            UPDATE dossiers SET progress = COALESCE((
                SELECT string_agg(e.action || '|' || e.to_state || '|' || CAST(e.occurred_at AS TEXT) || '|'
                                  || COALESCE(e.agency_id, e.handling_agency_id) || '|' || COALESCE(e.step_deadline, '')
                                  || '|' || COALESCE(e.step_timeliness, ''), ';' ORDER BY e.sequence)
                FROM dossier_events e WHERE e.dossier_id = dossiers.id), '')
            """,
        ]
    }
}
