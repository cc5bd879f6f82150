import Domain
import Foundation

/// The finder of the catalogue last read, kept while the catalogue is unchanged: the catalogue's
/// cache hands out the same array until a change, and comparing an array with itself is immediate
/// (shared storage), so the names are folded once per change of the catalogue, not per request.
final class ProcedureFinderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: ProcedureFinder?

    /// A finder of `catalogue`: the kept one when it was made from an equal catalogue.
    func finder(_ catalogue: [Procedure]) -> ProcedureFinder {
        lock.lock()
        defer { lock.unlock() }
        if let last, last.catalogue == catalogue { return last }
        let made = ProcedureFinder(catalogue)
        last = made
        return made
    }
}
