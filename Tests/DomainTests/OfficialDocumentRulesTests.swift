import Foundation
import Testing

@testable import Domain

/// The registers' pure rules: the year and number an entry takes, the deadline of an assignment on
/// the working-day calendar, the fields a register entry must hold, and who may do what.
@Suite("Official document rules")
struct OfficialDocumentRulesTests {
    static let vietnam = 7 * 3600

    static func day(_ iso: String) -> LocalDate {
        guard let date = LocalDate(iso: iso) else { fatalError("bad date literal \(iso)") }
        return date
    }

    /// A calendar with Saturdays and Sundays off and 2 September 2026 (National Day) a holiday.
    static let calendar = WorkingCalendar(
        code: "VN", name: "Việt Nam", weekendDays: [6, 7], utcOffsetSeconds: vietnam,
        days: [CalendarDay(date: day("2026-09-02"), kind: .holiday, name: "Quốc khánh", nameEn: "National Day")])

    static let details = OfficialDocumentDetails(
        numberSymbol: "123/UBND-VX", typeCode: "QĐ", documentDate: day("2026-03-02"), issuer: "UBND tỉnh Thanh Hóa",
        summary: "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026")

    @Test("the register year is the local year: 23:30 on 31 December in Vietnam is still that year, 00:10 on 1 January the next")
    func registerYear() {
        // 2026-12-31 16:30 UTC is 23:30 in Vietnam; 2026-12-31 17:10 UTC is 00:10 on 1 January 2027.
        let lastMinutes = Date(timeIntervalSince1970: 1_798_734_600)
        let firstMinutes = Date(timeIntervalSince1970: 1_798_737_000)
        #expect(OfficialDocumentRules.registerYear(of: lastMinutes, utcOffsetSeconds: Self.vietnam) == 2026)
        #expect(OfficialDocumentRules.registerYear(of: firstMinutes, utcOffsetSeconds: Self.vietnam) == 2027)
    }

    @Test("numbers run 1, 2, 3 ... from a year's empty register, with no gap")
    func numbering() {
        var last = 0
        var given: [Int] = []
        for _ in 0..<50 {
            last = OfficialDocumentRules.nextNumber(after: last)
            given.append(last)
        }
        #expect(given == Array(1...50))
    }

    @Test("the deadline counts working days: a Friday plus 3 is the Wednesday; across National Day the holiday is skipped")
    func deadline() throws {
        #expect(
            try OfficialDocumentRules.deadline(workingDays: 3, after: Self.day("2026-03-06"), calendar: Self.calendar)
                == Self.day("2026-03-11"))
        // Tuesday 1 September + 2 working days: Wednesday 2 is a holiday, so Thursday 3 and Friday 4.
        #expect(
            try OfficialDocumentRules.deadline(workingDays: 2, after: Self.day("2026-09-01"), calendar: Self.calendar)
                == Self.day("2026-09-04"))
        #expect(throws: DomainError.self) {
            try OfficialDocumentRules.deadline(workingDays: 0, after: Self.day("2026-03-06"), calendar: Self.calendar)
        }
        #expect(throws: DomainError.self) {
            try OfficialDocumentRules.deadline(workingDays: 91, after: Self.day("2026-03-06"), calendar: Self.calendar)
        }
    }

    @Test("numbers and symbols as documents carry them are accepted; free text is not")
    func numberSymbols() {
        for good in ["123/UBND-VX", "45/2025/NĐ-CP", "12/QĐ-UBND", "7/CT-TTg", "1024/SNV-VP"] {
            #expect(OfficialDocumentRules.isNumberSymbol(good), "\(good)")
        }
        for bad in ["", "UBND-VX", "123", "123/", "/UBND", "12a/QĐ", "123/UBND VX", "123//VX", "123/<b>"] {
            #expect(!OfficialDocumentRules.isNumberSymbol(bad), "\(bad)")
        }
    }

    @Test("an entry is trimmed and checked: unknown type, future date, empty issuer, short summary are refused with their codes")
    func validation() throws {
        let today = Self.day("2026-03-05")
        var d = Self.details
        d.issuer = "  UBND tỉnh Thanh Hóa "
        #expect(try OfficialDocumentRules.validated(d, today: today).issuer == "UBND tỉnh Thanh Hóa")
        func code(_ change: (inout OfficialDocumentDetails) -> Void) -> String? {
            var d = Self.details
            change(&d)
            do {
                _ = try OfficialDocumentRules.validated(d, today: today)
                return nil
            } catch let error as DomainError {
                return error.code
            } catch {
                return "other"
            }
        }
        #expect(code { $0.typeCode = "XX" } == "officialDocument.badType")
        #expect(code { $0.documentDate = Self.day("2026-03-06") } == "officialDocument.badDate")
        #expect(code { $0.issuer = " " } == "officialDocument.badIssuer")
        #expect(code { $0.summary = "abc" } == "officialDocument.badSummary")
        #expect(code { $0.numberSymbol = "số 123" } == "officialDocument.badNumberSymbol")
        #expect(code { $0.deadline = Self.day("2026-03-01") } == "officialDocument.badDeadline")
    }

    @Test("the decree's 29 types of administrative documents are the list, each code once")
    func types() {
        #expect(OfficialDocumentTypes.all.count == 29)
        #expect(Set(OfficialDocumentTypes.all.map(\.code)).count == 29)
        #expect(OfficialDocumentTypes.type("QĐ")?.name == "Quyết định")
    }

    @Test("search text is folded: \"quyet dinh\" is in the folded text of a Quyết định")
    func searchText() {
        #expect(Self.details.searchText.contains("quyet dinh"))
        #expect(Self.details.searchText.contains("chuyen doi so"))
    }

    @Test("a leader assigns within the agency and its departments, not to the communes under it")
    func assignableUnits() {
        func agency(_ id: String, _ kind: AgencyKind, parent: String?) -> Agency {
            Agency(id: id, shortCode: id, name: id, nameEn: id, kind: kind, unitCode: nil, parentId: parent)
        }
        let all = [
            agency("UBND", .provincialCommittee, parent: nil), agency("STP", .department, parent: "UBND"),
            agency("SXD", .department, parent: "UBND"), agency("UB14797", .communeCommittee, parent: "UBND"),
            agency("MC14797", .communeOneStop, parent: "UB14797"),
        ]
        #expect(OfficialDocumentRules.assignableUnits(of: "UBND", among: all).map(\.id) == ["UBND", "STP", "SXD"])
        #expect(OfficialDocumentRules.assignableUnits(of: "UB14797", among: all).map(\.id) == ["UB14797", "MC14797"])
        #expect(throws: DomainError.invalid("leadAgencyId", "officialDocument.badUnit")) {
            try OfficialDocumentRules.checkAssignment(
                lead: "UB14797", coordinating: [], instruction: "Xử lý",
                units: OfficialDocumentRules.assignableUnits(of: "UBND", among: all))
        }
    }

    @Test("only a clerk registers, only a leader of the register's agency assigns, only the lead unit closes")
    func roles() throws {
        let clerk = Officer(id: 1, username: "vanthu", fullName: "V", agencyId: "UBND", roles: [.clerk])
        let leader = Officer(id: 2, username: "lanhdao", fullName: "L", agencyId: "UBND", roles: [.leader])
        let otherLeader = Officer(id: 3, username: "lanhdao.stp", fullName: "L", agencyId: "STP", roles: [.leader])
        let specialist = Officer(id: 4, username: "chuyenvien.stp", fullName: "C", agencyId: "STP", roles: [.specialist])
        #expect(throws: Never.self) { try OfficialDocumentRules.checkRegister(by: clerk) }
        #expect(throws: DomainError.forbidden("officialDocument.clerkOnly")) { try OfficialDocumentRules.checkRegister(by: leader) }
        var doc = OfficialDocument(
            id: 1, agencyId: "UBND", direction: .incoming, year: 2026, number: 1, details: Self.details, receivedAt: Date(),
            registeredBy: "vanthu", status: .registered, deadline: nil, assignment: nil, handling: nil, attachments: [], version: 1)
        #expect(throws: Never.self) { try OfficialDocumentRules.checkAssign(doc, by: leader) }
        #expect(throws: DomainError.forbidden("officialDocument.leaderOnly")) {
            try OfficialDocumentRules.checkAssign(doc, by: otherLeader)
        }
        #expect(throws: DomainError.conflict("officialDocument.wrongStatus")) { try OfficialDocumentRules.checkClose(doc, by: specialist) }
        doc.status = .assigned
        doc.assignment = DocumentAssignment(
            leadAgencyId: "STP", coordinatingAgencyIds: ["SXD"], instruction: "Xử lý", deadline: Self.day("2026-03-10"),
            assignedBy: "lanhdao", assignedAt: Date())
        #expect(throws: Never.self) { try OfficialDocumentRules.checkClose(doc, by: specialist) }
        #expect(throws: DomainError.forbidden("officialDocument.leadUnitOnly")) { try OfficialDocumentRules.checkClose(doc, by: clerk) }
        #expect(doc.isVisible(to: "SXD") && doc.isVisible(to: "STP") && doc.isVisible(to: "UBND") && !doc.isVisible(to: "SCT"))
    }
}
