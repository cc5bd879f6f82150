import Foundation
import Testing

@testable import Web

/// The API's hand-written date format equals what Foundation's ISO 8601 formatter writes.
@Suite("JSON dates")
struct JSONDatesTests {
    @Test("iso8601 agrees with ISO8601DateFormatter over 1970-2100")
    func agrees() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        let samples =
            [0.0, 86_399.999, 1_771_286_400, 4_102_444_799]
            + (0..<2000).map { _ in
                Double.random(in: 0..<4_102_444_800, using: &generator)
            }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(JSONCoding.iso8601(date) == formatter.string(from: date), "\(seconds)")
        }
    }
}
