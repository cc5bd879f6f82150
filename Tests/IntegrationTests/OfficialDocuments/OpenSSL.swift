import Foundation

/// Checks a signature offline with the `openssl` command, as anyone holding the file would.
enum OpenSSL {
    /// `openssl verify` of the agency certificate against the authority's, then `openssl dgst -verify`
    /// of the DER signature (base64) over `file` with the certificate's key; the last line of its output.
    static func verify(file: [UInt8], signature: String, chain: [String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(file).write(to: folder.appendingPathComponent("doc.pdf"))
        try Data(base64Encoded: signature)?.write(to: folder.appendingPathComponent("sig.der"))
        try Data(chain[0].utf8).write(to: folder.appendingPathComponent("agency.pem"))
        try Data(chain[1].utf8).write(to: folder.appendingPathComponent("ca.pem"))
        var last = ""
        for arguments in [
            ["verify", "-CAfile", "ca.pem", "agency.pem"], ["x509", "-in", "agency.pem", "-pubkey", "-noout", "-out", "pub.pem"],
            ["dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "doc.pdf"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            last = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard process.terminationStatus == 0 else { return last }
        }
        return last
    }
}
