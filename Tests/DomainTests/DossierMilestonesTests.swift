import Domain
import Foundation
import Testing

/// The plain milestones of a dossier (issue 19, item 4), from its history and the workflow's national statuses.
@Suite struct DossierMilestonesTests {
    static let workflow = Workflow(
        code: "W", name: "W", nameEn: "W", counterState: "received", onlineState: "submitted",
        states: [
            WorkflowState(code: "submitted", name: "Mới", nameEn: "New", nationalStatus: 1),
            WorkflowState(code: "received", name: "Đã tiếp nhận", nameEn: "Received", nationalStatus: 2),
            WorkflowState(code: "processing", name: "Đang xử lý", nameEn: "Processing", nationalStatus: 4),
            WorkflowState(code: "refused", name: "Từ chối", nameEn: "Refused", nationalStatus: 3, outcome: .refused),
        ], transitions: [])

    static func progress(_ states: [String], due: LocalDate?) -> DossierProgress {
        let steps = states.enumerated().map { i, s in
            DossierProgress.Step(
                action: "a\(i)", toState: s, occurredAt: Date(timeIntervalSince1970: Double(i) * 86_400), agencyId: "X",
                stepDeadline: nil, stepTimeliness: nil)
        }
        return DossierProgress(
            code: "C", procedureCode: "P", workflowCode: "W", state: states.last ?? "submitted", receivedAt: nil, dueDate: due,
            finishedAt: nil, outcome: nil, steps: steps)
    }

    @Test func inProgressAtTheCounter() {
        let due = LocalDate(year: 2026, month: 3, day: 5)
        let m = DossierMilestones.of(Self.progress(["received", "processing"], due: due), workflow: Self.workflow)
        #expect(m.map(\.kind) == [.submitted, .received, .processing, .result])
        #expect(m.map(\.progress) == [.done, .done, .current, .upcoming])
        #expect(m[0].at == m[1].at)  // received at the counter: submitted at the same time
        #expect(m[3].expected == due)
    }

    @Test func refusedAtReception() {
        let m = DossierMilestones.of(Self.progress(["submitted", "refused"], due: nil), workflow: Self.workflow)
        #expect(m.map(\.kind) == [.submitted, .ended])
        #expect(m.last?.state == "refused" && m.last?.progress == .done)
    }
}
