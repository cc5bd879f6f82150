import Domain
import Foundation

/// Counts what anonymous clients upload per address (field report photos) against an hourly and a
/// daily allowance; an upload over either is refused (429) before anything is stored.
actor AddressQuota {
    let perHour: Int
    let perDay: Int
    let clock: Clock
    private var uses: [String: [(at: Date, count: Int)]] = [:]

    init(perHour: Int, perDay: Int, clock: Clock) {
        self.perHour = perHour
        self.perDay = perDay
        self.clock = clock
    }

    /// Takes `count` uploads from `key`'s allowance; false (nothing taken) when that would exceed it.
    func take(_ count: Int, for key: String) -> Bool {
        guard count > 0 else { return true }
        let now = clock.now()
        let day = (uses[key] ?? []).filter { now.timeIntervalSince($0.at) < 86_400 }
        let lastHour = day.filter { now.timeIntervalSince($0.at) < 3_600 }.reduce(0) { $0 + $1.count }
        guard lastHour + count <= perHour, day.reduce(0, { $0 + $1.count }) + count <= perDay else {
            uses[key] = day
            return false
        }
        uses[key] = day + [(now, count)]
        if uses.count > 100_000 { uses = uses.filter { $0.value.contains { now.timeIntervalSince($0.at) < 86_400 } } }
        return true
    }
}
