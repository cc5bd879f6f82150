import Foundation

/// The application's one clock, built by the composition root and handed to every service and
/// controller that needs "now". Tests give a clock they set and move.
public struct Clock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read`.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The wall clock of the machine.
    public static let system = Clock(Date.init)

    /// The current instant.
    public func now() -> Date { read() }
}
