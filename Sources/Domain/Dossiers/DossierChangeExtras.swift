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
    /// The components the counter received (a new dossier's checklist).
    public var components: [ReceivedComponent] = []
    /// The statutory slip the change issues (supplement request, refusal, apology, stop notice).
    public var slip: DossierSlip?
    /// The national portal's status of the dossier's new state (`WorkflowState.nationalStatus`), set by `DossierService`: a
    /// change of state queues its status record for the portal in the same transaction.
    public var nationalStatus: Int?
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
