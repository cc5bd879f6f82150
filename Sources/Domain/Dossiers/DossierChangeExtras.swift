/// Writes that belong to a dossier's change and commit in the same transaction as its event:
/// the documents of a new dossier, the signature of its result, the payment that settles its
/// financial obligation, the citizen's answer to a supplement request and the audit line of a change
/// made by a citizen. (Its notifications come from the event itself: `NotificationRelay`.)
public struct DossierChangeExtras: Sendable, Hashable {
    public var citizenId: Int64?
    public var documents: [DossierDocument]
    public var signature: ResultSignature?
    public var settledPayment: PaymentSettlement?
    /// Removes the citizen's draft of the dossier's procedure (it became this dossier).
    public var clearsDraft: Bool
    public var supplement: SupplementResponse?
    public var audit: AuditEntry?
    /// The identity level of the citizen who submits the dossier online, recorded with it.
    public var identityLevel: IdentityLevel?

    public init(
        citizenId: Int64? = nil, documents: [DossierDocument] = [],
        signature: ResultSignature? = nil, settledPayment: PaymentSettlement? = nil, clearsDraft: Bool = false,
        supplement: SupplementResponse? = nil, audit: AuditEntry? = nil, identityLevel: IdentityLevel? = nil
    ) {
        self.identityLevel = identityLevel
        self.supplement = supplement
        self.audit = audit
        self.citizenId = citizenId
        self.documents = documents
        self.signature = signature
        self.settledPayment = settledPayment
        self.clearsDraft = clearsDraft
    }
}
