/// Who this system is in the exchange and what it accepts.
public struct ExchangeSettings: Sendable, Hashable {
    /// This system's organisation: the identifier peers address packages to.
    public var organisation: ExchangeOrganisation
    /// The agency whose incoming register receives the packages addressed to `organisation`.
    public var receivingAgencyId: String
    /// The place of issue written in the packages sent (PromulgationInfo/Place).
    public var place: String
    /// The largest file a package may carry, sent or received.
    public var maxAttachmentBytes: Int
    /// Whether a peer's endpoint may be `http://` (development); otherwise only `https://`.
    public var allowsPlainHTTP: Bool

    public init(
        organisation: ExchangeOrganisation, receivingAgencyId: String, place: String, maxAttachmentBytes: Int, allowsPlainHTTP: Bool
    ) {
        self.organisation = organisation
        self.receivingAgencyId = receivingAgencyId
        self.place = place
        self.maxAttachmentBytes = maxAttachmentBytes
        self.allowsPlainHTTP = allowsPlainHTTP
    }
}
