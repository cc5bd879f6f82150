import Foundation
import Synchronization

/// A clock the tests set and move, handed to the dossier rules.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ iso: String) { current = Mutex(TestClock.instant(iso)) }

    public var now: Date { current.withLock { $0 } }

    public func set(_ iso: String) { current.withLock { $0 = TestClock.instant(iso) } }

    /// Moves the clock forward by `seconds`.
    public func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// Parses an ISO 8601 date-time with offset, e.g. `2026-02-12T10:00:00+07:00`.
    public static func instant(_ iso: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        guard let date = f.date(from: iso) else { preconditionFailure("bad test instant \(iso)") }
        return date
    }
}
