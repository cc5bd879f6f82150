import Foundation
import Testing

/// Golden-file checks of rendered pages: normalises an HTML answer, then compares it with
/// `Golden/<name>.<lang>.html` next to this file, or writes that file when recording
/// (`MOTCUA_RECORD_SNAPSHOTS=1`). A mismatch names the first differing line with both versions
/// and leaves the whole answer in a temporary folder for a full `diff`.
enum PageSnapshot {
    /// True when the run writes the golden files instead of comparing.
    static var isRecording: Bool { ProcessInfo.processInfo.environment["MOTCUA_RECORD_SNAPSHOTS"] == "1" }

    /// The folder of the golden files (in the source tree, next to this file).
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Where the answers of a failing comparison are written, for `diff golden actual`.
    static let actualDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-snapshots")

    /// What varies between two runs of the same page and is replaced by a fixed mark before comparing.
    /// Each rule is a regular expression and its replacement (templates use `$1` for the kept part):
    /// - the CSRF token of hidden `_csrf` inputs (random per browser session);
    /// - a CSRF token in a `<meta name="csrf…" content="…">` tag, should a layout carry one;
    /// - the CSRF token in the address of a form with files (`action="…?csrf=…"`);
    /// - the one-time keys of forms that guard against double submission (`submissionKey`, `formKey`);
    /// - the ids that tie an SVG chart to its title and description (`c<digits>t`, `c<digits>d`): the chart
    ///   renderer derives them from `String.hashValue`, which Swift seeds afresh in every process;
    /// - the version of a static file in its address (`?v=<16 hex digits>`), which any edit of the file changes.
    /// Dates, dossier codes and ids need no rule: the application's clock is the suite's `TestClock` and
    /// every run starts on a fresh database, so they are the same in every run.
    static let rules: [(pattern: String, template: String)] = [
        (#"(name="_csrf" value=")[^"]*""#, "$1CSRF\""),
        (#"(<meta name="csrf[^"]*" content=")[^"]*""#, "$1CSRF\""),
        (#"([?&]csrf=)[^"&]*"#, "$1CSRF"),
        (#"(name="(?:submissionKey|formKey)" value=")[^"]*""#, "$1KEY\""),
        (#"(["\s])c[0-9]{1,6}([td])(?=["\s])"#, "$1cHASH$2"),
        (#"(/static/[^"?]+\?v=)[0-9a-f]{16}"#, "$1VERSION"),
    ]

    /// `html` with every rule of `rules` applied.
    static func normalise(_ html: String) -> String {
        rules.reduce(html) { text, rule in
            text.replacingOccurrences(of: rule.pattern, with: rule.template, options: .regularExpression)
        }
    }

    /// Compares `html` (normalised) with the golden file `name.lang.html`, or records it; each
    /// mismatch, missing file or recording is an issue of the calling test.
    static func check(_ html: String, _ name: String, lang: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = "\(name).\(lang).html"
        let golden = goldenDirectory.appendingPathComponent(file)
        let actual = normalise(html)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
                try actual.write(to: golden, atomically: true, encoding: .utf8)
                Issue.record("recorded Golden/\(file), run again without MOTCUA_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot write \(golden.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            Issue.record("no golden file Golden/\(file): record it with MOTCUA_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let kept = keep(actual, file)
        Issue.record("\(difference(expected, actual, file: file))\nwhole answer: \(kept)", sourceLocation: sourceLocation)
    }

    /// The first differing line of `expected` and `actual`, both versions, and the line counts. Long
    /// lines (inline SVG, long lists) are cut to a window around the first differing character.
    static func difference(_ expected: String, _ actual: String, file: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let shared = min(old.count, new.count)
        let index = (0..<shared).first { old[$0] != new[$0] } ?? shared
        let a = index < old.count ? old[index] : []
        let b = index < new.count ? new[index] : []
        let column = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func excerpt(_ lines: [[Character]]) -> String {
            guard index < lines.count else { return "(end of page)" }
            let line = lines[index]
            let start = max(0, column - 60)
            let end = min(line.count, column + 80)
            return (start > 0 ? "…" : "") + "│\(String(line[start..<end]))│" + (end < line.count ? "…" : "")
        }
        return """
            page differs from Golden/\(file) at line \(index + 1), column \(column + 1) \
            (golden \(old.count) lines, actual \(new.count)):
              golden: \(excerpt(old))
              actual: \(excerpt(new))
            if the change is intended, re-record with MOTCUA_RECORD_SNAPSHOTS=1 (see PageSnapshotTests)
            """
    }

    /// Writes the normalised answer to `actualDirectory` and returns its path.
    private static func keep(_ actual: String, _ file: String) -> String {
        let url = actualDirectory.appendingPathComponent(file)
        try? FileManager.default.createDirectory(at: actualDirectory, withIntermediateDirectories: true)
        return (try? actual.write(to: url, atomically: true, encoding: .utf8)).map { url.path } ?? "(not written)"
    }
}
