import Foundation

/// Back-off rather than lockout: an account may fail `freeFailures` logins in a row; after that,
/// each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s, ...) up to
/// `maxSeconds`. A successful login clears the count. The account is never locked for a fixed time.
public struct LoginBackoff: Sendable, Hashable {
    public let freeFailures: Int
    public let maxSeconds: Int

    public init(freeFailures: Int, maxSeconds: Int) {
        self.freeFailures = max(1, freeFailures)
        self.maxSeconds = max(1, maxSeconds)
    }

    /// How long the account must wait after its `failures`-th failure in a row (zero while free).
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let beyond = failures - freeFailures
        guard beyond >= 0 else { return 0 }
        return Double(min(maxSeconds, 1 << min(beyond, 30)))
    }

    /// Whether `failures` in a row are so many that the wait applies from every address: a guessing
    /// spread over many addresses (each of which the per-address limits let through) is stopped
    /// after ten times the free failures, while a stranger at one address, who must wait out each
    /// doubled delay between failures, needs hours to get there.
    public func appliesEverywhere(failures: Int) -> Bool { failures >= 10 * freeFailures }

    /// The instant before which the next attempt is refused, after `failures` failures at `now`.
    public func retryAfter(failures: Int, now: Date) -> Date? {
        let wait = delay(afterFailures: failures)
        return wait > 0 ? now.addingTimeInterval(wait) : nil
    }
}
