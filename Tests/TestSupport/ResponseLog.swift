import Foundation
import Synchronization

/// When `MOTCUA_RESPONSE_LOG` names a file, every JSON answer the suites receive through
/// `APIClient` is appended to it as one JSON line (method, path, status, body), for
/// `scripts/check_api_responses.py` to check against the OpenAPI document's schemas.
enum ResponseLog {
    private static let file: Mutex<FileHandle?> = Mutex(open())

    private static func open() -> FileHandle? {
        guard let path = ProcessInfo.processInfo.environment["MOTCUA_RESPONSE_LOG"], !path.isEmpty else { return nil }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
        return handle
    }

    /// Appends one answer when logging is on and the answer is JSON.
    static func record(method: String, uri: String, status: Int, contentType: String?, body: String) {
        guard contentType?.hasPrefix("application/json") == true else { return }
        file.withLock { handle in
            guard let handle else { return }
            let line: [String: Any] = ["method": method, "uri": uri, "status": status, "body": body]
            guard var data = try? JSONSerialization.data(withJSONObject: line) else { return }
            data.append(0x0A)
            handle.write(data)
        }
    }
}
