import Domain
import Foundation

/// A procedure as listed by the catalogue API.
struct ProcedureSummary: Encodable, Sendable {
    let code: String
    let name: String
    let nameEn: String
    let field: String
    let level: ProcedureLevel
    let competentAgency: String
    let timeLimit: TimeLimit
    let onlineLevel: OnlineLevel
    /// The fees charged once per dossier, before exemptions (0: free unless copies are asked for).
    let totalFee: Int

    init(_ p: Procedure) {
        code = p.code
        name = p.name
        nameEn = p.nameEn
        field = p.field
        level = p.level
        competentAgency = p.competentAgency
        timeLimit = p.timeLimit
        onlineLevel = p.onlineLevel
        totalFee = p.baseFee
    }
}

/// A list answer: `{"items": [...]}` with an optional cursor for the next page.
struct ItemsView<T: Encodable & Sendable>: Encodable, Sendable {
    let items: [T]
    var nextCursor: String? = nil
}

/// A state's names and national portal status (code and names).
struct StateView: Encodable, Sendable {
    let code: String
    let name: String
    let nameEn: String
    let nationalStatus: Int
    let nationalStatusName: String?
    let nationalStatusNameEn: String?

    init(_ code: String, _ workflow: Workflow?) {
        let s = workflow?.state(code)
        self.code = code
        name = s?.name ?? code
        nameEn = s?.nameEn ?? code
        nationalStatus = s?.nationalStatus ?? 0
        let portal = NationalPortalStatus.named(nationalStatus)
        nationalStatusName = portal?.name
        nationalStatusNameEn = portal?.nameEn
    }
}

/// A transition the caller may perform.
struct ActionView: Encodable, Sendable {
    let action: String
    let name: String
    let nameEn: String
    let effect: TransitionEffect
    let requiresNote: Bool

    init(_ t: WorkflowTransition) {
        action = t.action
        name = t.name
        nameEn = t.nameEn
        effect = t.effect
        requiresNote = t.requiresNote
    }
}

/// A dossier for an officer: the record, its state, its history and what the officer may do.
struct DossierView: Encodable, Sendable {
    let dossier: Dossier
    let status: StateView
    let events: [DossierEvent]?
    let actions: [ActionView]?
    /// True when the due date counts across a calendar year not yet confirmed (it may move when the year's Tết is decided).
    var dueDateProvisional: Bool? = nil
}

/// A dossier for the public: progress only, no personal data.
struct TrackingView: Sendable {
    /// One step as the public sees it.
    struct Step: Sendable {
        /// Action code, and its names when the workflow has one (the opening events have none).
        let actionCode: String
        let action: String?
        let actionEn: String?
        let status: StateView
        let at: Date
        let agency: String
        let deadline: LocalDate?
        let timeliness: Timeliness?
    }
    let code: String
    let procedureCode: String
    let procedureName: String
    let procedureNameEn: String
    let status: StateView
    let receivedAt: Date?
    let dueDate: LocalDate?
    let finishedAt: Date?
    let outcome: DossierOutcome?
    let steps: [Step]

    /// The JSON answer, keys sorted as everywhere in the API.
    var json: String {
        func state(_ s: StateView, _ w: inout JSONWriter) {
            w.object { w in
                w.member("code", s.code)
                w.member("name", s.name)
                w.member("nameEn", s.nameEn)
                w.member("nationalStatus", s.nationalStatus)
            }
        }
        var w = JSONWriter()
        w.object { w in
            w.member("code", code)
            w.member("dueDate", dueDate?.iso)
            w.member("finishedAt", finishedAt.map(JSONCoding.iso8601))
            w.member("outcome", outcome?.rawValue)
            w.member("procedureCode", procedureCode)
            w.member("procedureName", procedureName)
            w.member("procedureNameEn", procedureNameEn)
            w.member("receivedAt", receivedAt.map(JSONCoding.iso8601))
            w.key("status")
            state(status, &w)
            w.key("steps")
            w.array { w in
                for step in steps {
                    w.object { w in
                        w.member("action", step.action)
                        w.member("actionCode", step.actionCode)
                        w.member("actionEn", step.actionEn)
                        w.member("agency", step.agency)
                        w.member("at", JSONCoding.iso8601(step.at))
                        w.member("deadline", step.deadline?.iso)
                        w.key("status")
                        state(step.status, &w)
                        w.member("timeliness", step.timeliness?.rawValue)
                    }
                }
            }
        }
        return w.text
    }
}
