import Foundation
import HummingbirdBcrypt
import Persistence
import TestSupport
import Testing

/// Concurrent officers and counters on one database.
@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("two officers acting on the same step at once: exactly one wins, the other gets 409", arguments: Backend.available)
    func twoOfficersOneStep(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            // A second leader in the same committee.
            let database = try db.open()
            _ = try await SQLAccountRepository(database: database).createOfficer(
                username: "lanhdao2.hacthanh", passwordHash: Bcrypt.hash(APIClient.demoPassword, cost: 4),
                fullName: "Phó Chủ tịch Lê Văn Hai", agencyId: "UB14797.H56", roles: [.leader])
            await database.shutdown()
            let desk = try await api.login("tiepnhan.hacthanh")
            let leaders = [try await api.login("lanhdao.hacthanh"), try await api.login("lanhdao2.hacthanh")]
            let specialists = [try await api.officerId("chuyenvien.hacthanh"), try await api.officerId("chuyenvien2.hacthanh")]
            for round in 0..<5 {
                let (code, received) = try await api.receive(desk, key: "round-\(round)")
                let version = try await api.must(desk, code, "forward", version: received)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for i in 0..<2 {
                        group.addTask {
                            try await api.act(leaders[i], code, "assign", version: version, extra: ["assigneeId": specialists[i]]).status
                                .code
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.sorted() == [200, 409], "round \(round): \(statuses)")
                let events = try await api.dossier(desk, code)["events"] as? [[String: Any]] ?? []
                #expect(events.filter { $0["action"] as? String == "assign" }.count == 1)
            }
        }
    }

    @Test("50 concurrent receipts get 50 distinct codes", arguments: Backend.available)
    func concurrentReceipts(_ backend: Backend) async throws {
        try await withApp(backend, setup: .ahc()) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<50 {
                    group.addTask { try await api.receive(desk, Fixtures.receipt(name: "Người nộp \(i)")).code }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(codes.count == 50)
            #expect(Set(codes).count == 50)
            let sequences = Set(codes.compactMap { Int($0.split(separator: "-").last ?? "") })
            #expect(sequences == Set(1...50))
            #expect(try await db.count("dossiers") == 50)
            #expect(try await db.count("dossier_events") == 50)
        }
    }

    @Test("a retried receipt with the same idempotency key does not duplicate", arguments: Backend.available)
    func idempotentReceipt(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let first = try await api.request(
                .post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt(), headers: ["Idempotency-Key": "abc-1"])
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        let r = try await api.request(
                            .post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt(), headers: ["Idempotency-Key": "abc-1"])
                        return (r.status.code, r.json[path: "dossier.code"] as? String)
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            #expect(first.status == .created)
            #expect(statuses.allSatisfy { $0.0 == 200 && $0.1 == first.json[path: "dossier.code"] as? String })
            #expect(try await db.count("dossiers") == 1)
        }
    }
}
