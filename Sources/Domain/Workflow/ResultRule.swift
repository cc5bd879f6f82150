/// Whether a transition needs the dossier's result file attached first: data on the transition
/// (a specialist submitting for approval, say), checked before the move.
public enum ResultRule: String, Codable, Sendable, CaseIterable {
    /// Refused while no result file is attached.
    case required
    /// Refused without a result file for a dossier submitted online (its result is sent back
    /// electronically and signed); for the others the officer is warned and may go on.
    case requiredOnline
    /// Allowed without a result file; the officer is warned.
    case optional

    /// Whether a dossier received through `channel` with no result attached is refused this move.
    public func refuses(channel: Channel) -> Bool {
        switch self {
        case .required: return true
        case .requiredOnline: return channel == .online
        case .optional: return false
        }
    }
}
