import Domain
import Foundation
import Testing

/// Issue 18 items 4 and 5: worked examples of time limits in their units, cut-offs only where the law sets
/// them, and fees computed from the applicant's answers, each from the text it comes from.
@Suite struct TimeLimitAndFeeRulesTests {
    /// Saturday and Sunday off, UTC+7; no exception day falls in the weeks used below.
    static let calendar = WorkingCalendar(code: "T", name: "T", weekendDays: [6, 7], utcOffsetSeconds: 7 * 3600, days: [])

    static func at(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad instant \(text)") }
        return date
    }

    static func day(_ iso: String) -> LocalDate {
        guard let date = LocalDate(iso: iso) else { fatalError("bad date \(iso)") }
        return date
    }

    static func due(_ limit: TimeLimit, _ receivedAt: String, cutoff: Int? = nil) -> LocalDate {
        calendar.dueDate(receivedAt: at(receivedAt), limit: limit, cutoffMinute: cutoff)
    }

    static func seedProcedures() throws -> [String: Procedure] {
        struct File: Decodable { let procedures: [Procedure] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Persistence/Seed/procedures.json")
        let list = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).procedures
        return Dictionary(uniqueKeysWithValues: list.map { ($0.code, $0) })
    }

    // MARK: Time limits

    /// Decree 23/2015/NĐ-CP, art. 7 (1): a signature is certified the day the request is received, or the next
    /// working day when it is received after 15:00. Monday 23 Nov 2026 at 14:59 → Monday; at 16:00 → Tuesday 24;
    /// Saturday 28 Nov → Monday 30.
    @Test func certificationCutoffAtThreePm() {
        #expect(Self.due(.sameDay, "2026-11-23T14:59:00+07:00", cutoff: 15 * 60) == Self.day("2026-11-23"))
        #expect(Self.due(.sameDay, "2026-11-23T16:00:00+07:00", cutoff: 15 * 60) == Self.day("2026-11-24"))
        #expect(Self.due(.sameDay, "2026-11-28T10:00:00+07:00", cutoff: 15 * 60) == Self.day("2026-11-30"))
    }

    /// A procedure whose law sets no cut-off hour: a one-working-day limit received Monday 16:00 counts from
    /// Monday and ends Tuesday 24 (with the old blanket 15:00 rule it ended Wednesday 25).
    @Test func noCutoffCountsFromTheDayOfReceipt() {
        #expect(Self.due(.workingDays(1), "2026-11-23T16:00:00+07:00") == Self.day("2026-11-24"))
        #expect(Self.due(.workingDays(1), "2026-11-23T16:00:00+07:00", cutoff: 15 * 60) == Self.day("2026-11-25"))
        #expect(Self.due(.sameDay, "2026-11-23T16:30:00+07:00") == Self.day("2026-11-23"))
    }

    /// Civil Code 2015, art. 147 (1) and 148 (2): a limit in days starts the day after the event, and when its last
    /// day is a day off it ends on the next working day. 30 days from Thursday 5 Nov 2026 is Saturday 5 Dec, so the
    /// limit ends Monday 7 Dec; 30 days from Monday 23 Nov is Wednesday 23 Dec, a working day.
    @Test func calendarDaysEndOnAWorkingDay() {
        #expect(Self.due(.calendarDays(30), "2026-11-05T09:00:00+07:00") == Self.day("2026-12-07"))
        #expect(Self.due(.calendarDays(30), "2026-11-23T09:00:00+07:00") == Self.day("2026-12-23"))
    }

    /// Working days skip the weekend: 5 working days from Thursday 19 Nov 2026 end Thursday 26 Nov.
    @Test func workingDaysSkipTheWeekend() {
        #expect(Self.due(.workingDays(5), "2026-11-19T09:00:00+07:00") == Self.day("2026-11-26"))
    }

    /// Hours run round the clock: 24 hours from Friday 27 Nov 2026 18:00 end Saturday 28 Nov at 18:00.
    @Test func hoursRunRoundTheClock() {
        #expect(Self.due(.hours(24), "2026-11-27T18:00:00+07:00") == Self.day("2026-11-28"))
        #expect(Self.due(.hours(4), "2026-11-23T09:00:00+07:00") == Self.day("2026-11-23"))
    }

    /// Same-day procedures read "Trong ngày" / "Same day", never "0 ngày làm việc"; older data with 0 days is same-day.
    @Test func labelsAndOlderData() throws {
        #expect(TimeLimit.sameDay.label(english: false) == "Trong ngày" && TimeLimit.sameDay.label(english: true) == "Same day")
        #expect(TimeLimit.workingDays(5).label(english: false) == "5 ngày làm việc")
        #expect(TimeLimit.hours(24).label(english: true) == "24 hours" && TimeLimit.calendarDays(1).label(english: true) == "1 day")
        #expect(TimeLimit.legacy(days: 0) == .sameDay && TimeLimit.legacy(days: 3) == .workingDays(3))
        #expect(TimeLimit(cell: "24 hours") == .hours(24) && TimeLimit(cell: "sameDay") == .sameDay && TimeLimit(cell: "0 sameDay") == nil)
        #expect(!TimeLimit.workingDays(0).isValid && !TimeLimit.hours(721).isValid && TimeLimit.sameDay.isValid)
        let base = #"{"code":"X","name":"X","field":"F","level":"commune","competentAgency":"communeCommittee","onlineLevel":"full""#
        let old = try JSONDecoder().decode(Procedure.self, from: Data((base + #","processingDays":0}"#).utf8))
        #expect(old.timeLimit == .sameDay && old.cutoff == "15:00")
        let new = try JSONDecoder().decode(Procedure.self, from: Data((base + #","timeLimit":{"value":2,"unit":"hours"}}"#).utf8))
        #expect(new.timeLimit == .hours(2) && new.cutoff == nil)
        let again = try JSONDecoder().decode(Procedure.self, from: JSONEncoder().encode(new))
        #expect(again == new)
    }

    // MARK: Fees

    /// Law on Civil Status 2014, art. 11 (1) (b) with art. 15 (1): a birth registered within 60 days of the birth is
    /// exempt from the registration fee; art. 11 (1) (a): so is a poor household's, at any time. Circular
    /// 281/2016/TT-BTC: 8.000 đ per copy of an extract. Born 1 Oct 2026: registered 23 Nov (53 days) with no copy
    /// costs nothing, with two copies 16.000 đ; registered 5 Dec (65 days) is late and pays the registration fee
    /// (5.000 đ here, an amount the provincial council sets) unless the family is a poor household.
    @Test func birthRegistrationFees() {
        let registration = Fee(
            name: "Lệ phí đăng ký khai sinh", nameEn: "Birth registration fee", amount: 5_000, note: nil,
            exemptions: [
                FeeExemption(condition: .onTime, withinDays: 60, basis: "Luật Hộ tịch 2014, điểm b khoản 1 Điều 11"),
                FeeExemption(condition: .priorityGroup, basis: "Luật Hộ tịch 2014, điểm a khoản 1 Điều 11"),
            ])
        let copy = Fee(name: "Phí cấp bản sao", nameEn: "Copy fee", amount: 8_000, note: nil, per: .copy)
        var p = Procedure(
            code: "1.001193", name: "Đăng ký khai sinh", nameEn: "Birth registration", field: "HO_TICH", level: .commune,
            competentAgency: "communeCommittee", timeLimit: .sameDay, cutoff: nil, fees: [registration, copy], documents: [],
            forms: [], result: "", resultEn: "", onlineLevel: .full, legalBasis: [], workflow: "ONE_STOP_DEFAULT")
        let born = Self.day("2026-10-01")
        #expect(p.feeDue(FeeAnswers(eventDate: born), on: Self.day("2026-11-23")) == 0)
        #expect(p.feeDue(FeeAnswers(copies: 2, eventDate: born), on: Self.day("2026-11-23")) == 16_000)
        #expect(p.feeDue(FeeAnswers(eventDate: born), on: Self.day("2026-11-30")) == 0)  // day 60
        #expect(p.feeDue(FeeAnswers(eventDate: born), on: Self.day("2026-12-05")) == 5_000)
        #expect(p.feeDue(FeeAnswers(eventDate: born, priorityGroup: true), on: Self.day("2026-12-05")) == 0)
        #expect(p.feeDue(FeeAnswers(), on: Self.day("2026-12-05")) == 5_000)  // no birth date: not shown to be on time
        p.fees = []
        #expect(p.feeDue(FeeAnswers(copies: 3), on: Self.day("2026-12-05")) == 0)
    }

    @Test func answersAreChecked() {
        let today = Self.day("2026-11-23")
        #expect(throws: DomainError.invalid("feeAnswers.copies", "fee.badCopies")) { try FeeAnswers(copies: 101).validate(today: today) }
        #expect(throws: DomainError.invalid("feeAnswers.copies", "fee.badCopies")) { try FeeAnswers(copies: -1).validate(today: today) }
        #expect(throws: DomainError.invalid("feeAnswers.eventDate", "fee.badEventDate")) {
            try FeeAnswers(eventDate: Self.day("2026-11-24")).validate(today: today)
        }
        #expect(throws: Never.self) { try FeeAnswers(copies: 100, eventDate: today).validate(today: today) }
    }

    /// The shipped catalogue: birth registration is same-day, free without copies and 8.000 đ a copy; every cut-off
    /// names its source, the certification ones Decree 23/2015 art. 7; procedures whose texts set none have none.
    @Test func shippedCatalogue() throws {
        let all = try Self.seedProcedures()
        let birth = try #require(all["1.001193"])
        #expect(birth.timeLimit == .sameDay && birth.cutoff == "15:00")
        #expect(birth.feeDue(FeeAnswers(), on: Self.day("2026-11-23")) == 0 && birth.baseFee == 0)
        #expect(birth.feeDue(FeeAnswers(copies: 2), on: Self.day("2026-11-23")) == 16_000)
        #expect(all["2.000884"]?.cutoffBasis?.contains("Điều 7") == true)
        #expect(all.values.allSatisfy { ($0.cutoff == nil) == ($0.cutoffBasis == nil) })
        #expect(all["1.003677"]?.cutoff == nil && all["1.003677"]?.timeLimit == .workingDays(1))
        #expect(all.values.allSatisfy { $0.timeLimit.isValid })
    }
}
