import Foundation
import TestSupport
import Testing

/// Issue 18 items 4 and 5 seen from outside: time limits counted in their unit with the cut-off only where
/// the procedure's law sets one, same-day procedures shown as such, and fees computed from the answers.
@Suite("Time limits and fees over HTTP")
struct TimeLimitAndFeeHTTPTests {
    @Test(
        "16:00 Monday: the 15:00 cut-off (Decree 23/2015 art. 7) moves a certification to Tuesday; 1 working day, no cut-off: Tuesday",
        arguments: Backend.available)
    func cutoffOnlyWhereTheLawSaysSo(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-23T16:00:00+07:00")  // Monday
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (signature, _) = try await api.receive(desk, Fixtures.receipt("2.000884"))
            #expect(try await api.dossier(desk, signature)[path: "dossier.dueDate"] as? String == "2026-11-24")
            // A business household's certificate reissued: 1 working day, no cut-off (temporary absence, the
            // first example, is online-only since Directive 24/CT-TTg and no longer received on paper).
            let (absence, _) = try await api.receive(desk, Fixtures.receipt("2.000575"))
            #expect(try await api.dossier(desk, absence)[path: "dossier.dueDate"] as? String == "2026-11-24")
            clock.set("2026-11-23T14:59:00+07:00")
            let (early, _) = try await api.receive(desk, Fixtures.receipt("2.000884"))
            #expect(try await api.dossier(desk, early)[path: "dossier.dueDate"] as? String == "2026-11-23")
        }
    }

    @Test("a same-day procedure shows \"Trong ngày\" / \"Same day\", never \"0 ngày làm việc\"", arguments: Backend.available)
    func sameDayLabel(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let vi = try await api.request(.get, "/thu-tuc/\(Fixtures.birth)")
            #expect(vi.text.contains("Trong ngày") && !vi.text.contains("0 ngày làm việc"))
            let en = try await api.request(.get, "/thu-tuc/\(Fixtures.birth)?lang=en")
            #expect(en.text.contains("Same day") && !en.text.contains("0 working days"))
            let json = try await api.request(.get, "/api/v1/procedures/\(Fixtures.birth)").json
            #expect(json[path: "timeLimit.unit"] as? String == "sameDay")
        }
    }

    @Test(
        "birth registration on time is free (Civil Status Law art. 11) on page, form, dossier, receipt; 2 copies cost 16.000 đ",
        arguments: Backend.available)
    func freeBirthRegistration(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let page = try await api.request(.get, "/thu-tuc/\(Fixtures.birth)")
            #expect(page.text.contains("Miễn phí"))
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let form = try await browser.get("/thu-tuc/\(Fixtures.birth)/nop-truc-tuyen")
            #expect(form.text.contains("Miễn phí") && !form.text.contains("8.000 đ</strong>"))
            let code = try #require(try await Portal.submitBirth(browser).code)
            let desk = try await api.login("tiepnhan.hacthanh")
            #expect(try await api.dossier(desk, code)[path: "dossier.feeAmount"] as? Int == 0)
            let mine = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(!mine.text.contains("thanh-toan"))
            _ = try await api.must(desk, code, "accept", version: 1)
            let slip = try await api.request(.get, "/officer/dossiers/\(code)/receipt", token: desk)
            #expect(slip.text.contains("Miễn phí") && !slip.text.contains("8.000 đ"))
            let officerPage = try await api.request(.get, "/officer/dossiers/\(code)", token: desk)
            #expect(officerPage.text.contains("Miễn phí"))
            // Nothing to pay: payment cannot be requested for the free dossier.
            let leader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            var v = try await api.must(desk, code, "forward", version: 2)
            v = try await api.must(
                leader, code, "assign", version: v, extra: ["assigneeId": try await api.officerId("chuyenvien.hacthanh")])
            let ask = try await api.act(specialist, code, "requestPayment", version: v, extra: ["note": "Lệ phí"])
            #expect(ask.status == .conflict && ask.errorCode == "dossier.nothingToPay")

            let (copies, _) = try await api.receive(desk, Fixtures.receipt().merging(["feeAnswers": ["copies": 2]]) { _, new in new })
            #expect(try await api.dossier(desk, copies)[path: "dossier.feeAmount"] as? Int == 16000)
            let tooMany = try await api.request(
                .post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt().merging(["feeAnswers": ["copies": 101]]) { _, new in new })
            #expect(tooMany.status == .badRequest && tooMany.errorCode == "fee.badCopies" && tooMany.errorMessages.en != nil)

            // Online, two copies asked on the form: 16.000 đ; a bad count is refused on the form, in Vietnamese.
            let bad = try await Portal.submitBirth(browser, picks: ["copies": "500"])
            #expect(bad.code == nil && bad.response.status == .badRequest)
            #expect(bad.response.text.contains("Số bản sao yêu cầu phải là số nguyên từ 0 đến 100."))
            let online = try #require(try await Portal.submitBirth(browser, picks: ["copies": "2"]).code)
            #expect(try await api.dossier(desk, online)[path: "dossier.feeAmount"] as? Int == 16000)
        }
    }

    @Test(
        "the counter form asks the fee's answers: two copies print 16.000 đ on the receipt; bad answers get a 400",
        arguments: Backend.available)
    func counterFormFeeAnswers(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            _ = try await browser.get("/officer/login")
            let login = try await browser.post("/officer/login", ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword])
            #expect(login.status == .seeOther || login.status == .found)
            func send(_ fee: [String: String]) async throws -> APIResponse {
                let form = try await browser.get("/officer/receive")
                #expect(form.text.contains("id=\"fee-answers\""))
                var fields = [
                    "formKey": Portal.hidden("formKey", in: form.text) ?? "", "procedureCode": Fixtures.paper, "communeCode": "14797",
                    "channel": "counter", "fullName": "Lê Văn Bình", "idNumber": "038090001234", "phone": "0912345678",
                    "address": "Số 5 Lê Lợi",
                ]
                // The checklist as the form sends it by default: the one required component (the request form).
                fields["c.\(Fixtures.paper).0.received"] = "yes"
                fields["c.\(Fixtures.paper).0.originals"] = "1"
                fields.merge(fee) { _, new in new }
                return try await browser.post("/officer/receive", fields)
            }
            let bad = try await send(["copies": "hai"])
            #expect(bad.status == .badRequest && bad.text.contains("Số bản sao yêu cầu phải là số nguyên từ 0 đến 100."))
            let future = try await send(["eventDate": "2999-01-01"])
            #expect(future.status == .badRequest && future.text.contains("sau hôm nay"))
            #expect(try await db.count("dossiers") == 0)
            let sent = try await send(["copies": "2", "eventDate": "2026-01-02"])
            let slip = try await browser.get(try #require(sent.headers[.location]))
            #expect(slip.text.contains("16.000 đ"), "\(slip.text.prefix(200))")
            let free = try await send([:])
            #expect(try await browser.get(try #require(free.headers[.location])).text.contains("Miễn phí"))
        }
    }
}
