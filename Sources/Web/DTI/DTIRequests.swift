import Domain
import Foundation
import Hummingbird

/// What the DTI pages and the DTI API share: the service, the views, and how a request names a
/// round, a year and its caller.
struct DTIRequests: Sendable {
    let dti: DTIService
    let views: DTIViews
    /// The application's one clock.
    let clock: Clock

    /// Today in the province.
    var today: LocalDate { dti.today }

    /// The round the `:id` path parameter names.
    func round(_ context: some WebContext) async throws -> DTIRound {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("dti.roundNotFound") }
        return try await dti.round(id)
    }

    /// A year typed by a person: this year when empty.
    func year(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return today.year }
        guard let y = Int(text), (2000...2100).contains(y) else { throw DomainError.invalid("year", "dti.badYear") }
        return y
    }

    /// The audit actor of an officer's request.
    static func actor<R>(_ context: OfficerRequestContext<R>) -> AuditActor {
        AuditActor(context.officer, address: context.clientAddress)
    }

    /// The ranking of a round as a CSV download.
    func csv(_ ranking: [DTIRankedUnit], round: DTIRound, _ language: Language) async throws -> Response {
        let names = try await views.unitNames(round.group, language)
        let text = views.csv(ranking, round: round, names: names, language)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"dti-\(round.year)-\(round.group.rawValue).csv\"",
            ],
            body: .init(byteBuffer: .init(string: text)))
    }
}
