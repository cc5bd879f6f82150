import Foundation

/// The pure rules of the registers: what a register entry must hold, which year and number it
/// takes, the deadline of an assignment on the working-day calendar, and who may do what.
public enum OfficialDocumentRules {
    public static let maxText = 2000
    public static let maxCoordinating = 20
    public static let maxWorkingDays = 90

    /// The register year of an entry made at `instant`: the local year (a register runs from
    /// January 1st to December 31st, Decree 30/2020/NĐ-CP, Articles 15 and 22).
    public static func registerYear(of instant: Date, utcOffsetSeconds: Int) -> Int {
        LocalDate.local(instant, utcOffsetSeconds: utcOffsetSeconds).date.year
    }

    /// The number after `last` in a register's year (0: the year's first entry takes 1).
    public static func nextNumber(after last: Int) -> Int { last + 1 }

    /// The deadline `workingDays` working days after `today` on `calendar`.
    public static func deadline(workingDays: Int, after today: LocalDate, calendar: WorkingCalendar) throws -> LocalDate {
        guard (1...maxWorkingDays).contains(workingDays) else { throw DomainError.invalid("workingDays", "officialDocument.badDeadline") }
        return calendar.addingWorkingDays(workingDays, after: today)
    }

    /// Whether `text` is a number and symbol: digits, then `/`-separated groups of letters, digits,
    /// `-` and `.` (`123/UBND-VX`, `45/2025/NĐ-CP`).
    public static func isNumberSymbol(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard text.count <= 60, parts.count >= 2, let first = parts.first, (1...7).contains(first.count),
            first.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == "." }
        }
    }

    /// Checks and trims what the clerk copied from the document; `today` is the local day.
    public static func validated(_ d: OfficialDocumentDetails, today: LocalDate) throws -> OfficialDocumentDetails {
        var out = d
        out.numberSymbol = d.numberSymbol.trimmingCharacters(in: .whitespaces)
        out.issuer = d.issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        out.summary = d.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        out.signer = d.signer?.trimmingCharacters(in: .whitespaces).nonEmpty
        out.recipients = d.recipients?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        guard isNumberSymbol(out.numberSymbol) else { throw DomainError.invalid("numberSymbol", "officialDocument.badNumberSymbol") }
        guard OfficialDocumentTypes.type(out.typeCode) != nil else { throw DomainError.invalid("typeCode", "officialDocument.badType") }
        guard out.documentDate <= today, out.documentDate.year >= 1945 else {
            throw DomainError.invalid("documentDate", "officialDocument.badDate")
        }
        guard (2...300).contains(out.issuer.count) else { throw DomainError.invalid("issuer", "officialDocument.badIssuer") }
        guard (5...maxText).contains(out.summary.count) else { throw DomainError.invalid("summary", "officialDocument.badSummary") }
        guard (out.signer?.count ?? 0) <= 200, (out.recipients?.count ?? 0) <= maxText else { throw DomainError.invalid("signer") }
        if let deadline = out.deadline, deadline < out.documentDate {
            throw DomainError.invalid("deadline", "officialDocument.badDeadline")
        }
        return out
    }

    /// Refuses an officer who is not the clerk (văn thư) of an agency.
    public static func checkRegister(by officer: Officer) throws {
        guard officer.roles.contains(.clerk) else { throw DomainError.forbidden("officialDocument.clerkOnly") }
    }

    /// Refuses anyone but a leader of the register's agency, and a document already handled.
    public static func checkAssign(_ document: OfficialDocument, by officer: Officer) throws {
        guard officer.agencyId == document.agencyId, officer.roles.contains(.leader) else {
            throw DomainError.forbidden("officialDocument.leaderOnly")
        }
        guard document.status != .handled else { throw DomainError.conflict("officialDocument.wrongStatus") }
    }

    /// Refuses anyone but a specialist or leader of the lead unit, and a document not assigned.
    public static func checkClose(_ document: OfficialDocument, by officer: Officer) throws {
        guard let assignment = document.assignment, document.status == .assigned else {
            throw DomainError.conflict("officialDocument.wrongStatus")
        }
        guard officer.agencyId == assignment.leadAgencyId, !officer.roles.isDisjoint(with: [.specialist, .leader]) else {
            throw DomainError.forbidden("officialDocument.leadUnitOnly")
        }
    }

    /// The units a leader of `agency` may assign to: the agency itself and the agencies under it at
    /// its own level of government (a provincial committee's departments, not the communes' committees).
    public static func assignableUnits(of agency: String, among all: [Agency]) -> [Agency] {
        guard let own = all.first(where: { $0.id == agency }) else { return [] }
        return [own] + all.filter { $0.parentId == agency && isCommuneLevel($0.kind) == isCommuneLevel(own.kind) }
    }

    static func isCommuneLevel(_ kind: AgencyKind) -> Bool { [.communeCommittee, .communeOneStop, .communePolice].contains(kind) }

    /// Checks the lead unit, the coordinating units and the instruction against `units`.
    public static func checkAssignment(lead: String, coordinating: [String], instruction: String, units: [Agency]) throws {
        let allowed = Set(units.map(\.id))
        guard allowed.contains(lead) else { throw DomainError.invalid("leadAgencyId", "officialDocument.badUnit") }
        guard coordinating.count <= maxCoordinating, Set(coordinating).count == coordinating.count, !coordinating.contains(lead),
            coordinating.allSatisfy(allowed.contains)
        else { throw DomainError.invalid("coordinatingAgencyIds", "officialDocument.badUnit") }
        guard (1...maxText).contains(instruction.count) else {
            throw DomainError.invalid("instruction", "officialDocument.badInstruction")
        }
    }
}

extension String {
    /// The string, or nil when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
