import Domain
import Foundation
import Testing

/// Finding procedures in memory: filters, folded words, the closest names, a service guide's codes.
@Suite struct ProcedureFinderTests {
    static func procedure(
        _ code: String, _ name: String, field: String = "HO_TICH", level: ProcedureLevel = .commune,
        agency: String = "communeCommittee", online: OnlineLevel = .full
    ) -> Procedure {
        Procedure(
            code: code, name: name, nameEn: "", field: field, level: level, competentAgency: agency, timeLimit: .workingDays(3),
            cutoff: "15:00", fees: [], documents: [], forms: [], result: "", resultEn: "", onlineLevel: online,
            legalBasis: [], workflow: "ONE_STOP_DEFAULT")
    }

    static let catalogue = [
        procedure("2.000635", "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"),
        procedure("1.001193", "Thủ tục đăng ký khai sinh"),
        procedure("1.000894", "Thủ tục đăng ký kết hôn", online: .partial),
        procedure("1.115496", "Chuyển mục đích sử dụng đất", field: "DAT_DAI"),
        procedure("1.115501", "Chuyển mục đích sử dụng đất", field: "DAT_DAI", level: .province, agency: "SNNMT", online: .partial),
    ]

    @Test func filtersAndFoldedWords() {
        let finder = ProcedureFinder(Self.catalogue)
        #expect(finder.find(ProcedureFilter()).count == Self.catalogue.count)
        #expect(finder.find(ProcedureFilter(text: "ĐĂNG KÝ")).map(\.code) == ["1.001193", "1.000894"])
        #expect(finder.find(ProcedureFilter(text: "dang ky khai sinh")).map(\.code) == ["1.001193"])
        #expect(finder.find(ProcedureFilter(text: "chuyen muc dich", agency: "SNNMT")).map(\.code) == ["1.115501"])
        #expect(finder.find(ProcedureFilter(level: .province)).map(\.code) == ["1.115501"])
        #expect(finder.find(ProcedureFilter(field: "HO_TICH", onlineLevel: .partial)).map(\.code) == ["1.000894"])
        #expect(finder.find(ProcedureFilter(text: "1.115")).count == 2)
        #expect(finder.find(ProcedureFilter(text: "khai sinhh")).isEmpty)
    }

    @Test func closestNames() {
        let finder = ProcedureFinder(Self.catalogue)
        // Both khai-sinh entries match "khai" and, one edit away, "sinhh"; the shorter name first.
        #expect(finder.closest(to: "khai sinhh").map(\.code).prefix(2) == ["1.001193", "2.000635"])
        #expect(finder.closest(to: "ket hon").first?.code == "1.000894")
        #expect(finder.closest(to: "kethon zzz").isEmpty)  // nothing within two edits
        #expect(finder.closest(to: "").isEmpty && finder.closest(to: "a").isEmpty)
        #expect(finder.closest(to: "dat", limit: 1).count == 1)
    }

    @Test func guideKeepsItsOrderAndDropsUnknownCodes() {
        let guide = ServiceGuide(
            popular: ["1.000894", "9.999999", "1.001193"],
            lifeEvents: [LifeEvent(code: "birth", name: "Sinh con", nameEn: "Having a baby", procedures: ["1.001193"])])
        #expect(ServiceGuide.procedures(guide.popular, in: Self.catalogue).map(\.code) == ["1.000894", "1.001193"])
        #expect(guide.lifeEvent("birth")?.procedures == ["1.001193"] && guide.lifeEvent("moon") == nil)
    }
}
