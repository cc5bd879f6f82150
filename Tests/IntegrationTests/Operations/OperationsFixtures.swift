import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport

/// A small seedable generator (SplitMix64), so a failing random sequence can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The raw rows the aggregates are recomputed from in the tests, read with plain SQL.
struct RawDossier: Sendable {
    var id: Int64
    var procedure: String
    var state: String
    var channel: String
    var receivingUnit: String?
    var applicantUnit: String?
    var handlingAgency: String
    var receivedAt: Int64?
    var resolvedAt: Int64?
    var finishedAt: Int64?
    var paidAt: Int64?
    var outcome: String?
    var timeliness: String?
    var dueDate: String?

    var commune: String { receivingUnit ?? applicantUnit ?? "" }

    static func all(_ database: Database) async throws -> [RawDossier] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT d.id, d.procedure_code, d.state, d.channel, a.unit_code, d.applicant_unit_code, d.handling_agency_id,
                       d.received_at, d.resolved_at, d.finished_at, d.paid_at, d.outcome, d.timeliness, d.due_date
                FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
                """
            ).all().map { r in
                RawDossier(
                    id: try r.decode(column: "id", as: Int64.self), procedure: try r.decode(column: "procedure_code", as: String.self),
                    state: try r.decode(column: "state", as: String.self), channel: try r.decode(column: "channel", as: String.self),
                    receivingUnit: try r.decode(column: "unit_code", as: String?.self),
                    applicantUnit: try r.decode(column: "applicant_unit_code", as: String?.self),
                    handlingAgency: try r.decode(column: "handling_agency_id", as: String.self),
                    receivedAt: try r.decode(column: "received_at", as: Int64?.self),
                    resolvedAt: try r.decode(column: "resolved_at", as: Int64?.self),
                    finishedAt: try r.decode(column: "finished_at", as: Int64?.self),
                    paidAt: try r.decode(column: "paid_at", as: Int64?.self),
                    outcome: try r.decode(column: "outcome", as: String?.self),
                    timeliness: try r.decode(column: "timeliness", as: String?.self),
                    dueDate: try r.decode(column: "due_date", as: String?.self))
            }
        }
    }

    /// The handling agency recorded by the dossier's event at `instant`.
    static func agencies(at instants: [Int64: Int64], _ database: Database) async throws -> [Int64: String] {
        try await database.read { db in
            var result: [Int64: String] = [:]
            for r in try await db.raw("SELECT dossier_id, occurred_at, handling_agency_id FROM dossier_events").all() {
                let id = try r.decode(column: "dossier_id", as: Int64.self)
                if instants[id] == (try r.decode(column: "occurred_at", as: Int64.self)) {
                    result[id] = try r.decode(column: "handling_agency_id", as: String.self)
                }
            }
            return result
        }
    }
}

/// The month (YYYY-MM) of an instant in Thanh Hóa.
func localMonth(_ millis: Int64) -> String {
    let d = LocalDate.local(Date(timeIntervalSince1970: Double(millis) / 1000), utcOffsetSeconds: 7 * 3600).date
    return String(d.iso.prefix(7))
}

extension StatisticsProjector {
    /// A pass from the test's own connection to the app's database. The app's own worker makes
    /// its first pass at start: it may hold SQLite's write lock at that moment (beyond the busy
    /// timeout on a loaded machine) or move the cursor first; both are tried again a few times.
    func runBesideTheApp(now: Date) async throws {
        try await besideTheApp { try await run(now: now) }
    }

    /// `body` (a pass, a rebuild) from the test's own connection, tried again as `runBesideTheApp` is.
    @discardableResult
    func besideTheApp<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        for attempt in 1... {
            do {
                return try await body()
            } catch  where attempt < 5 && ("\(error)".contains("locked") || (error as? DomainError)?.code == "statistics.cursorMoved") {
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
        fatalError("unreachable: the last attempt rethrows")
    }
}
