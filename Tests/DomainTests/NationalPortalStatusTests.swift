import Foundation
import Testing

@testable import Domain

/// The default workflow maps every state to the national portal's dossier status list, citing where it comes from, and a
/// workflow that does not is refused (issue 18, item 9).
@Suite struct NationalPortalStatusTests {
    private func seedWorkflow() throws -> Workflow {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Sources/Persistence/Seed/workflow-default.json")
        return try JSONDecoder().decode(Workflow.self, from: Data(contentsOf: url))
    }

    @Test func theListHasTenCodesInOrder() {
        #expect(NationalPortalStatus.all.map(\.code) == Array(1...10))
        #expect(NationalPortalStatus.named(5)?.name == "Yêu cầu bổ sung giấy tờ")
        #expect(NationalPortalStatus.named(0) == nil && NationalPortalStatus.named(11) == nil)
    }

    /// Worked example: each state of the default workflow and the code a connector sends for it.
    @Test func defaultWorkflowMapsEveryState() throws {
        let workflow = try seedWorkflow()
        try workflow.validate()
        let mapping = Dictionary(uniqueKeysWithValues: workflow.states.map { ($0.code, $0.nationalStatus) })
        #expect(
            mapping == [
                "submitted": 1, "received": 2, "refused": 3, "awaitingAssignment": 4, "processing": 4, "awaitingApproval": 4,
                "supplementRequested": 5, "awaitingPayment": 6, "withdrawn": 7, "stopped": 8, "readyToReturn": 9, "returned": 10,
            ])
        #expect(workflow.nationalStatusSource?.contains("Cổng Dịch vụ công quốc gia") == true)
    }

    @Test(arguments: [0, 11, 42, -1])
    func aStateOutsideTheListIsRefused(code: Int) throws {
        var workflow = try seedWorkflow()
        workflow.states[3].nationalStatus = code
        #expect(throws: DomainError.self) { try workflow.validate() }
    }

    @Test func aWorkflowWithoutItsSourceIsRefused() throws {
        var workflow = try seedWorkflow()
        workflow.nationalStatusSource = nil
        #expect(throws: DomainError.self) { try workflow.validate() }
    }
}
