import Domain
import Foundation
import SQLKit

/// The field-report seed: categories (inserted once, then an administrator's to change) and
/// the labelled sample set the classifier trains on (read from the file at every start).
public enum ReportSeed {
    struct CategoryFile: Decodable { let categories: [ReportCategory] }
    struct TrainingFile: Decodable {
        struct Sample: Decodable {
            let text: String
            let category: String
        }
        let samples: [Sample]
    }

    /// Inserts the shipped categories when there are none; returns how many.
    @discardableResult
    public static func seedCategories(_ database: Database) async throws -> Int {
        let categories = try SeedFiles.load(CategoryFile.self, "report-categories").categories
        for category in categories { try category.validate() }
        return try await database.transaction { db in
            guard try await db.raw("SELECT code FROM report_categories LIMIT 1").first() == nil else { return 0 }
            for (position, category) in categories.enumerated() {
                try await db.raw(
                    """
                    INSERT INTO report_categories (code, position, body)
                    VALUES (\(bind: category.code), \(bind: position + 1), \(bind: try Stored.encode(category)))
                    """
                ).run()
            }
            try await CacheVersions.bump(.reportCategories, on: db, dialect: database.dialect)
            return categories.count
        }
    }

    /// The labelled samples shipped with the platform.
    public static func samples() throws -> [(text: String, category: String)] {
        try SeedFiles.load(TrainingFile.self, "report-training").samples.map { ($0.text, $0.category) }
    }
}
