import Foundation
import TestSupport
import Testing

/// Every workflow state maps to a dossier status code of the national public-service portal (issue 18, item 9), so that a
/// connector can synchronise: the code is in the dossier and the workflow JSON, and a workflow that leaves a state unmapped
/// or maps it to a code outside the portal's list is refused.
@Suite("National portal statuses")
struct NationalStatusTests {
    @Test("the dossier and workflow JSON carry the portal's status; every state must be mapped", arguments: Backend.available)
    func mapping(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let admin = try await api.login("quantri")
            let (code, _) = try await api.receive(desk)
            let dossier = try await api.dossier(desk, code)
            #expect(dossier[path: "status.nationalStatus"] as? Int == 2)
            #expect(dossier[path: "status.nationalStatusName"] as? String == "Được tiếp nhận")
            #expect(dossier[path: "status.nationalStatusNameEn"] as? String == "Received")

            let workflow = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: desk).json
            let states = workflow["states"] as? [[String: Any]] ?? []
            #expect(states.count == 12)
            #expect(states.allSatisfy { (1...10).contains($0["nationalStatus"] as? Int ?? 0) })
            #expect((workflow["nationalStatusSource"] as? String)?.contains("Cổng Dịch vụ công quốc gia") == true)

            func refused(_ change: (inout [String: Any]) -> Void) async throws {
                var body = workflow
                var changed = states
                change(&changed[0])
                body["states"] = changed
                let answer = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: body)
                #expect(answer.status == .badRequest, "\(answer.text)")
                let (vi, en) = answer.errorMessages
                #expect(vi?.isEmpty == false && en?.isEmpty == false && vi != en, "\(answer.text)")
            }
            try await refused { $0.removeValue(forKey: "nationalStatus") }
            try await refused { $0["nationalStatus"] = 42 }
            try await refused { $0["nationalStatus"] = 0 }
            var unsourced = workflow
            unsourced["nationalStatusSource"] = " "
            let noSource = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: unsourced)
            #expect(noSource.status == .badRequest, "\(noSource.text)")
            #expect(try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: workflow).status == .ok)
        }
    }
}
