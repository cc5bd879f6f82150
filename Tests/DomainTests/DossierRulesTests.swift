import Foundation
import Testing

@testable import Domain

// Workflow rules driven by the real seed files: `workflow-default.json` and `calendar-vn.json`.
//
// Every date below was worked out by hand from the 2026 calendar:
//   February 2026: Sun 1, Mon 2, ... Thu 12, Fri 13, Sat 14, Sun 15,
//                  Mon 16 – Fri 20 Tết holidays, Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28.
//   March 2026:    Sun 1, Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10.
//   April 2026:    Sun 26 Hùng Kings, Mon 27 compensatory day, Thu 30 and Fri 1 May holidays.
// The receipt day is not counted; the due date is the N-th working day after it; after 15:00 the
// receipt counts from the next working day.

// MARK: - Fixtures

private let rulesPackageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func seedData(_ file: String) throws -> Data {
    try Data(contentsOf: rulesPackageRoot.appendingPathComponent("Sources/Persistence/Seed/\(file)"))
}

/// The shape of `calendar-vn.json`.
private struct RulesCalendarSeed: Decodable {
    let code: String
    let name: String
    let weekendDays: Set<Int>
    let utcOffsetMinutes: Int
    let days: [CalendarDay]
}

private func loadDefaultWorkflow() throws -> Workflow {
    try JSONDecoder().decode(Workflow.self, from: seedData("workflow-default.json"))
}

private func loadSeedCalendar() throws -> WorkingCalendar {
    let seed = try JSONDecoder().decode(RulesCalendarSeed.self, from: seedData("calendar-vn.json"))
    return WorkingCalendar(
        code: seed.code, name: seed.name, weekendDays: seed.weekendDays,
        utcOffsetSeconds: seed.utcOffsetMinutes * 60, days: seed.days)
}

private func d(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad date literal \(iso)") }
    return date
}

/// An instant given as Vietnamese local time, "YYYY-MM-DDTHH:MM".
private func vn(_ local: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: local + ":00+07:00") else { fatalError("bad instant \(local)") }
    return date
}

private enum AgencyIds {
    /// Provincial Public Administrative Service Centre: the one-stop desk.
    static let desk = "000.00.30.H56"
    /// A commune one-stop desk (illustrative identifier).
    static let communeDesk = "000.31.42.H56"
    /// Department of Justice: the handling agency.
    static let justice = "000.00.09.H56"
    /// Department of Construction: a transfer target.
    static let construction = "000.00.07.H56"
}

private let serviceCentre = Agency(
    id: AgencyIds.desk, shortCode: "TTPVHCC",
    name: "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
    nameEn: "Provincial Public Administrative Service Centre",
    kind: .serviceCentre, unitCode: nil, parentId: "000.00.00.H56")
private let communeOneStop = Agency(
    id: AgencyIds.communeDesk, shortCode: nil, name: "Bộ phận Một cửa xã Hoằng Hóa",
    nameEn: "Hoang Hoa commune one-stop desk", kind: .communeOneStop,
    unitCode: "16000", parentId: nil)
private let justiceDepartment = Agency(
    id: AgencyIds.justice, shortCode: "STP", name: "Sở Tư pháp tỉnh Thanh Hóa",
    nameEn: "Thanh Hoa Department of Justice", kind: .department,
    unitCode: nil, parentId: "000.00.00.H56")
private let constructionDepartment = Agency(
    id: AgencyIds.construction, shortCode: "SXD",
    name: "Sở Xây dựng tỉnh Thanh Hóa",
    nameEn: "Thanh Hoa Department of Construction", kind: .department,
    unitCode: nil, parentId: "000.00.00.H56")

private let receiver = Officer(id: 101, username: "tiepnhan", fullName: "Lê Thị Hoa", agencyId: AgencyIds.desk, roles: [.receiving])
private let returner = Officer(id: 102, username: "trakq", fullName: "Phạm Văn Bình", agencyId: AgencyIds.desk, roles: [.returning])
private let inactiveReceiver = Officer(
    id: 103, username: "nghiviec", fullName: "Đỗ Thị Lan", agencyId: AgencyIds.desk,
    roles: [.receiving], active: false)
private let otherDeskReceiver = Officer(
    id: 104, username: "motcuaxa", fullName: "Trịnh Văn Nam",
    agencyId: AgencyIds.communeDesk, roles: [.receiving])
private let leader = Officer(id: 201, username: "lanhdao", fullName: "Nguyễn Văn Hùng", agencyId: AgencyIds.justice, roles: [.leader])
private let specialist = Officer(
    id: 202, username: "chuyenvien", fullName: "Trần Thị Mai", agencyId: AgencyIds.justice, roles: [.specialist])
private let otherSpecialist = Officer(
    id: 203, username: "chuyenvien2", fullName: "Hoàng Văn Đức",
    agencyId: AgencyIds.justice, roles: [.specialist])
private let justiceReturner = Officer(
    id: 204, username: "stp.trakq", fullName: "Vũ Thị Thu", agencyId: AgencyIds.justice,
    roles: [.returning, .receiving])
private let constructionLeader = Officer(
    id: 301, username: "sxd.lanhdao", fullName: "Lê Văn Sơn",
    agencyId: AgencyIds.construction, roles: [.leader])
private let constructionSpecialist = Officer(
    id: 302, username: "sxd.cv", fullName: "Mai Thị Hạnh",
    agencyId: AgencyIds.construction, roles: [.specialist])

private let applicant = Applicant(
    fullName: "Nguyễn Thị Ánh", idNumber: "038195001234", phone: "0912345678",
    email: "anh.nguyen@example.vn", address: "12 Lê Lợi, phường Hạc Thành",
    unitCode: "14845")

/// The workflow and calendar from the seed files and a test procedure of `processingDays` working days.
private struct Rules {
    let workflow: Workflow
    let calendar: WorkingCalendar
    let procedure: Procedure

    init(processingDays: Int = 5) throws {
        workflow = try loadDefaultWorkflow()
        calendar = try loadSeedCalendar()
        procedure = Procedure(
            code: "2.000000.TEST", name: "Thủ tục thử nghiệm", nameEn: "Test procedure", field: "HO_TICH",
            level: .province, competentAgency: "STP", timeLimit: .workingDays(processingDays), cutoff: "15:00",
            fees: [
                Fee(name: "Lệ phí", nameEn: "Fee", amount: 150_000, note: nil),
                Fee(name: "Phí thẩm định", nameEn: "Appraisal charge", amount: 50_000, note: nil),
            ],
            documents: [], forms: [], result: "Giấy chứng nhận", resultEn: "Certificate", onlineLevel: .full,
            legalBasis: [], workflow: "ONE_STOP_DEFAULT")
    }

    func receive(
        at local: String, channel: Channel = .counter, by actor: Officer? = receiver,
        note: String? = nil
    ) -> (Dossier, DossierEvent) {
        DossierRules.receive(
            procedure: procedure, workflow: workflow, calendar: calendar, channel: channel,
            applicant: applicant, receivingAgencyId: AgencyIds.desk,
            handlingAgencyId: AgencyIds.justice, actor: actor, now: vn(local), note: note)
    }

    func act(
        _ dossier: Dossier, _ action: String, by actor: Officer, at local: String, note: String? = nil,
        assignee: Officer? = nil, target: Agency? = nil, newDueDate: LocalDate? = nil, amount: Int? = nil,
        expectedVersion: Int? = nil
    ) throws -> (Dossier, DossierEvent) {
        let request = TransitionRequest(
            action: action, expectedVersion: expectedVersion ?? dossier.version, note: note,
            assigneeId: assignee?.id, targetAgencyId: target?.id,
            newDueDate: newDueDate, amount: amount)
        let context = TransitionContext(
            workflow: workflow, procedure: procedure, calendar: calendar, actor: actor,
            now: vn(local), assignee: assignee, targetAgency: target)
        return try DossierRules.apply(request, to: dossier, context: context)
    }

    /// Like `act`, for steps whose event does not matter.
    func step(
        _ dossier: Dossier, _ action: String, by actor: Officer, at local: String, note: String? = nil,
        assignee: Officer? = nil, target: Agency? = nil, newDueDate: LocalDate? = nil,
        amount: Int? = nil
    ) throws -> Dossier {
        try act(
            dossier, action, by: actor, at: local, note: note, assignee: assignee, target: target,
            newDueDate: newDueDate, amount: amount
        ).0
    }

    func available(_ dossier: Dossier, to actor: Officer) -> Set<String> {
        Set(DossierRules.availableTransitions(for: dossier, workflow: workflow, actor: actor).map(\.action))
    }

    /// Received Thu 12 Feb 2026 10:00 (due Thu 26 Feb), forwarded at 11:00, assigned to `specialist`
    /// at 14:00: processing, step deadline Tue 24 Feb (3 working days after 12 Feb: 13, 23, 24).
    func processingDossier() throws -> Dossier {
        var dossier = receive(at: "2026-02-12T10:00").0
        dossier = try step(dossier, "forward", by: receiver, at: "2026-02-12T11:00")
        dossier = try step(dossier, "assign", by: leader, at: "2026-02-12T14:00", assignee: specialist)
        return dossier
    }

    /// `processingDossier` submitted for approval Fri 13 Feb 2026 10:00.
    func awaitingApprovalDossier() throws -> Dossier {
        try step(try processingDossier(), "submitForApproval", by: specialist, at: "2026-02-13T10:00")
    }
}

private func noteRequired() -> DomainError { DomainError(.invalid, "required", ["field": "note"]) }

// MARK: - Receipt

@Suite struct DossierReceiptTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func counterReceiptAcrossTet2026SetsTheAppointmentFromTheCalendar() {
        let (dossier, event) = rules.receive(at: "2026-02-12T10:00", note: "Nhận tại quầy số 3")
        // Thu 12 Feb is the receipt day; working days after it: Fri 13, (Tết 16–20 off), Mon 23, Tue 24,
        // Wed 25, Thu 26 → 5th working day is Thu 26 Feb.
        #expect(dossier.state == "received")
        #expect(dossier.channel == .counter)
        #expect(dossier.version == 1)
        #expect(dossier.receivedAt == vn("2026-02-12T10:00"))
        #expect(dossier.submittedAt == vn("2026-02-12T10:00"))
        #expect(dossier.dueDate == d("2026-02-26"))
        #expect(dossier.legalDueDate == d("2026-02-26"))
        #expect(dossier.receivingAgencyId == AgencyIds.desk)
        #expect(dossier.handlingAgencyId == AgencyIds.justice)
        #expect(dossier.assigneeId == nil)
        #expect(dossier.feeAmount == 200_000)
        #expect(dossier.outcome == nil && dossier.timeliness == nil && dossier.finishedAt == nil)
        // "received" has 10% of 5 days = half a day, rounded up to one working day: Fri 13 Feb.
        #expect(dossier.stepDeadline == d("2026-02-13"))

        #expect(event.sequence == 1)
        #expect(event.action == "receive")
        #expect(event.fromState == nil)
        #expect(event.toState == "received")
        #expect(event.actorId == receiver.id)
        #expect(event.actorName == receiver.fullName)
        #expect(event.actorRole == .receiving)
        #expect(event.agencyId == AgencyIds.desk)
        #expect(event.note == "Nhận tại quầy số 3")
        #expect(event.stepDeadline == nil && event.stepTimeliness == nil)
        #expect(event.nextDeadline == d("2026-02-13"))
        #expect(event.dueDate == d("2026-02-26"))
        #expect(event.handlingAgencyId == AgencyIds.justice)
    }

    @Test(arguments: [
        // 14:59 is before the cut-off: counts from Thu 12 → Fri 13, Mon 23, Tue 24, Wed 25, Thu 26.
        ("2026-02-12T14:59", "2026-02-26"),
        // 15:00 sharp is the cut-off: counts from Fri 13 → Mon 23, Tue 24, Wed 25, Thu 26, Fri 27.
        ("2026-02-12T15:00", "2026-02-27"),
        ("2026-02-12T16:30", "2026-02-27"),
        // Fri 13 after 15:00: counts from Mon 23 (after Tết) → Tue 24, Wed 25, Thu 26, Fri 27, Mon 2 Mar.
        ("2026-02-13T15:30", "2026-03-02"),
    ])
    func receiptAfterTheCutoffCountsFromTheNextWorkingDay(local: String, due: String) {
        let dossier = rules.receive(at: local).0
        #expect(dossier.dueDate == d(due))
        #expect(dossier.legalDueDate == d(due))
        #expect(dossier.receivedAt == vn(local))
    }

    @Test func cutoffUsesVietnameseLocalTimeNotUTC() throws {
        // 08:30 UTC is 15:30 in Vietnam: after the cut-off.
        let utc = try #require(ISO8601DateFormatter().date(from: "2026-02-12T08:30:00Z"))
        let dossier = DossierRules.receive(
            procedure: rules.procedure, workflow: rules.workflow, calendar: rules.calendar,
            channel: .counter, applicant: applicant, receivingAgencyId: AgencyIds.desk,
            handlingAgencyId: AgencyIds.justice, actor: receiver, now: utc, note: nil
        ).0
        #expect(dossier.dueDate == d("2026-02-27"))
    }

    @Test func postalReceiptByAnOfficerStartsTheClock() {
        let (dossier, event) = rules.receive(at: "2026-02-12T10:00", channel: .post)
        #expect(dossier.state == "received")
        #expect(dossier.channel == .post)
        #expect(dossier.dueDate == d("2026-02-26"))
        #expect(event.action == "receive")
    }

    @Test func onlineSubmissionWaitsWithoutAClock() {
        // Saturday evening during the Tết week-end.
        let (dossier, event) = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil)
        #expect(dossier.state == "submitted")
        #expect(dossier.channel == .online)
        #expect(dossier.receivedAt == nil)
        #expect(dossier.dueDate == nil)
        #expect(dossier.legalDueDate == nil)
        #expect(dossier.submittedAt == vn("2026-02-14T20:00"))
        // "submitted" has a budget of 1 working day, counted from the next working day (Mon 23 Feb): Tue 24.
        #expect(dossier.stepDeadline == d("2026-02-24"))

        #expect(event.action == "submit")
        #expect(event.fromState == nil)
        #expect(event.toState == "submitted")
        #expect(event.actorId == nil)
        #expect(event.actorRole == nil)
        #expect(event.agencyId == nil)
        #expect(event.actorName == applicant.fullName)
        #expect(event.dueDate == nil)
        #expect(event.nextDeadline == d("2026-02-24"))
    }

    @Test func acceptingAnOnlineSubmissionStartsTheClock() throws {
        let submitted = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil).0
        #expect(
            rules.available(submitted, to: receiver)
                == ["accept", "requestSupplementAtReception", "refuseReception", "withdraw"])

        let (accepted, event) = try rules.act(submitted, "accept", by: receiver, at: "2026-02-23T10:00")
        #expect(accepted.state == "received")
        #expect(accepted.version == 2)
        #expect(accepted.receivedAt == vn("2026-02-23T10:00"))
        #expect(accepted.submittedAt == vn("2026-02-14T20:00"))
        // Mon 23 Feb is the receipt day → Tue 24, Wed 25, Thu 26, Fri 27, Mon 2 Mar.
        #expect(accepted.dueDate == d("2026-03-02"))
        #expect(accepted.legalDueDate == d("2026-03-02"))
        // "received": one working day after Mon 23 → Tue 24.
        #expect(accepted.stepDeadline == d("2026-02-24"))

        #expect(event.action == "accept")
        #expect(event.fromState == "submitted")
        #expect(event.toState == "received")
        #expect(event.actorRole == .receiving)
        #expect(event.agencyId == AgencyIds.desk)
        #expect(event.stepDeadline == d("2026-02-24"))
        #expect(event.stepTimeliness == .early)
        #expect(event.nextDeadline == d("2026-02-24"))
        #expect(event.dueDate == d("2026-03-02"))
    }

    @Test func acceptanceAfterTheCutoffIsOnTimeForTheStepButCountsFromTheNextDay() throws {
        let submitted = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil).0
        let (accepted, event) = try rules.act(submitted, "accept", by: receiver, at: "2026-02-24T16:00")
        // The step deadline was Tue 24 Feb and it was kept that day.
        #expect(event.stepTimeliness == .onTime)
        // After 15:00 on Tue 24 the clock counts from Wed 25 → Thu 26, Fri 27, Mon 2, Tue 3, Wed 4 Mar.
        #expect(accepted.dueDate == d("2026-03-04"))
    }

    @Test func lateAcceptanceIsALateStep() throws {
        let submitted = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil).0
        let event = try rules.act(submitted, "accept", by: receiver, at: "2026-02-25T08:00").1
        #expect(event.stepDeadline == d("2026-02-24"))
        #expect(event.stepTimeliness == .late)
    }

    @Test func acceptIsOnlyForOnlineSubmissions() {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: DomainError(.conflict, "transition.notFromState", ["action": "accept", "state": "received"])) {
            try rules.act(received, "accept", by: receiver, at: "2026-02-12T11:00")
        }
    }
}

// MARK: - Happy path and timeliness

@Suite struct DossierHappyPathTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func receiveForwardAssignSubmitApproveReturn() throws {
        // 1. Received at the service centre Thu 12 Feb 10:00: due Thu 26 Feb, step deadline Fri 13.
        let (received, receiveEvent) = rules.receive(at: "2026-02-12T10:00")
        #expect(receiveEvent.actorRole == .receiving && receiveEvent.agencyId == AgencyIds.desk)

        // 2. The desk forwards it Fri 13 09:00, on the step's deadline day.
        let (forwarded, forwardEvent) = try rules.act(received, "forward", by: receiver, at: "2026-02-13T09:00")
        #expect(forwarded.state == "awaitingAssignment")
        #expect(forwarded.version == 2)
        #expect(forwarded.handlingAgencyId == AgencyIds.justice)
        #expect(forwardEvent.fromState == "received" && forwardEvent.toState == "awaitingAssignment")
        #expect(forwardEvent.actorId == receiver.id)
        #expect(forwardEvent.actorRole == .receiving)
        #expect(forwardEvent.agencyId == AgencyIds.desk)
        #expect(forwardEvent.stepDeadline == d("2026-02-13"))
        #expect(forwardEvent.stepTimeliness == .onTime)
        // "awaitingAssignment": 10% of 5 → 1 working day after Fri 13 → Mon 23 Feb.
        #expect(forwarded.stepDeadline == d("2026-02-23"))
        #expect(forwardEvent.nextDeadline == d("2026-02-23"))

        // 3. The department's leader assigns a specialist Fri 13 14:00, before the Mon 23 deadline.
        let (assigned, assignEvent) = try rules.act(
            forwarded, "assign", by: leader, at: "2026-02-13T14:00",
            assignee: specialist)
        #expect(assigned.state == "processing")
        #expect(assigned.assigneeId == specialist.id)
        #expect(assignEvent.actorId == leader.id)
        #expect(assignEvent.actorRole == .leader)
        #expect(assignEvent.agencyId == AgencyIds.justice)
        #expect(assignEvent.assigneeId == specialist.id)
        #expect(assignEvent.stepDeadline == d("2026-02-23"))
        #expect(assignEvent.stepTimeliness == .early)
        // "processing": 50% of 5 = 2.5 → 3 working days after Fri 13 → Mon 23, Tue 24, Wed 25.
        #expect(assigned.stepDeadline == d("2026-02-25"))
        #expect(assignEvent.nextDeadline == d("2026-02-25"))

        // 4. The specialist submits it Wed 25 16:00: the deadline day, so on time.
        let (submitted, submitEvent) = try rules.act(
            assigned, "submitForApproval", by: specialist,
            at: "2026-02-25T16:00")
        #expect(submitted.state == "awaitingApproval")
        #expect(submitEvent.actorRole == .specialist)
        #expect(submitEvent.agencyId == AgencyIds.justice)
        #expect(submitEvent.stepDeadline == d("2026-02-25"))
        #expect(submitEvent.stepTimeliness == .onTime)
        // "awaitingApproval": 20% of 5 = 1 working day, but never beyond the appointment (Thu 26).
        #expect(submitted.stepDeadline == d("2026-02-26"))

        // 5. The leader approves Thu 26 09:00: the appointment day, so the dossier is on time.
        let (approved, approveEvent) = try rules.act(submitted, "approve", by: leader, at: "2026-02-26T09:00")
        #expect(approved.state == "readyToReturn")
        #expect(approved.timeliness == .onTime)
        #expect(approved.resolvedAt == vn("2026-02-26T09:00"))
        #expect(approved.outcome == nil)
        #expect(approved.finishedAt == nil)
        #expect(approveEvent.actorRole == .leader)
        #expect(approveEvent.agencyId == AgencyIds.justice)
        #expect(approveEvent.stepDeadline == d("2026-02-26"))
        #expect(approveEvent.stepTimeliness == .onTime)
        // "readyToReturn": one working day after Thu 26 would be Fri 27, capped at the appointment.
        #expect(approved.stepDeadline == d("2026-02-26"))

        // 6. The desk returns the result Fri 27: the step is late, the dossier stays on time.
        let (returned, returnEvent) = try rules.act(approved, "returnResult", by: returner, at: "2026-02-27T10:00")
        #expect(returned.state == "returned")
        #expect(returned.outcome == .returned)
        #expect(returned.timeliness == .onTime)
        #expect(returned.finishedAt == vn("2026-02-27T10:00"))
        #expect(returned.resolvedAt == vn("2026-02-26T09:00"))
        #expect(returned.version == 6)
        #expect(returned.stepDeadline == nil)
        #expect(returned.assigneeId == specialist.id)
        #expect(returnEvent.actorId == returner.id)
        #expect(returnEvent.actorRole == .returning)
        #expect(returnEvent.agencyId == AgencyIds.desk)
        #expect(returnEvent.stepDeadline == d("2026-02-26"))
        #expect(returnEvent.stepTimeliness == .late)
        #expect(returnEvent.nextDeadline == nil)

        for event in [forwardEvent, assignEvent, submitEvent, approveEvent, returnEvent] {
            #expect(event.handlingAgencyId == AgencyIds.justice)
            #expect(event.dueDate == d("2026-02-26"))
            #expect(event.note == nil)
        }
        for dossier in [forwarded, assigned, submitted, approved, returned] {
            #expect(dossier.receivingAgencyId == AgencyIds.desk)
            #expect(dossier.dueDate == d("2026-02-26") && dossier.legalDueDate == d("2026-02-26"))
        }
        // Finished: nobody can do anything more.
        for officer in [receiver, returner, leader, specialist] {
            #expect(rules.available(returned, to: officer).isEmpty)
        }
    }

    @Test(arguments: [
        ("2026-02-25T10:00", Timeliness.early),
        ("2026-02-26T16:30", Timeliness.onTime),  // after the cut-off, but still the appointment day
        ("2026-02-27T08:00", Timeliness.late),
        ("2026-03-02T10:00", Timeliness.late),
    ])
    func approvalDateDecidesTimeliness(approvedAt: String, expected: Timeliness) throws {
        let waiting = try rules.awaitingApprovalDossier()
        #expect(waiting.timeliness == nil)
        let approved = try rules.step(waiting, "approve", by: leader, at: approvedAt)
        #expect(approved.timeliness == expected)
        #expect(approved.resolvedAt == vn(approvedAt))
        // Returning the result later does not change the judgement.
        let returned = try rules.step(approved, "returnResult", by: returner, at: "2026-03-10T10:00")
        #expect(returned.timeliness == expected)
        #expect(returned.outcome == .returned)
    }

    @Test func sendBackReturnsToTheSpecialist() throws {
        let waiting = try rules.awaitingApprovalDossier()
        #expect(throws: noteRequired()) {
            try rules.act(waiting, "sendBack", by: leader, at: "2026-02-13T11:00")
        }
        let (back, event) = try rules.act(
            waiting, "sendBack", by: leader, at: "2026-02-13T11:00",
            note: "Bổ sung căn cứ pháp lý")
        #expect(back.state == "processing")
        #expect(back.assigneeId == specialist.id)
        #expect(event.note == "Bổ sung căn cứ pháp lý")
        // "processing" again: 3 working days after Fri 13 → Mon 23, Tue 24, Wed 25; within Thu 26.
        #expect(back.stepDeadline == d("2026-02-25"))
    }

    @Test func reassignGivesTheDossierToAnotherSpecialist() throws {
        let processing = try rules.processingDossier()
        let (reassigned, event) = try rules.act(
            processing, "reassign", by: leader, at: "2026-02-13T09:00",
            assignee: otherSpecialist)
        #expect(reassigned.state == "processing")
        #expect(reassigned.assigneeId == otherSpecialist.id)
        #expect(event.assigneeId == otherSpecialist.id)
        // The new specialist's step restarts: 3 working days after Fri 13 → Wed 25.
        #expect(reassigned.stepDeadline == d("2026-02-25"))
        #expect(rules.available(reassigned, to: specialist).isEmpty)
        #expect(rules.available(reassigned, to: otherSpecialist) == ["requestSupplement", "requestPayment", "submitForApproval"])
    }

    @Test func assignChecksTheAssignee() throws {
        let waiting = try rules.step(rules.receive(at: "2026-02-12T10:00").0, "forward", by: receiver, at: "2026-02-12T11:00")
        #expect(throws: DomainError(.invalid, "required", ["field": "assigneeId"])) {
            try rules.act(waiting, "assign", by: leader, at: "2026-02-12T14:00")
        }
        // A specialist of another agency, or an officer who is not a specialist.
        for wrong in [constructionSpecialist, leader, receiver] {
            #expect(throws: DomainError(.invalid, "transition.badAssignee", ["field": "assigneeId"])) {
                try rules.act(waiting, "assign", by: leader, at: "2026-02-12T14:00", assignee: wrong)
            }
        }
    }
}

// MARK: - Clock stops: supplement and financial obligation

@Suite struct DossierClockStopTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func supplementStopsTheClockAndRestartsItWithTheDaysLeft() throws {
        let processing = try rules.processingDossier()
        #expect(processing.stepDeadline == d("2026-02-24"))
        #expect(throws: noteRequired()) {
            try rules.act(processing, "requestSupplement", by: specialist, at: "2026-02-24T10:00")
        }

        // Tue 24 Feb: Wed 25 and Thu 26 are still left on the clock.
        let (waiting, requestEvent) = try rules.act(
            processing, "requestSupplement", by: specialist,
            at: "2026-02-24T10:00", note: "Thiếu bản sao giấy chứng sinh")
        #expect(waiting.state == "supplementRequested")
        #expect(waiting.resumeState == "processing")
        #expect(waiting.supplementCount == 1)
        #expect(waiting.stepDeadline == nil)
        #expect(waiting.pausedLegalDays == 2)
        #expect(waiting.pausedAppointmentDays == 2)
        #expect(waiting.assigneeId == specialist.id)
        #expect(requestEvent.stepDeadline == d("2026-02-24"))
        #expect(requestEvent.stepTimeliness == .onTime)
        #expect(requestEvent.nextDeadline == nil)
        #expect(requestEvent.actorRole == .specialist)
        #expect(requestEvent.note == "Thiếu bản sao giấy chứng sinh")

        #expect(rules.available(waiting, to: receiver) == ["supplement", "withdraw"])
        #expect(rules.available(waiting, to: leader) == ["stop"])
        #expect(rules.available(waiting, to: specialist).isEmpty)

        // The applicant brings the documents Thu 5 Mar 10:00: two working days from then → Fri 6, Mon 9.
        let (resumed, supplementEvent) = try rules.act(waiting, "supplement", by: receiver, at: "2026-03-05T10:00")
        #expect(resumed.state == "processing")
        #expect(resumed.resumeState == nil)
        #expect(resumed.pausedLegalDays == nil && resumed.pausedAppointmentDays == nil)
        #expect(resumed.legalDueDate == d("2026-03-09"))
        #expect(resumed.dueDate == d("2026-03-09"))
        #expect(resumed.supplementCount == 1)
        #expect(resumed.assigneeId == specialist.id)
        // Processing restarts: 3 working days after Thu 5 is Tue 10, capped at the appointment Mon 9.
        #expect(resumed.stepDeadline == d("2026-03-09"))
        #expect(supplementEvent.fromState == "supplementRequested")
        #expect(supplementEvent.toState == "processing")
        #expect(supplementEvent.actorRole == .receiving)
        #expect(supplementEvent.agencyId == AgencyIds.desk)
        #expect(supplementEvent.stepDeadline == nil)
        #expect(supplementEvent.stepTimeliness == nil)
        #expect(supplementEvent.dueDate == d("2026-03-09"))

        // Finished on the new appointment day: on time, although 26 Feb is long gone.
        let submitted = try rules.step(resumed, "submitForApproval", by: specialist, at: "2026-03-06T10:00")
        let approved = try rules.step(submitted, "approve", by: leader, at: "2026-03-09T10:00")
        #expect(approved.timeliness == .onTime)
    }

    @Test func supplementAfterTheCutoffRestartsTheNextWorkingDay() throws {
        let waiting = try rules.step(
            try rules.processingDossier(), "requestSupplement", by: specialist,
            at: "2026-02-24T10:00", note: "Thiếu tờ khai")
        // Thu 5 Mar 15:10 counts from Fri 6 → Mon 9, Tue 10.
        let resumed = try rules.step(waiting, "supplement", by: receiver, at: "2026-03-05T15:10")
        #expect(resumed.dueDate == d("2026-03-10"))
        #expect(resumed.legalDueDate == d("2026-03-10"))
    }

    @Test func supplementAtReceptionReturnsToReceived() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        // Same day 11:00: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26 are left.
        let waiting = try rules.step(
            received, "requestSupplementAtReception", by: receiver, at: "2026-02-12T11:00",
            note: "Thiếu ảnh 4x6")
        #expect(waiting.state == "supplementRequested")
        #expect(waiting.resumeState == "received")
        #expect(waiting.pausedLegalDays == 5)
        // Supplemented Fri 13 09:00 → Mon 23, Tue 24, Wed 25, Thu 26, Fri 27.
        let resumed = try rules.step(waiting, "supplement", by: receiver, at: "2026-02-13T09:00")
        #expect(resumed.state == "received")
        #expect(resumed.dueDate == d("2026-02-27"))
        #expect(resumed.legalDueDate == d("2026-02-27"))
        #expect(resumed.receivedAt == vn("2026-02-12T10:00"))

        // One supplement request, finished before the appointment: early.
        var dossier = try rules.step(resumed, "forward", by: receiver, at: "2026-02-13T10:00")
        dossier = try rules.step(dossier, "assign", by: leader, at: "2026-02-13T11:00", assignee: specialist)
        dossier = try rules.step(dossier, "submitForApproval", by: specialist, at: "2026-02-24T09:00")
        dossier = try rules.step(dossier, "approve", by: leader, at: "2026-02-25T10:00")
        #expect(dossier.supplementCount == 1)
        #expect(dossier.timeliness == .early)
    }

    @Test func supplementOfAnOnlineSubmissionReturnsToSubmittedWithoutAClock() throws {
        let submitted = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil).0
        let waiting = try rules.step(
            submitted, "requestSupplementAtReception", by: receiver, at: "2026-02-23T09:00",
            note: "Ảnh chụp giấy tờ bị mờ")
        #expect(waiting.resumeState == "submitted")
        #expect(waiting.pausedLegalDays == nil)
        let resumed = try rules.step(waiting, "supplement", by: receiver, at: "2026-02-24T09:00")
        #expect(resumed.state == "submitted")
        #expect(resumed.dueDate == nil)
        #expect(resumed.receivedAt == nil)
        // Accepting starts the clock as usual: Wed 25 10:00 → Thu 26, Fri 27, Mon 2, Tue 3, Wed 4 Mar.
        let accepted = try rules.step(resumed, "accept", by: receiver, at: "2026-02-25T10:00")
        #expect(accepted.dueDate == d("2026-03-04"))
    }

    @Test func aSecondSupplementRequestMakesTheDossierLateEvenIfFinishedEarly() throws {
        var dossier = rules.receive(at: "2026-02-12T10:00").0
        // First request at reception, 5 working days left; supplemented Fri 13 → due Fri 27 Feb.
        dossier = try rules.step(
            dossier, "requestSupplementAtReception", by: receiver, at: "2026-02-12T11:00",
            note: "Thiếu ảnh")
        dossier = try rules.step(dossier, "supplement", by: receiver, at: "2026-02-13T09:00")
        #expect(dossier.legalDueDate == d("2026-02-27"))
        dossier = try rules.step(dossier, "forward", by: receiver, at: "2026-02-13T10:00")
        dossier = try rules.step(dossier, "assign", by: leader, at: "2026-02-13T11:00", assignee: specialist)
        // Second request Mon 23: Tue 24, Wed 25, Thu 26, Fri 27 left.
        dossier = try rules.step(
            dossier, "requestSupplement", by: specialist, at: "2026-02-23T10:00",
            note: "Thiếu xác nhận của UBND xã")
        #expect(dossier.supplementCount == 2)
        #expect(dossier.pausedLegalDays == 4)
        // Supplemented Tue 24 09:00 → Wed 25, Thu 26, Fri 27, Mon 2 Mar.
        dossier = try rules.step(dossier, "supplement", by: receiver, at: "2026-02-24T09:00")
        #expect(dossier.legalDueDate == d("2026-03-02"))
        dossier = try rules.step(dossier, "submitForApproval", by: specialist, at: "2026-02-24T10:00")
        dossier = try rules.step(dossier, "approve", by: leader, at: "2026-02-25T10:00")
        // Wed 25 Feb is well before Mon 2 Mar, yet two supplement requests count as late.
        #expect(dossier.timeliness == .late)
    }

    @Test func financialObligationStopsAndRestartsTheClock() throws {
        let processing = try rules.processingDossier()
        #expect(processing.feeAmount == 200_000)
        #expect(throws: noteRequired()) {
            try rules.act(processing, "requestPayment", by: specialist, at: "2026-02-25T10:00", amount: 500_000)
        }
        #expect(throws: DomainError(.invalid, "invalidField", ["field": "amount"])) {
            try rules.act(
                processing, "requestPayment", by: specialist, at: "2026-02-25T10:00",
                note: "Nộp lệ phí", amount: -1)
        }

        // Wed 25 Feb: only Thu 26 is left.
        let (waiting, requestEvent) = try rules.act(
            processing, "requestPayment", by: specialist, at: "2026-02-25T10:00",
            note: "Nộp lệ phí trước bạ", amount: 500_000)
        #expect(waiting.state == "awaitingPayment")
        #expect(waiting.resumeState == "processing")
        #expect(waiting.feeAmount == 500_000)
        #expect(waiting.supplementCount == 0)
        #expect(waiting.paidAt == nil)
        #expect(waiting.stepDeadline == nil)
        #expect(waiting.pausedLegalDays == 1)
        // The processing step was due Tue 24: asking for payment on Wed 25 closes it late.
        #expect(requestEvent.stepDeadline == d("2026-02-24"))
        #expect(requestEvent.stepTimeliness == .late)
        #expect(rules.available(waiting, to: receiver) == ["confirmPayment", "withdraw"])

        // Paid Mon 2 Mar 10:00: one working day from then → Tue 3 Mar.
        let (paid, confirmEvent) = try rules.act(waiting, "confirmPayment", by: receiver, at: "2026-03-02T10:00")
        #expect(paid.state == "processing")
        #expect(paid.paidAt == vn("2026-03-02T10:00"))
        #expect(paid.dueDate == d("2026-03-03"))
        #expect(paid.legalDueDate == d("2026-03-03"))
        #expect(paid.feeAmount == 500_000)
        #expect(paid.supplementCount == 0)
        #expect(paid.resumeState == nil)
        #expect(confirmEvent.actorRole == .receiving)
        #expect(confirmEvent.agencyId == AgencyIds.desk)
    }

    @Test func paymentRequestWithoutAnAmountKeepsTheProcedureFee() throws {
        let waiting = try rules.step(
            try rules.processingDossier(), "requestPayment", by: specialist,
            at: "2026-02-24T10:00", note: "Nộp phí")
        #expect(waiting.feeAmount == 200_000)
    }

    @Test func stoppingWhileTheClockIsStoppedIsNotLate() throws {
        // Supplement requested Tue 24 Feb with two working days left; the applicant never comes back and
        // the leader stops processing Tue 10 Mar. The waiting time does not count, so the dossier is not late.
        let waiting = try rules.step(
            try rules.processingDossier(), "requestSupplement", by: specialist,
            at: "2026-02-24T10:00", note: "Thiếu giấy tờ")
        let stopped = try rules.step(
            waiting, "stop", by: leader, at: "2026-03-10T10:00",
            note: "Công dân không bổ sung hồ sơ")
        #expect(stopped.outcome == .stopped)
        #expect(stopped.timeliness != .late)
    }

    @Test func aDossierAlreadyLateWhenTheClockStopsStaysLate() throws {
        // Due Thu 26 Feb; the supplement is requested Mon 2 Mar, two working days after the deadline.
        let waiting = try rules.step(
            try rules.processingDossier(), "requestSupplement", by: specialist,
            at: "2026-03-02T10:00", note: "Thiếu giấy tờ")
        var dossier = try rules.step(waiting, "supplement", by: receiver, at: "2026-03-05T10:00")
        dossier = try rules.step(dossier, "submitForApproval", by: specialist, at: "2026-03-05T11:00")
        dossier = try rules.step(dossier, "approve", by: leader, at: "2026-03-05T14:00")
        #expect(dossier.timeliness == .late)
    }
}

// MARK: - Endings: refusal, stop, withdrawal

@Suite struct DossierEndingTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func refusalNeedsANote() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: noteRequired()) {
            try rules.act(received, "refuseReception", by: receiver, at: "2026-02-12T10:30")
        }
        #expect(throws: noteRequired()) {
            try rules.act(received, "refuseReception", by: receiver, at: "2026-02-12T10:30", note: "  \n\t ")
        }
        let (refused, event) = try rules.act(
            received, "refuseReception", by: receiver, at: "2026-02-12T10:30",
            note: "  Không thuộc thẩm quyền giải quyết  ")
        #expect(refused.state == "refused")
        #expect(refused.outcome == .refused)
        #expect(refused.finishedAt == vn("2026-02-12T10:30"))
        #expect(refused.resolvedAt == vn("2026-02-12T10:30"))
        #expect(refused.timeliness == .early)
        #expect(refused.stepDeadline == nil)
        #expect(event.note == "Không thuộc thẩm quyền giải quyết")
        #expect(event.toState == "refused")
        #expect(event.stepDeadline == d("2026-02-13"))
        #expect(event.stepTimeliness == .early)
    }

    @Test func overlongNoteIsRejected() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        let long = String(repeating: "ư", count: DossierRules.maxNoteLength + 1)
        #expect(throws: DomainError(.invalid, "tooLong", ["field": "note"])) {
            try rules.act(received, "refuseReception", by: receiver, at: "2026-02-12T10:30", note: long)
        }
        let exact = String(repeating: "ư", count: DossierRules.maxNoteLength)
        #expect(try rules.step(received, "refuseReception", by: receiver, at: "2026-02-12T10:30", note: exact).state == "refused")
    }

    @Test func leaderRefusesDuringProcessing() throws {
        let processing = try rules.processingDossier()
        #expect(throws: noteRequired()) {
            try rules.act(processing, "refuse", by: leader, at: "2026-02-27T10:00")
        }
        let refused = try rules.step(
            processing, "refuse", by: leader, at: "2026-02-27T10:00",
            note: "Không đủ điều kiện cấp phép")
        #expect(refused.outcome == .refused)
        #expect(refused.timeliness == .late)  // Fri 27 is after the Thu 26 appointment
    }

    @Test func stopEndsTheDossier() throws {
        let processing = try rules.processingDossier()
        #expect(throws: noteRequired()) {
            try rules.act(processing, "stop", by: leader, at: "2026-02-25T10:00")
        }
        let (stopped, event) = try rules.act(
            processing, "stop", by: leader, at: "2026-02-25T10:00",
            note: "Theo đề nghị của cơ quan điều tra")
        #expect(stopped.state == "stopped")
        #expect(stopped.outcome == .stopped)
        #expect(stopped.timeliness == .early)
        #expect(stopped.finishedAt == vn("2026-02-25T10:00"))
        #expect(stopped.resolvedAt == vn("2026-02-25T10:00"))
        #expect(stopped.stepDeadline == nil)
        #expect(event.actorRole == .leader && event.agencyId == AgencyIds.justice)
        #expect(event.nextDeadline == nil)
    }

    @Test func withdrawalEndsTheDossierWithoutAJudgement() throws {
        let processing = try rules.processingDossier()
        #expect(throws: noteRequired()) {
            try rules.act(processing, "withdraw", by: receiver, at: "2026-03-02T10:00")
        }
        let (withdrawn, event) = try rules.act(
            processing, "withdraw", by: receiver, at: "2026-03-02T10:00",
            note: "Công dân có đơn xin rút hồ sơ")
        #expect(withdrawn.state == "withdrawn")
        #expect(withdrawn.outcome == .withdrawn)
        #expect(withdrawn.finishedAt == vn("2026-03-02T10:00"))
        #expect(withdrawn.resolvedAt == vn("2026-03-02T10:00"))
        // A withdrawal is the applicant's choice: it is neither on time nor late.
        #expect(withdrawn.timeliness == nil)
        #expect(event.actorRole == .receiving && event.agencyId == AgencyIds.desk)
    }

    @Test func anOnlineSubmissionCanBeWithdrawnBeforeAcceptance() throws {
        let submitted = rules.receive(at: "2026-02-14T20:00", channel: .online, by: nil).0
        let withdrawn = try rules.step(submitted, "withdraw", by: receiver, at: "2026-02-23T08:00", note: "Nộp nhầm thủ tục")
        #expect(withdrawn.outcome == .withdrawn)
        #expect(withdrawn.timeliness == nil)
        #expect(withdrawn.dueDate == nil)
    }

    @Test func nothingHappensAfterTheEnd() throws {
        let stopped = try rules.step(try rules.processingDossier(), "stop", by: leader, at: "2026-02-25T10:00", note: "Dừng")
        for officer in [receiver, returner, leader, specialist] {
            #expect(rules.available(stopped, to: officer).isEmpty)
        }
        #expect(throws: DomainError(.conflict, "transition.notFromState", ["action": "withdraw", "state": "stopped"])) {
            try rules.act(stopped, "withdraw", by: receiver, at: "2026-02-26T10:00", note: "Rút")
        }
    }
}

// MARK: - Transfer

@Suite struct DossierTransferTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func transferMovesTheDossierToAnotherAgencyAndClearsTheAssignee() throws {
        let processing = try rules.processingDossier()
        #expect(throws: noteRequired()) {
            try rules.act(processing, "transfer", by: leader, at: "2026-02-13T10:00", target: constructionDepartment)
        }
        let (moved, event) = try rules.act(
            processing, "transfer", by: leader, at: "2026-02-13T10:00",
            note: "Thuộc thẩm quyền Sở Xây dựng", target: constructionDepartment)
        #expect(moved.state == "awaitingAssignment")
        #expect(moved.handlingAgencyId == AgencyIds.construction)
        #expect(moved.receivingAgencyId == AgencyIds.desk)
        #expect(moved.assigneeId == nil)
        #expect(moved.dueDate == d("2026-02-26"))
        // Waiting for assignment at the new agency: one working day after Fri 13 → Mon 23.
        #expect(moved.stepDeadline == d("2026-02-23"))
        #expect(event.handlingAgencyId == AgencyIds.construction)
        #expect(event.assigneeId == nil)
        #expect(event.agencyId == AgencyIds.justice)
        #expect(event.actorRole == .leader)
        #expect(event.fromState == "processing" && event.toState == "awaitingAssignment")

        // The old agency has lost it; the new one takes it over.
        #expect(rules.available(moved, to: leader).isEmpty)
        #expect(rules.available(moved, to: specialist).isEmpty)
        #expect(rules.available(moved, to: constructionLeader) == ["assign", "transfer", "stop", "apologize"])
        #expect(throws: DomainError.forbidden("transition.wrongAgency")) {
            try rules.act(moved, "assign", by: leader, at: "2026-02-13T11:00", assignee: specialist)
        }
        let assigned = try rules.step(
            moved, "assign", by: constructionLeader, at: "2026-02-13T11:00",
            assignee: constructionSpecialist)
        #expect(assigned.assigneeId == constructionSpecialist.id)
        #expect(
            rules.available(assigned, to: constructionSpecialist)
                == ["requestSupplement", "requestPayment", "submitForApproval"])
        // The desk that received it still returns the result.
        #expect(assigned.isVisible(to: AgencyIds.desk) && !assigned.isVisible(to: AgencyIds.justice))
    }

    @Test func transferIsRefusedToAOneStopDesk() throws {
        let processing = try rules.processingDossier()
        for desk in [communeOneStop, serviceCentre] {
            #expect(throws: DomainError(.invalid, "transition.badTarget", ["field": "targetAgencyId"])) {
                try rules.act(processing, "transfer", by: leader, at: "2026-02-13T10:00", note: "Chuyển", target: desk)
            }
        }
        // Nor to the agency that already handles it.
        #expect(throws: DomainError(.invalid, "transition.badTarget", ["field": "targetAgencyId"])) {
            try rules.act(
                processing, "transfer", by: leader, at: "2026-02-13T10:00", note: "Chuyển",
                target: justiceDepartment)
        }
        #expect(throws: DomainError(.invalid, "required", ["field": "targetAgencyId"])) {
            try rules.act(processing, "transfer", by: leader, at: "2026-02-13T10:00", note: "Chuyển")
        }
    }
}

// MARK: - Apology

@Suite struct DossierApologyTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func apologyMovesTheAppointmentButNotTheLegalDueDate() throws {
        let processing = try rules.processingDossier()
        #expect(processing.dueDate == d("2026-02-26"))
        #expect(throws: noteRequired()) {
            try rules.act(processing, "apologize", by: leader, at: "2026-02-24T10:00", newDueDate: d("2026-03-05"))
        }
        #expect(throws: DomainError(.invalid, "required", ["field": "newDueDate"])) {
            try rules.act(processing, "apologize", by: leader, at: "2026-02-24T10:00", note: "Cần xác minh thêm")
        }
        let (apologized, event) = try rules.act(
            processing, "apologize", by: leader, at: "2026-02-24T10:00",
            note: "Cần xác minh thêm", newDueDate: d("2026-03-05"))
        #expect(apologized.dueDate == d("2026-03-05"))
        #expect(apologized.legalDueDate == d("2026-02-26"))
        #expect(apologized.apologized)
        #expect(apologized.state == "processing")
        #expect(apologized.version == processing.version + 1)
        #expect(apologized.assigneeId == specialist.id)
        #expect(event.action == "apologize")
        #expect(event.fromState == "processing" && event.toState == "processing")
        #expect(event.dueDate == d("2026-03-05"))
        #expect(event.actorRole == .leader && event.agencyId == AgencyIds.justice)

        // Only once.
        #expect(!rules.available(apologized, to: leader).contains("apologize"))
        #expect(throws: DomainError.conflict("dossier.alreadyApologized")) {
            try rules.act(
                apologized, "apologize", by: leader, at: "2026-02-25T10:00",
                note: "Xin lỗi lần hai", newDueDate: d("2026-03-10"))
        }

        // Finished by the new date but after the legal one: the apology does not make it on time.
        let submitted = try rules.step(apologized, "submitForApproval", by: specialist, at: "2026-03-02T10:00")
        let approved = try rules.step(submitted, "approve", by: leader, at: "2026-03-03T10:00")
        #expect(approved.timeliness == .late)
        #expect(approved.dueDate == d("2026-03-05"))
    }

    @Test func apologyAfterAnApologyIsOfferedToNobody() throws {
        let apologized = try rules.step(
            try rules.processingDossier(), "apologize", by: leader, at: "2026-02-24T10:00",
            note: "Cần xác minh", newDueDate: d("2026-03-05"))
        #expect(rules.available(apologized, to: leader) == ["reassign", "transfer", "refuse", "stop"])
    }

    @Test(arguments: ["2026-02-26T08:00", "2026-02-26T16:00", "2026-02-27T10:00"])
    func apologyOnOrAfterTheDueDateIsTooLate(local: String) throws {
        let processing = try rules.processingDossier()
        #expect(throws: DomainError.conflict("dossier.apologyTooLate")) {
            try rules.act(processing, "apologize", by: leader, at: local, note: "Xin lỗi", newDueDate: d("2026-03-05"))
        }
    }

    @Test func apologyTheDayBeforeTheDueDateIsAllowed() throws {
        let apologized = try rules.step(
            try rules.processingDossier(), "apologize", by: leader, at: "2026-02-25T16:30",
            note: "Xin lỗi", newDueDate: d("2026-03-02"))
        #expect(apologized.dueDate == d("2026-03-02"))
    }

    @Test(arguments: [
        "2026-02-26",  // the current appointment itself
        "2026-02-25",  // earlier
        "2026-02-28",  // Saturday
        "2026-03-01",  // Sunday
        "2026-04-27",  // compensatory day off for Hùng Kings' day
        "2026-04-30",  // Reunification Day
        "2026-05-01",  // Labour Day
    ])
    func newDateMustBeALaterWorkingDay(newDate: String) throws {
        let processing = try rules.processingDossier()
        #expect(throws: DomainError(.invalid, "dossier.badNewDueDate", ["field": "newDueDate"])) {
            try rules.act(
                processing, "apologize", by: leader, at: "2026-02-24T10:00", note: "Xin lỗi",
                newDueDate: d(newDate))
        }
        // Tue 28 Apr 2026, the first working day after the compensatory day, is accepted.
        #expect(
            try rules.step(
                processing, "apologize", by: leader, at: "2026-02-24T10:00", note: "Xin lỗi",
                newDueDate: d("2026-04-28")
            ).dueDate == d("2026-04-28"))
    }
}

// MARK: - Permissions and concurrency

@Suite struct DossierPermissionTests {
    fileprivate let rules: Rules
    init() throws { rules = try Rules() }

    @Test func wrongRoleIsForbidden() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: DomainError(.forbidden, "transition.wrongRole")) {
            try rules.act(received, "forward", by: leader, at: "2026-02-12T11:00")
        }
        #expect(throws: DomainError(.forbidden, "transition.wrongRole")) {
            try rules.act(received, "forward", by: returner, at: "2026-02-12T11:00")
        }
        let waiting = try rules.awaitingApprovalDossier()
        #expect(throws: DomainError(.forbidden, "transition.wrongRole")) {
            try rules.act(waiting, "approve", by: specialist, at: "2026-02-13T11:00")
        }
        #expect(throws: DomainError(.forbidden, "transition.wrongRole")) {
            try rules.act(waiting, "approve", by: receiver, at: "2026-02-13T11:00")
        }
    }

    @Test func inactiveOfficerMayDoNothing() {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: DomainError(.forbidden, "transition.wrongRole")) {
            try rules.act(received, "forward", by: inactiveReceiver, at: "2026-02-12T11:00")
        }
        #expect(rules.available(received, to: inactiveReceiver).isEmpty)
    }

    @Test func wrongAgencyIsForbidden() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: DomainError(.forbidden, "transition.wrongAgency")) {
            try rules.act(received, "forward", by: otherDeskReceiver, at: "2026-02-12T11:00")
        }
        // A receiving officer of the handling agency is not the desk that received the dossier.
        #expect(throws: DomainError(.forbidden, "transition.wrongAgency")) {
            try rules.act(received, "forward", by: justiceReturner, at: "2026-02-12T11:00")
        }
        let forwarded = try rules.step(received, "forward", by: receiver, at: "2026-02-12T11:00")
        #expect(throws: DomainError(.forbidden, "transition.wrongAgency")) {
            try rules.act(forwarded, "assign", by: constructionLeader, at: "2026-02-12T14:00", assignee: specialist)
        }
        let ready = try rules.step(try rules.awaitingApprovalDossier(), "approve", by: leader, at: "2026-02-24T10:00")
        #expect(throws: DomainError(.forbidden, "transition.wrongAgency")) {
            try rules.act(ready, "returnResult", by: justiceReturner, at: "2026-02-24T11:00")
        }
    }

    @Test func onlyTheAssigneeActsAsSpecialist() throws {
        let processing = try rules.processingDossier()
        for action in ["submitForApproval", "requestSupplement", "requestPayment"] {
            #expect(throws: DomainError(.forbidden, "transition.notAssignee")) {
                try rules.act(processing, action, by: otherSpecialist, at: "2026-02-13T10:00", note: "Ghi chú")
            }
        }
        #expect(
            try rules.step(processing, "submitForApproval", by: specialist, at: "2026-02-13T10:00").state
                == "awaitingApproval")
    }

    @Test func staleVersionIsAConflict() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        let forwarded = try rules.step(received, "forward", by: receiver, at: "2026-02-12T11:00")
        #expect(forwarded.version == 2)
        for stale in [0, 1, 3] {
            #expect(throws: DomainError(.conflict, "dossier.staleVersion")) {
                try rules.act(
                    forwarded, "assign", by: leader, at: "2026-02-12T14:00", assignee: specialist,
                    expectedVersion: stale)
            }
        }
        // Checked before anything else, even before the role.
        #expect(throws: DomainError(.conflict, "dossier.staleVersion")) {
            try rules.act(forwarded, "assign", by: receiver, at: "2026-02-12T14:00", expectedVersion: 1)
        }
    }

    @Test func actionNotAllowedFromTheState() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(throws: DomainError(.conflict, "transition.notFromState", ["action": "approve", "state": "received"])) {
            try rules.act(received, "approve", by: leader, at: "2026-02-12T11:00")
        }
        #expect(throws: DomainError(.conflict, "transition.notFromState", ["action": "returnResult", "state": "received"])) {
            try rules.act(received, "returnResult", by: returner, at: "2026-02-12T11:00")
        }
        let processing = try rules.processingDossier()
        #expect(throws: DomainError(.conflict, "transition.notFromState", ["action": "supplement", "state": "processing"])) {
            try rules.act(processing, "supplement", by: receiver, at: "2026-02-13T11:00")
        }
        #expect(throws: DomainError(.invalid, "transition.unknownAction", ["action": "delete"])) {
            try rules.act(processing, "delete", by: leader, at: "2026-02-13T11:00")
        }
    }

    @Test func availableTransitionsListExactlyWhatTheActorMayDo() throws {
        let received = rules.receive(at: "2026-02-12T10:00").0
        #expect(
            rules.available(received, to: receiver)
                == ["requestSupplementAtReception", "refuseReception", "forward", "withdraw"])
        #expect(rules.available(received, to: leader) == ["apologize"])
        #expect(rules.available(received, to: specialist).isEmpty)
        #expect(rules.available(received, to: returner).isEmpty)
        #expect(rules.available(received, to: otherDeskReceiver).isEmpty)
        #expect(rules.available(received, to: justiceReturner).isEmpty)

        let waitingForAssignment = try rules.step(received, "forward", by: receiver, at: "2026-02-12T11:00")
        #expect(rules.available(waitingForAssignment, to: leader) == ["assign", "transfer", "stop", "apologize"])
        #expect(rules.available(waitingForAssignment, to: receiver) == ["withdraw"])
        #expect(rules.available(waitingForAssignment, to: specialist).isEmpty)

        let processing = try rules.step(
            waitingForAssignment, "assign", by: leader, at: "2026-02-12T14:00",
            assignee: specialist)
        #expect(rules.available(processing, to: specialist) == ["requestSupplement", "requestPayment", "submitForApproval"])
        #expect(rules.available(processing, to: otherSpecialist).isEmpty)
        #expect(rules.available(processing, to: leader) == ["reassign", "transfer", "refuse", "stop", "apologize"])
        #expect(rules.available(processing, to: receiver) == ["withdraw"])
        #expect(rules.available(processing, to: constructionLeader).isEmpty)

        let waitingForApproval = try rules.step(processing, "submitForApproval", by: specialist, at: "2026-02-13T10:00")
        #expect(rules.available(waitingForApproval, to: leader) == ["sendBack", "approve", "refuse", "stop", "apologize"])
        #expect(rules.available(waitingForApproval, to: specialist).isEmpty)

        let ready = try rules.step(waitingForApproval, "approve", by: leader, at: "2026-02-13T11:00")
        #expect(rules.available(ready, to: returner) == ["returnResult"])
        #expect(rules.available(ready, to: receiver).isEmpty)
        #expect(rules.available(ready, to: leader) == ["apologize"])
        // An officer with several roles gets the union.
        let deskAllRounder = Officer(
            id: 105, username: "motcua", fullName: "Ngô Thị Yến", agencyId: AgencyIds.desk,
            roles: [.receiving, .returning])
        #expect(rules.available(ready, to: deskAllRounder) == ["returnResult"])
        #expect(
            rules.available(received, to: deskAllRounder)
                == ["requestSupplementAtReception", "refuseReception", "forward", "withdraw"])
    }

    @Test func everyAvailableTransitionIsAccepted() throws {
        // What `availableTransitions` offers must not be refused for a permission reason.
        let processing = try rules.processingDossier()
        for officer in [receiver, leader, specialist, otherSpecialist, returner] {
            for transition in DossierRules.availableTransitions(for: processing, workflow: rules.workflow, actor: officer) {
                #expect(DossierRules.permits(transition, dossier: processing, actor: officer) == nil)
                #expect(transition.from.contains("processing"))
                #expect(officer.roles.contains(transition.role))
            }
        }
    }
}

// MARK: - Workflow validation

@Suite struct WorkflowValidationTests {
    let workflow: Workflow
    init() throws { workflow = try loadDefaultWorkflow() }

    private func detail(_ broken: Workflow) -> String? {
        do {
            try broken.validate()
            return nil
        } catch let error as DomainError {
            #expect(error.kind == .invalid)
            #expect(error.code == "workflow.invalid")
            return error.args["detail"] ?? ""
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func defaultWorkflowIsValid() throws {
        try workflow.validate()
        #expect(workflow.code == "ONE_STOP_DEFAULT")
        #expect(workflow.counterState == "received")
        #expect(workflow.onlineState == "submitted")
        #expect(Set(workflow.states.filter(\.isTerminal).map(\.code)) == ["returned", "refused", "withdrawn", "stopped"])
        #expect(Set(workflow.states.filter(\.clockStopped).map(\.code)) == ["supplementRequested", "awaitingPayment"])
        #expect(workflow.state("returned")?.outcome == .returned)
        #expect(workflow.state("supplementRequested")?.nationalStatus == 5)
        #expect(workflow.state("awaitingPayment")?.nationalStatus == 6)
    }

    @Test func unknownStateInFromIsRejected() throws {
        var broken = workflow
        let index = try #require(broken.transitions.firstIndex { $0.action == "forward" })
        broken.transitions[index].from.append("archived")
        let text = try #require(detail(broken))
        #expect(text.contains("forward"))
    }

    @Test func emptyFromIsRejected() throws {
        var broken = workflow
        broken.transitions[0].from = []
        #expect(detail(broken) != nil)
    }

    @Test func duplicateActionIsRejected() throws {
        var broken = workflow
        var copy = try #require(broken.transition("approve"))
        copy.from = ["processing"]
        broken.transitions.append(copy)
        let text = try #require(detail(broken))
        #expect(text.contains("duplicate"))
    }

    @Test func transitionFromATerminalStateIsRejected() throws {
        var broken = workflow
        let index = try #require(broken.transitions.firstIndex { $0.action == "withdraw" })
        broken.transitions[index].from.append("returned")
        let text = try #require(detail(broken))
        #expect(text.contains("withdraw"))
    }

    @Test func otherBrokenVariantsAreRejected() throws {
        var unknownTarget = workflow
        unknownTarget.transitions[0].to = "limbo"
        #expect(detail(unknownTarget) != nil)

        var unknownInitial = workflow
        unknownInitial.counterState = "limbo"
        #expect(detail(unknownInitial) != nil)

        var duplicateState = workflow
        duplicateState.states.append(workflow.states[0])
        #expect(detail(duplicateState) != nil)

        var badBudget = workflow
        badBudget.states[1].budgetPercent = 150
        #expect(detail(badBudget) != nil)

        var noCode = workflow
        noCode.code = ""
        #expect(detail(noCode) != nil)

        // Special targets are fine.
        var sameTarget = workflow
        let index = try #require(sameTarget.transitions.firstIndex { $0.action == "sendBack" })
        sameTarget.transitions[index].to = WorkflowTransition.same
        #expect(detail(sameTarget) == nil)
    }

    /// The code of the refusal of `broken`, nil when it is valid.
    private func refusal(_ broken: Workflow) -> DomainError? {
        do {
            try broken.validate()
            return nil
        } catch {
            return error as? DomainError
        }
    }

    @Test func aStateNoMoveLeadsToOrNoFinalStateIsRefused() throws {
        var noApproval = workflow
        noApproval.transitions.removeAll { $0.action == "approve" }
        let unreachable = try #require(refusal(noApproval))
        #expect(unreachable.code == "workflow.unreachable" && unreachable.args["states"] == "readyToReturn, returned")
        var endless = workflow
        for i in endless.states.indices { endless.states[i].outcome = nil }
        #expect(refusal(endless)?.code == "workflow.noFinalState")
        // Removing a state takes the moves into it and leaves it out of the others' sources.
        let without = workflow.removingState("awaitingPayment")
        #expect(without.transition("requestPayment") == nil && without.transition("confirmPayment") == nil)
        #expect(without.transition("withdraw")?.from.contains("awaitingPayment") == false)
        #expect(refusal(without) == nil)
    }
}
