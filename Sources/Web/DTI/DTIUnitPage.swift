import Domain

/// A unit's assessment page (`dti-unit`): score, gaps, every sub-index with its entry, the forms
/// of the unit and of the appraisers, and the history.
struct DTIUnitPage: PageModel {
    static let template = "dti-unit"

    /// A pillar with its sub-indices.
    struct Pillar: Encodable, Sendable {
        let code: String
        let name: String
        let points: String
        let max: String
        let subIndices: [SubIndex]
        /// Self-assessed sub-indices of the section, of `reported` the unit answers.
        let answered: Int
        let reported: Int
        let hasReported: Bool
        /// The section shown unfolded: the first one with a question left, or every one when the caller only reads.
        let open: Bool
    }

    /// A sub-index with its figures, the unit's entry and what the caller may do.
    struct SubIndex: Encodable, Sendable {
        let code: String
        /// The code of the section (pillar) whose form sends it.
        let section: String
        let name: String
        let guidance: String
        let platform: Bool
        let formula: String
        let points: String
        let max: String
        let value: String
        let evidenceRequired: Bool
        let isRatio: Bool
        let isYesNo: Bool
        let unitHint: String
        let advice: String?
        let canDeclare: Bool
        let canReview: Bool
        let indicator: String?
        let inputs: String?
        let entry: Entry?
    }

    /// The unit's declaration of a sub-index and its review.
    struct Entry: Encodable, Sendable {
        let declared: String
        let value: String
        let denominator: String?
        let comment: String?
        let hasEvidence: Bool
        let isYes: Bool
        let isNo: Bool
        let status: String
        let statusCode: String
        let reason: String?
        let reviewer: String?
        let evidence: [Evidence]
        let evidenceIds: String
    }

    /// An evidence file.
    struct Evidence: Encodable, Sendable {
        let link: String
        let name: String
        let id: Int64
    }

    /// Where the unit lost points, with what would raise them.
    struct Gap: Encodable, Sendable {
        let code: String
        let name: String
        let lost: String
        let points: String
        let max: String
        let advice: String?
        let guidance: String
    }

    /// A history line.
    struct Event: Encodable, Sendable {
        let at: String
        let actor: String
        let action: String
        let subIndex: String?
        let detail: String
    }

    let title: String
    let unitName: String
    let unitCode: String
    let pillars: [Pillar]
    let total: String
    let declaredTotal: String
    let maxPoints: String
    /// "answered / total" of the unit's self-assessment; unanswered sub-indices are not claimed.
    let progress: String
    let deadline: String
    let published: Bool
    let canDeclare: Bool
    let canReview: Bool
    let hasRecognition: Bool
    let recognised: Bool
    let unmet: [String]
    let gaps: [Gap]
    let history: [Event]
    let declareAction: String
    let reviewAction: String
    let roundLink: String
    let rankingLink: String
    let error: String?
}
