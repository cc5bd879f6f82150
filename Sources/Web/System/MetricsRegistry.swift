import Foundation
import Synchronization

/// Request counts and latency histograms by route, kept in memory and rendered as Prometheus text.
public final class MetricsRegistry: Sendable {
    static let buckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Series {
        var count = 0
        var sum = 0.0
        var bucketCounts = [Int](repeating: 0, count: MetricsRegistry.buckets.count)
    }

    private struct Key: Hashable {
        let method: String
        let route: String
        let status: Int
    }
    private let series = Mutex<[Key: Series]>([:])

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { all in
            var s = all[Key(method: method, route: route, status: status), default: Series()]
            s.count += 1
            s.sum += seconds
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.bucketCounts[i] += 1 }
            all[Key(method: method, route: route, status: status)] = s
        }
    }

    /// Prometheus text exposition of the request metrics plus `extra` gauges already rendered.
    func render(dossiersByState: [String: Int], outboxByStatus: [String: Int] = [:]) -> String {
        let snapshot = series.withLock { $0 }
        var out =
            "# HELP motcua_http_requests_total HTTP requests by method, route and status.\n# TYPE motcua_http_requests_total counter\n"
        let keys = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys {
            out += "motcua_http_requests_total{\(labels(key))} \(snapshot[key]!.count)\n"
        }
        out += "# HELP motcua_http_request_duration_seconds HTTP request latency.\n# TYPE motcua_http_request_duration_seconds histogram\n"
        for key in keys {
            let s = snapshot[key]!
            for (i, bound) in Self.buckets.enumerated() {
                out += "motcua_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(s.bucketCounts[i])\n"
            }
            out += "motcua_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(s.count)\n"
            out += "motcua_http_request_duration_seconds_sum{\(labels(key))} \(s.sum)\n"
            out += "motcua_http_request_duration_seconds_count{\(labels(key))} \(s.count)\n"
        }
        out += "# HELP motcua_dossiers Dossiers by workflow state.\n# TYPE motcua_dossiers gauge\n"
        for (state, n) in dossiersByState.sorted(by: { $0.key < $1.key }) {
            out += "motcua_dossiers{state=\"\(escape(state))\"} \(n)\n"
        }
        out +=
            "# HELP motcua_outbox_messages Notifications by delivery status (failed: given up after every retry).\n# TYPE motcua_outbox_messages gauge\n"
        for status in ["pending", "sent", "failed"] {
            out += "motcua_outbox_messages{status=\"\(status)\"} \(outboxByStatus[status] ?? 0)\n"
        }
        return out
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(escape(key.method))\",route=\"\(escape(key.route))\",status=\"\(key.status)\""
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
