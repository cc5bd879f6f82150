import Foundation
import TestSupport

/// The local stand-in for the national portal's status endpoint (`scripts/national_portal/receiver.py`) run for one test:
/// it records every delivery in a file, and can be stopped and started again on the same port.
final class NationalPortalReceiver: @unchecked Sendable {
    static let token = "test-national-portal-token-0123456789"

    let log: URL
    private(set) var port = 0
    private var process: Process?

    init() throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("portal-receiver-\(UUID().uuidString).jsonl")
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: log)
    }

    /// Starts it (again, on the same port once it has one).
    func start() throws {
        let (process, port) = try LocalScriptServer.start(
            "scripts/national_portal/receiver.py", ["--log", log.path, "--auth", "Bearer \(Self.token)", "--port", String(port)],
            name: "national portal receiver")
        self.port = port
        self.process = process
    }

    /// Stops it and waits until it is gone (connections are then refused).
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/api/dongbo/trangthai")! }

    /// Every delivery, in order of arrival: the `Idempotency-Key` and the JSON body.
    var deliveries: [(key: String, body: [String: Any])] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["key"] as? String ?? "", object["body"] as? [String: Any] ?? [:])
        }
    }
}
