import Foundation

extension DossierService {
    /// Submits online at the counter on the applicant's behalf (channel `assisted`): `officer` receives
    /// the dossier with a scan of every document the procedure requires (conditional ones when given),
    /// the dossier counted online and answered electronically, the officer on its first event.
    public func receiveAssisted(
        _ submission: OnlineSubmission, scans: [DossierDocument], by officer: Officer, idempotencyKey: String
    ) async throws -> (dossier: Dossier, created: Bool) {
        guard let procedure = try await catalogue.procedure(code: submission.procedureCode) else {
            throw DomainError(.invalid, "procedure.notFound", ["code": submission.procedureCode])
        }
        var scanned = submission
        scanned.documents = scans
        try scanned.validate(against: procedure)
        var input = submission.receipt
        input.channel = .assisted
        return try await receive(input, by: officer, idempotencyKey: idempotencyKey, extras: DossierChangeExtras(documents: scans))
    }

    /// What an officer may receive on `day`: an assisted submission carries its scans; paper (counter,
    /// post) is refused for a procedure the cited text makes online-only, with the text in the message.
    static func checkChannel(_ channel: Channel, procedure: Procedure, scans: [DossierDocument], on day: LocalDate) throws {
        if channel == .assisted, scans.isEmpty { throw DomainError.invalid("documents", "dossier.assistedNeedsScans") }
        if !channel.isOnline, procedure.isOnlineOnly(on: day), let rule = procedure.onlineTerms.onlineOnly {
            throw DomainError(.invalid, "dossier.onlineOnly", ["basis": rule.basis])
        }
    }
}
