import Foundation
import HTTPTypes
import TestSupport
import Testing

/// Rate limits and login throttles shared by the instances of one PostgreSQL database (issue 17,
/// item 2): two applications on the same database count as one; and an unknown username keeps its
/// back-off as an account does, after the window of the address counts.
@Suite("Shared limits")
struct SharedLimitsTests {
    static let forwarded = "X-Forwarded-For"

    /// Two applications on one fresh PostgreSQL database, as two instances behind a load balancer.
    func withTwoInstances(_ env: [String: String], _ body: @Sendable (APIClient, APIClient) async throws -> Void) async throws {
        let database = try await TestDatabase.make(.postgres)
        try await withApp(.postgres, database: database, extraEnvironment: env) { first, _ in
            try await withApp(.postgres, database: database, extraEnvironment: env) { second, _ in
                try await body(first, second)
            }
        }
    }

    @Test(
        "failed logins split across two instances count as on one: the address is refused after all of them",
        .enabled(if: Backend.available.contains(.postgres)))
    func loginThrottleAcrossInstances() async throws {
        try await withTwoInstances(["TRUSTED_PROXIES": "127.0.0.1/32", "LOGIN_MAX_FAILURES": "2"]) { first, second in
            func login(_ api: APIClient, _ user: String, _ password: String) async throws -> APIResponse {
                try await api.request(
                    .post, "/api/v1/session", json: ["username": user, "password": password], headers: [Self.forwarded: "203.0.113.9"])
            }
            // Eight failures (four times LOGIN_MAX_FAILURES) from one address, half through each instance.
            for n in 0..<8 { #expect(try await login(n % 2 == 0 ? first : second, "nobody\(n)", "sai").status == .unauthorized) }
            let blocked = try await login(second, "tiepnhan.hacthanh", APIClient.demoPassword)
            #expect(blocked.status == .tooManyRequests && blocked.errorCode == "auth.tooManyAttempts", "\(blocked.text)")
        }
    }

    @Test(
        "a limit of K anonymous requests a minute split across two instances: the (K+1)th is 429",
        .enabled(if: Backend.available.contains(.postgres)))
    func requestLimitAcrossInstances() async throws {
        try await withTwoInstances(["RATE_LIMIT_REQUESTS_PER_MINUTE": "6"]) { first, second in
            for n in 0..<6 {
                let response = try await (n % 2 == 0 ? first : second).request(.get, "/api/v1/procedures")
                #expect(response.status == .ok, "request \(n + 1): \(response.status)")
            }
            let refused = try await second.request(.get, "/api/v1/procedures")
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(try await first.request(.get, "/api/v1/procedures").status == .tooManyRequests)
        }
    }

    @Test(
        "an unknown username keeps its back-off after the address window, as an account does", arguments: Backend.available)
    func unknownBackoffOutlivesTheWindow(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["LOGIN_MAX_FAILURES": "1", "LOGIN_WINDOW_SECONDS": "1"]) { api, _ in
            var answers: [String: String] = [:]
            for username in ["tiepnhan.hacthanh", "khong.ton.tai"] {
                func attempt() async throws -> APIResponse {
                    try await api.request(.post, "/api/v1/session", json: ["username": username, "password": "sai"])
                }
                #expect(try await attempt().status == .unauthorized)
                // Past the one-second wait and the one-second window of the address's counts.
                try await Task.sleep(for: .milliseconds(1_300))
                let failed = Date()
                #expect(try await attempt().status == .unauthorized)
                // The second failure in a row waits two seconds: the answer names them.
                let next = try await attempt()
                if Date().timeIntervalSince(failed) < 0.9 {
                    answers[username] = "\(next.status.code) \(next.errorCode ?? "") \(next.errorMessages.en ?? "")"
                }
            }
            if let known = answers["tiepnhan.hacthanh"], let unknown = answers["khong.ton.tai"] {
                #expect(known.hasPrefix("429 auth.backoff"), "\(known)")
                #expect(unknown == known)
            }
        }
    }
}
