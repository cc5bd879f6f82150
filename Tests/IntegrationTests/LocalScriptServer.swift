import Foundation
import TestSupport

/// A test server written in Python under `scripts/` (the VNPay simulator, the OpenID provider, the
/// national portal's receiver), started for one test: it prints `listening <port>` when ready and
/// stops when this process ends (`--exit-with-parent`).
enum LocalScriptServer {
    /// Runs `python3 <script> <arguments> --exit-with-parent` (`script` relative to the repository) and
    /// waits for its port; `name` says which server failed to start.
    static func start(_ script: String, _ arguments: [String], name: String) throws -> (process: Process, port: Int) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../" + script).standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments + ["--exit-with-parent"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening "), let port = Int(text.dropFirst(10).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestSetupError("\(name) did not start: \(text)")
        }
        return (process, port)
    }
}
