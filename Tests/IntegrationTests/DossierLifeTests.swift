import Foundation
import TestSupport
import Testing

/// A dossier's whole life and its side paths, through HTTP, on each database.
@Suite("Dossier life")
struct DossierLifeTests {
    @Test("receipt to return: every step recorded, slips printable, tracking without personal data", arguments: Backend.available)
    func wholeLife(_ backend: Backend) async throws {
        // Thursday 12 Feb 2026, 10:00 in Thanh Hóa: a 5-working-day procedure runs across Tết.
        let clock = TestClock("2026-02-12T10:00:00+07:00")
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            let specialistId = try await api.officerId("chuyenvien.hacthanh")
            // 1.000689 is a commune-level procedure of 3 working days.
            let (code, v1) = try await api.receive(desk, Fixtures.receipt("1.000689"))
            #expect(code.hasPrefix("MC14797.H56-260212-"))
            let received = try await api.dossier(desk, code)
            // Fri 13 Feb, then Tết 16-20 Feb, then weekend: 3rd working day after Thu 12 Feb is Tue 24 Feb.
            #expect(received[path: "dossier.dueDate"] as? String == "2026-02-24")
            #expect(received[path: "status.nationalStatus"] as? Int == 2)
            #expect(received[path: "dossier.submittedAt"] as? String == "2026-02-12T03:00:00Z")

            let v2 = try await api.must(desk, code, "forward", version: v1)
            clock.set("2026-02-13T09:00:00+07:00")
            let v3 = try await api.must(leader, code, "assign", version: v2, extra: ["assigneeId": specialistId])
            let v4 = try await api.must(specialist, code, "submitForApproval", version: v3)
            let v5 = try await api.must(leader, code, "approve", version: v4)
            let v6 = try await api.must(desk, code, "returnResult", version: v5)
            #expect(v6 == v1 + 5)

            let done = try await api.dossier(desk, code)
            #expect(done[path: "dossier.state"] as? String == "returned")
            #expect(done[path: "dossier.outcome"] as? String == "returned")
            #expect(done[path: "dossier.timeliness"] as? String == "early")
            #expect(done[path: "status.nationalStatus"] as? Int == 10)
            let events = done["events"] as? [[String: Any]] ?? []
            #expect(
                events.map { $0["action"] as? String } == ["receive", "forward", "assign", "submitForApproval", "approve", "returnResult"])
            #expect(events.map { $0["sequence"] as? Int } == [1, 2, 3, 4, 5, 6])
            #expect(events[2]["actorRole"] as? String == "leader")
            #expect(events[2]["agencyId"] as? String == "UB14797.H56")
            #expect(events.dropFirst().allSatisfy { $0["stepTimeliness"] != nil })

            // Public tracking: progress, no personal data.
            let tracking = try await api.request(.get, "/api/v1/tracking/\(code)")
            #expect(tracking.status == .ok)
            #expect(tracking.json[path: "status.code"] as? String == "returned")
            #expect((tracking.json["steps"] as? [Any])?.count == 6)
            #expect(
                !tracking.text.contains("Nguyễn Văn An") && !tracking.text.contains("038090001234") && !tracking.text.contains("0912345678")
            )
            // A code typed in lower case, or with spaces around it, finds the same dossier (page and API).
            let typed = try await api.request(.get, "/api/v1/tracking/\(code.lowercased())")
            #expect(typed.status == .ok && typed.json["code"] as? String == code, "\(typed.text)")
            let page = try await api.request(.get, "/tra-cuu?code=+\(code.lowercased())+")
            #expect(page.status == .ok && page.text.contains(code), "\(page.status)")
            // In English the procedure is named in English (JSON and page).
            #expect(tracking.json["procedureNameEn"] as? String == "Birth registration combined with parent-child recognition")
            let english = try await api.request(.get, "/tra-cuu?code=\(code)&lang=en")
            #expect(english.text.contains("Birth registration combined with parent-child recognition"))
            #expect(!english.text.contains("Thủ tục đăng ký khai sinh"))
        }
    }

    @Test("supplement stops the clock and restarts it; a second request counts as late", arguments: Backend.available)
    func supplement(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")  // Monday
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            let specialistId = try await api.officerId("chuyenvien.hacthanh")
            var (code, v) = try await api.receive(desk, Fixtures.receipt("1.000689"))  // 3 working days → Thu 5 Mar
            #expect(try await api.dossier(desk, code)[path: "dossier.dueDate"] as? String == "2026-03-05")
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(leader, code, "assign", version: v, extra: ["assigneeId": specialistId])
            // Tuesday: supplement requested with 2 working days left (Wed, Thu).
            clock.set("2026-03-03T10:00:00+07:00")
            let missingNote = try await api.act(specialist, code, "requestSupplement", version: v)
            #expect(missingNote.status == .badRequest)
            #expect(missingNote.errorCode == "required")
            v = try await api.must(specialist, code, "requestSupplement", version: v, extra: ["note": "Thiếu bản sao giấy chứng sinh"])
            let paused = try await api.dossier(desk, code)
            #expect(paused[path: "dossier.state"] as? String == "supplementRequested")
            #expect(paused[path: "status.nationalStatus"] as? Int == 5)
            // The citizen comes back the next Monday: 2 days left → due Wed 11 Mar.
            clock.set("2026-03-09T08:30:00+07:00")
            v = try await api.must(desk, code, "supplement", version: v)
            let resumed = try await api.dossier(desk, code)
            #expect(resumed[path: "dossier.state"] as? String == "processing")
            #expect(resumed[path: "dossier.dueDate"] as? String == "2026-03-11")
            #expect(resumed[path: "dossier.legalDueDate"] as? String == "2026-03-11")
            // A second request, supplemented at once: still finished before the due date, but late.
            v = try await api.must(specialist, code, "requestSupplement", version: v, extra: ["note": "Thiếu chữ ký"])
            v = try await api.must(desk, code, "supplement", version: v)
            v = try await api.must(specialist, code, "submitForApproval", version: v)
            v = try await api.must(leader, code, "approve", version: v)
            let approved = try await api.dossier(desk, code)
            #expect(approved[path: "dossier.supplementCount"] as? Int == 2)
            #expect(approved[path: "dossier.timeliness"] as? String == "late")
        }
    }

    @Test("refusal needs a reason and ends the dossier", arguments: Backend.available)
    func refusal(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, v) = try await api.receive(desk)
            let noReason = try await api.act(desk, code, "refuseReception", version: v, extra: ["note": "   "])
            #expect(noReason.status == .badRequest)
            _ = try await api.must(desk, code, "refuseReception", version: v, extra: ["note": "Hồ sơ không thuộc thẩm quyền"])
            let refused = try await api.dossier(desk, code)
            #expect(refused[path: "dossier.state"] as? String == "refused")
            #expect(refused[path: "dossier.outcome"] as? String == "refused")
            #expect((refused["actions"] as? [Any])?.isEmpty == true)
            #expect((refused["events"] as? [[String: Any]])?.last?["note"] as? String == "Hồ sơ không thuộc thẩm quyền")
        }
    }

    @Test("transfer moves the dossier to another agency, which alone may act on it", arguments: Backend.available)
    func transfer(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let police = try await api.login("congan.hacthanh")
            var (code, v) = try await api.receive(desk)
            v = try await api.must(desk, code, "forward", version: v)
            let toDesk = try await api.act(
                leader, code, "transfer", version: v, extra: ["targetAgencyId": "MC16522.H56", "note": "Sai nơi"])
            #expect(toDesk.status == .badRequest)
            v = try await api.must(
                leader, code, "transfer", version: v,
                extra: ["targetAgencyId": "CA14797.H56", "note": "Thuộc thẩm quyền công an xã"])
            let moved = try await api.dossier(police, code)
            #expect(moved[path: "dossier.handlingAgencyId"] as? String == "CA14797.H56")
            #expect(moved[path: "dossier.state"] as? String == "awaitingAssignment")
            // The first agency no longer sees it; the new one acts.
            #expect(try await api.request(.get, "/api/v1/dossiers/\(code)", token: leader).status == .notFound)
            let policeId = try await api.officerId("congan.hacthanh")
            _ = try await api.must(police, code, "assign", version: v, extra: ["assigneeId": policeId])
        }
    }

    @Test("a late dossier gets one apology with a new date, and stays late", arguments: Backend.available)
    func lateWithApology(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            let specialistId = try await api.officerId("chuyenvien.hacthanh")
            var (code, v) = try await api.receive(desk, Fixtures.receipt("1.000689"))  // due Thu 5 Mar
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(leader, code, "assign", version: v, extra: ["assigneeId": specialistId])
            clock.set("2026-03-04T16:00:00+07:00")  // Wednesday, the day before the due date
            let weekend = try await api.act(
                leader, code, "apologize", version: v, extra: ["newDueDate": "2026-03-07", "note": "Chờ xác minh"])
            #expect(weekend.status == .badRequest)  // a Saturday is no return date
            v = try await api.must(
                leader, code, "apologize", version: v, extra: ["newDueDate": "2026-03-10", "note": "Chờ xác minh thông tin"])
            let apologised = try await api.dossier(desk, code)
            #expect(apologised[path: "dossier.dueDate"] as? String == "2026-03-10")
            #expect(apologised[path: "dossier.legalDueDate"] as? String == "2026-03-05")
            let again = try await api.act(leader, code, "apologize", version: v, extra: ["newDueDate": "2026-03-12", "note": "Lần hai"])
            #expect(again.status == .conflict)
            #expect(again.errorCode == "dossier.alreadyApologized")
            clock.set("2026-03-09T10:00:00+07:00")
            v = try await api.must(specialist, code, "submitForApproval", version: v)
            v = try await api.must(leader, code, "approve", version: v)
            let done = try await api.dossier(desk, code)
            #expect(done[path: "dossier.timeliness"] as? String == "late")
        }
    }

    @Test("the receipt and the control slip print the dossier", arguments: Backend.available)
    func slips(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, _) = try await api.receive(desk)
            let receipt = try await api.request(.get, "/officer/dossiers/\(code)/receipt", token: desk)
            #expect(receipt.status == .ok)
            #expect(receipt.text.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"))
            #expect(receipt.text.contains(code))
            // A QR code of the public tracking address (decoded by zbar in scripts/browser/journey.py).
            let address = PageReading.text(id: "tracking-address", in: receipt.text)
            #expect(address?.hasSuffix("/tra-cuu?code=\(code)") == true, "\(address ?? "no #tracking-address")")
            #expect(receipt.text.contains("class=\"qr\" role=\"img\""))
            let slip = try await api.request(.get, "/officer/dossiers/\(code)/control-slip?lang=en", token: desk)
            #expect(slip.status == .ok)
            #expect(slip.text.contains("CONTROL SLIP"))
            #expect(slip.text.contains("Đỗ Thị Hạc"))  // the receiving officer, in the history
        }
    }
}

/// Dossiers that arrive online wait for the desk, and the clock starts when it accepts them.
@Suite("Online submissions")
struct OnlineSubmissionTests {
    @Test("an online dossier starts without a clock; acceptance starts it", arguments: Backend.available)
    func onlineAccept(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-07T20:00:00+07:00")  // Saturday evening
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            var body = Fixtures.receipt("1.000689")
            body["channel"] = "online"
            let (code, v) = try await api.receive(desk, body)
            let submitted = try await api.dossier(desk, code)
            #expect(submitted[path: "dossier.state"] as? String == "submitted")
            #expect(submitted[path: "status.nationalStatus"] as? Int == 1)
            #expect(submitted[path: "dossier.dueDate"] == nil)
            // Monday 16:30: this procedure's law sets no cut-off hour, so the count starts on Monday (issue 18 item 4).
            clock.set("2026-03-09T16:30:00+07:00")
            _ = try await api.must(desk, code, "accept", version: v)
            let accepted = try await api.dossier(desk, code)
            #expect(accepted[path: "dossier.state"] as? String == "received")
            #expect(accepted[path: "dossier.dueDate"] as? String == "2026-03-12")  // Mon 9 + 3 working days
        }
    }
}
