import Domain
import Foundation

/// A dossier milestone as the citizen's pages show it (`milestones` partial): its plain name, the day
/// it was reached, or the expected day of the result.
struct MilestoneView: Encodable, Sendable {
    let label: String
    /// `done`, `current` or `upcoming` (the item's class).
    let progress: String
    let day: String?
    let expected: String?

    /// The milestones of `progress` in `language`.
    static func of(_ progress: DossierProgress, workflow: Workflow?, strings: Strings, language: Language) -> [MilestoneView] {
        DossierMilestones.of(progress, workflow: workflow).map { m in
            let label: String
            if m.kind == .ended, let code = m.state {
                let state = workflow?.state(code)
                label = (language == .en ? state?.nameEn : state?.name) ?? code
            } else {
                label = strings.text("milestone_\(m.kind.rawValue)", language)
            }
            return MilestoneView(
                label: label, progress: m.progress.rawValue,
                day: m.at.map { Format.day(LocalDate.local($0, utcOffsetSeconds: Format.offset).date) },
                expected: m.expected.map(Format.day))
        }
    }
}
