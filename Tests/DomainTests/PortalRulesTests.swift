import Domain
import Foundation
import Testing

/// The portal's pure rules: identification numbers, file types, submissions, retries, satisfaction.
@Suite struct CitizenIDNumberTests {
    @Test func structure() {
        #expect(CitizenIDNumber.isValid("038190001234"))
        #expect(CitizenIDNumber.isValid("001203000001"))  // Hà Nội, 21st century, 2003
        #expect(!CitizenIDNumber.isValid("03819000123"))  // 11 digits
        #expect(!CitizenIDNumber.isValid("0381900012345"))
        #expect(!CitizenIDNumber.isValid("003190001234"))  // 003 is no province code
        #expect(!CitizenIDNumber.isValid("09719000123a"))
        #expect(!CitizenIDNumber.isValid("０３８１９０００１２３４"))  // full-width digits are not ASCII
    }

    @Test func agreesWithBirthDate() throws {
        let birth1990 = try #require(LocalDate(iso: "1990-05-01"))
        let birth2003 = try #require(LocalDate(iso: "2003-01-09"))
        #expect(CitizenIDNumber.isValid("038190001234", birthDate: birth1990))  // 1 = female, 20th century
        #expect(CitizenIDNumber.isValid("038090001234", birthDate: birth1990))  // 0 = male, 20th century
        #expect(!CitizenIDNumber.isValid("038290001234", birthDate: birth1990))  // 2 = 21st century
        #expect(!CitizenIDNumber.isValid("038191001234", birthDate: birth1990))  // year 91
        #expect(CitizenIDNumber.isValid("038303001234", birthDate: birth2003))
    }

    @Test func profileNormalisation() throws {
        let today = try #require(LocalDate(iso: "2026-11-22"))
        let p = try CitizenProfile(
            fullName: "  Lê Thị Hoa ", idNumber: " 038190001234 ", phone: "+84 912.000.111",
            email: "Hoa@Example.VN "
        ).normalised(today: today)
        #expect(p.fullName == "Lê Thị Hoa" && p.phone == "0912000111" && p.email == "hoa@example.vn" && p.address == nil)
        #expect(throws: DomainError.self) {
            try CitizenProfile(fullName: "A", birthDate: LocalDate(iso: "2027-01-01")).normalised(today: today)
        }
        #expect(throws: DomainError.self) { try CitizenProfile(fullName: "", phone: "0912000111").normalised(today: today) }
        #expect(throws: DomainError.self) { try CitizenProfile(fullName: "A", phone: "12345").normalised(today: today) }
    }
}

@Suite struct MediaTypeTests {
    @Test func sniffsByContent() {
        #expect(MediaType.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(MediaType.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(MediaType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(MediaType.sniff(Array("%PDF".utf8)) == nil)  // truncated signature
        #expect(MediaType.sniff(Array("<html>%PDF-1.4".utf8)) == nil)
        #expect(MediaType.sniff([0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(MediaType.sniff([UInt8]()) == nil)
    }
}

@Suite struct OnlineSubmissionRulesTests {
    static func procedure(online: OnlineLevel = .full) -> Procedure {
        Procedure(
            code: "P1", name: "Thủ tục", nameEn: "Procedure", field: "F", level: .commune, competentAgency: "communeCommittee",
            timeLimit: .workingDays(3), cutoff: "15:00", fees: [],
            documents: [
                RequiredDocument(name: "Tờ khai", nameEn: "Form", originals: 1, copies: 0, electronicCopyAllowed: true, form: nil),
                RequiredDocument(
                    name: "Giấy ủy quyền (trường hợp ủy quyền)", nameEn: "Power of attorney", originals: 1, copies: 0,
                    electronicCopyAllowed: true, form: nil, conditional: true),
                RequiredDocument(
                    name: "Giấy chứng sinh", nameEn: "Birth notice", originals: 1, copies: 0, electronicCopyAllowed: true, form: nil),
            ], forms: [], result: "R", resultEn: "R", onlineLevel: online, legalBasis: [], workflow: "W")
    }

    static func submission(_ requirements: [Int]) -> OnlineSubmission {
        OnlineSubmission(
            procedureCode: "P1", communeCode: "14797",
            applicant: Applicant(fullName: "A", idNumber: "038190001234", phone: "0912000111", email: nil, address: "X", unitCode: nil),
            documents: requirements.map { DossierDocument(requirement: $0, documentId: Int64($0 + 10), reused: false) })
    }

    @Test func everyUnconditionalRequirementNeedsADocument() throws {
        try Self.submission([0, 2]).validate(against: Self.procedure())
        try Self.submission([0, 1, 2]).validate(against: Self.procedure())
        #expect(
            throws: DomainError(
                .invalid, "portal.documentMissing", ["document": "Giấy chứng sinh", "documentEn": "Birth notice", "requirements": "2"])
        ) {
            try Self.submission([0, 1]).validate(against: Self.procedure())
        }
        // Every missing document is named at once, in the procedure's order, not only the first.
        #expect(
            throws: DomainError(
                .invalid, "portal.documentMissing",
                ["document": "Tờ khai; Giấy chứng sinh", "documentEn": "Form; Birth notice", "requirements": "0,2"])
        ) {
            try Self.submission([1]).validate(against: Self.procedure())
        }
        #expect(throws: DomainError.invalid("documents")) { try Self.submission([0, 2, 2]).validate(against: Self.procedure()) }
        #expect(throws: DomainError.invalid("documents")) { try Self.submission([0, 2, 7]).validate(against: Self.procedure()) }
        // Partly online (Decree 42/2022/NĐ-CP art. 11 (2)) is filed online too; only its in-person steps stay at the desk.
        try Self.submission([0, 2]).validate(against: Self.procedure(online: .partial))
    }

    /// Directive 24/CT-TTg (2025): from 1 October 2025 birth registration is received online only.
    @Test func onlineOnlyFromTheDirectivesDay() throws {
        var birth = Self.procedure()
        let rule = OnlineOnlyRule(basis: "Chỉ thị 24/CT-TTg năm 2025", since: try #require(LocalDate(iso: "2025-10-01")))
        birth.onlineTerms = OnlineTerms(onlineOnly: rule)
        #expect(!birth.isOnlineOnly(on: try #require(LocalDate(iso: "2025-09-30"))))
        #expect(birth.isOnlineOnly(on: try #require(LocalDate(iso: "2025-10-01"))))
        #expect(!Self.procedure().isOnlineOnly(on: try #require(LocalDate(iso: "2026-12-06"))))
        #expect(Channel.assisted.isOnline && Channel.online.isOnline && !Channel.counter.isOnline && !Channel.post.isOnline)
    }

    @Test func draftBecomesASubmissionInRequirementOrder() {
        let draft = SubmissionDraft(
            applicant: Self.submission([]).applicant, communeCode: "14797", note: nil,
            documents: ["2": 30, "0": 10, "x": 99], submissionKey: "k", updatedAt: Date())
        #expect(draft.submission(procedureCode: "P1").documents.map(\.requirement) == [0, 2])
    }
}

@Suite struct NotificationPolicyTests {
    @Test func retriesBackOffAndStop() {
        #expect(NotificationPolicy.retryDelay(afterAttempts: 1) == 30)
        #expect(NotificationPolicy.retryDelay(afterAttempts: 2) == 60)
        #expect(NotificationPolicy.retryDelay(afterAttempts: 5) == 480)
        #expect(NotificationPolicy.retryDelay(afterAttempts: 11) == 21_600)
        #expect(NotificationPolicy.retryDelay(afterAttempts: 12) == nil)
    }
}

@Suite struct SatisfactionTests {
    @Test func percentOfSatisfiedOrAcceptable() {
        #expect(AgencySatisfaction(agencyId: "A", satisfied: 2, acceptable: 1, unsatisfied: 0).satisfactionPercent == 100)
        #expect(AgencySatisfaction(agencyId: "A", satisfied: 1, acceptable: 1, unsatisfied: 1).satisfactionPercent == 66.7)
        #expect(AgencySatisfaction(agencyId: "A", satisfied: 0, acceptable: 0, unsatisfied: 0).satisfactionPercent == nil)
    }
}
