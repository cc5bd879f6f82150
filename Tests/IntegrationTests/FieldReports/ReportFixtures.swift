import Foundation
import TestSupport

/// Helpers of the field-report suites.
enum Reports {
    /// A JPEG whose Exif segment carries a GPS tag (which publishing must remove).
    static let jpegWithGPS = CraftedPhotos.jpeg(CraftedPhotos.exifGPS)
    /// A JPEG with no metadata, published as sent.
    static let jpeg = CraftedPhotos.jpeg()

    /// Sends a report through the public form; returns its id and the answer.
    static func report(_ browser: BrowserSession, _ fields: [String: String], photos: [BrowserSession.File] = []) async throws -> (
        id: Int64?, response: APIResponse
    ) {
        let form = try await browser.get("/phan-anh/gui")
        var all = [
            "submissionKey": Portal.hidden("submissionKey", in: form.text) ?? "",
            "description": "Đường Lê Lợi trước chợ có ổ gà rất to, xe máy đi qua dễ ngã", "unitCode": "14797",
            "latitude": "19.806600", "longitude": "105.785200", "phone": "0912777888",
        ]
        all.merge(fields) { _, new in new }
        let response = try await browser.postMultipart("/phan-anh/gui", all, files: photos)
        let location = response.headers[.location] ?? ""
        let id = location.split(separator: "/").last.flatMap { Int64($0.split(separator: "?")[0]) }
        return (response.status == .seeOther ? id : nil, response)
    }

    /// From Monday 23 November 2026 09:00: a road report answered on time, a waste report left open;
    /// then the clock is set past the waste report's 5 working days. Returns the leader's token.
    static func oneAnsweredOneOverdue(_ api: APIClient, clock: TestClock) async throws -> String {
        let browser = BrowserSession(api)
        guard let answered = try await report(browser, ["categoryCode": "ROADS"]).id else { throw TestSetupError("road report") }
        let waste = ["categoryCode": "WASTE", "description": "Rác đổ trộm ven đường đã ba ngày", "latitude": "19.809000"]
        guard try await report(browser, waste).id != nil else { throw TestSetupError("waste report") }
        let leader = try await api.login("lanhdao.hacthanh")
        guard try await act(api, leader, answered, "accept").status == .ok,
            try await act(api, leader, answered, "answer", ["note": "Đã vá ổ gà."]).status == .ok
        else { throw TestSetupError("answering the road report") }
        clock.set("2026-12-07T09:00:00+07:00")
        return leader
    }

    /// Performs an officer's action through the API on the report's current version; returns the answer.
    static func act(_ api: APIClient, _ token: String, _ id: Int64, _ action: String, _ extra: [String: Any] = [:]) async throws
        -> APIResponse
    {
        var body: [String: Any] = ["action": action, "expectedVersion": try await report(api, token, id)["version"] as? Int ?? 0]
        body.merge(extra) { _, new in new }
        return try await api.request(.post, "/api/v1/field-reports/\(id)/actions", token: token, json: body)
    }

    /// The report as its agency's officers see it.
    static func report(_ api: APIClient, _ token: String, _ id: Int64) async throws -> [String: Any] {
        let response = try await api.request(.get, "/api/v1/field-reports/\(id)", token: token)
        guard let report = response.json["report"] as? [String: Any] else {
            throw TestSetupError("report \(id): \(response.status) \(response.text)")
        }
        return report
    }
}
