import Domain

/// A choice of a select list.
struct DTIOption: Encodable, Sendable {
    let value: String
    let name: String
    var selected = false
}

/// The assessment's home page (`dti-home`): the rounds, the form that opens one, the caller's unit.
struct DTIHomePage: PageModel {
    static let template = "dti-home"

    /// A round of the list.
    struct Row: Encodable, Sendable {
        let title: String
        let framework: String
        let status: String
        let published: Bool
        let deadline: String
        let open: Bool
        let link: String?
        let ownLink: String?
        let rankingLink: String
    }

    /// The values of the opening form.
    struct Values: Encodable, Sendable {
        let year: String
        let deadline: String
    }

    let rounds: [Row]
    let none: Bool
    let canOpen: Bool
    let ownUnit: String?
    let values: Values
    let groups: [DTIOption]
    let action: String
    let targetsLink: String
    let exportLink: String
    let error: String?
}

/// The appraisers' overview of a round (`dti-round`): every unit's progress.
struct DTIRoundPage: PageModel {
    static let template = "dti-round"

    /// A unit's progress.
    struct Unit: Encodable, Sendable {
        let name: String
        let code: String
        let link: String
        let declared: Int
        let reported: Int
        let reviewed: Int
        let waiting: Int
        let moreEvidence: Int
        let total: String
        let declaredTotal: String
    }

    let title: String
    let framework: String
    let version: Int
    let deadline: String
    let units: [Unit]
    let unitCount: Int
    let started: Int
    let maxPoints: String
    let status: String
    let isOpen: Bool
    let publishAction: String
    let rankingLink: String
}

/// A round's ranking (`dti-ranking`), published or provisional.
struct DTIRankingPage: PageModel {
    static let template = "dti-ranking"

    /// A pillar's points in a row.
    struct Points: Encodable, Sendable { let points: String }

    /// A ranked unit.
    struct Row: Encodable, Sendable {
        let rank: Int
        let name: String
        let code: String
        let total: String
        let link: String?
        let pillars: [Points]
        let change: String
        let previousRank: String
        let recognised: Bool
        let mine: Bool
    }

    /// A pillar's column.
    struct Pillar: Encodable, Sendable {
        let code: String
        let name: String
        let max: String
    }

    /// A recognised unit.
    struct Recognised: Encodable, Sendable {
        let name: String
        let total: String
    }

    let title: String
    let provisional: Bool
    let rows: [Row]
    let pillars: [Pillar]
    let maxPoints: String
    let hasRecognition: Bool
    let recognition: String?
    let recognisedCount: Int
    let unitCount: Int
    let recognised: [Recognised]
    let csvLink: String
    let publishedAt: String
}

/// The year's targets (`dti-targets`) and the form that sets one.
struct DTITargetsPage: PageModel {
    static let template = "dti-targets"

    /// A target with where it stands.
    struct Row: Encodable, Sendable {
        let id: Int64
        let unit: String
        let group: String
        let kind: String
        let note: String
        let status: String
        let statusCode: String
        let score: String
        let setBy: String
    }

    let year: Int
    let rows: [Row]
    let none: Bool
    let canSet: Bool
    let units: [DTIOption]
    let action: String
    let kinds: [DTIOption]
    let previousYear: Int
    let nextYear: Int
    let error: String?
}
