import Domain
import Foundation

/// The shapes of the seed files shipped in `Seed/` (real data of the demo province).
enum SeedFiles {
    struct Units2025: Decodable {
        struct Province: Decodable {
            let code: Int
            let name: String
            let type: String
        }
        struct Commune: Decodable {
            let code: Int
            let name: String
            let type: String
        }
        let tree: String
        let name: String
        let validFrom: String
        let levels: [String]
        let provinces: [Province]
        let communes: [String: [Commune]]
    }

    struct UnitsLegacy: Decodable {
        struct Province: Decodable {
            let code: Int
            let name: String
        }
        struct Commune: Decodable {
            let code: Int
            let name: String
        }
        struct District: Decodable {
            let code: Int
            let name: String
            let communes: [Commune]
        }
        let tree: String
        let name: String
        let validTo: String
        let levels: [String]
        let provinces: [Province]
        let districts: [String: [District]]
    }

    struct ProvinceAgencies: Decodable {
        struct Entry: Decodable {
            let shortCode: String
            let identifier: String
            let kind: AgencyKind
            let name: String
            let nameEn: String
            let parent: String?
        }
        let agencies: [Entry]
    }

    struct Catalogue: Codable {
        let fields: [ProcedureField]
        let procedures: [Procedure]
    }

    struct CalendarFile: Decodable {
        let code: String
        let name: String
        let nameEn: String
        let weekendDays: [Int]
        let utcOffsetMinutes: Int
        let days: [CalendarDay]
        /// Years settled by a published decision, with its citation; every other year is provisional.
        let confirmedYears: [CalendarYearConfirmation]
    }

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Seed") else {
            throw DomainError(.notFound, "seed.missing", ["file": name])
        }
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// Zero-padded statistical code: province 2 digits, district 3, commune 5.
    static func code(_ n: Int, width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
