import Domain
import Foundation
import Testing

/// The shipped digital-transformation frameworks (`Sources/Persistence/Seed/dti-frameworks.json`)
/// pass the platform's own `validate()` and have the shape of the province's decisions: the sets of
/// Decision 3853/QĐ-UBND (2022) for departments and communes, and the province's self-assessment set
/// shaped like Decision 922/QĐ-BTTTT, each worth 1,000 points.
@Suite("Shipped DTI frameworks")
struct ShippedDTIFrameworksTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Persistence/Seed/dti-frameworks.json").standardizedFileURL

    static func shipped() throws -> (set: DTIFrameworkSet, raw: Any) {
        let data = try Data(contentsOf: url)
        return (try JSONDecoder().decode(DTIFrameworkSet.self, from: data), try JSONSerialization.jsonObject(with: data))
    }

    /// Every key path of a JSON tree (array positions collapsed), to find keys the decoder ignored.
    static func keyPaths(_ value: Any, _ prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set<String>()) { paths, member in
                paths.insert(prefix + "." + member.key)
                paths.formUnion(keyPaths(member.value, prefix + "." + member.key))
            }
        }
        if let array = value as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix + "[]")) } }
        return []
    }

    @Test("the file passes validate() and holds no key the platform would ignore")
    func validates() throws {
        let (set, raw) = try Self.shipped()
        try set.validate()
        let encoder = JSONEncoder()
        let again = try JSONSerialization.jsonObject(with: try encoder.encode(set))
        // Optional members left out when nil are fine; a key the decoder does not know is not.
        #expect(Self.keyPaths(raw).subtracting(Self.keyPaths(again)).sorted() == [])
    }

    @Test("one framework per group, with the decisions' pillars, sub-indices and 1,000 points")
    func shapes() throws {
        let (set, _) = try Self.shipped()
        let expected: [DTIGroup: (code: String, pillars: Int, subIndices: Int)] = [
            .department: ("DTI-SO-2026", 6, 41), .commune: ("DTI-XA-2026", 8, 56), .province: ("DTI-TINH-2026", 8, 44),
        ]
        for (group, shape) in expected {
            let framework = try #require(set.frameworks.first { $0.code == shape.code }, "\(shape.code) is shipped")
            #expect(framework.group == group)
            #expect(framework.nodes.count == shape.pillars, "\(shape.code) pillars")
            #expect(framework.subIndices.count == shape.subIndices, "\(shape.code) sub-indices")
            #expect(abs(framework.maxPoints - 1000) < 0.005, "\(shape.code) total")
        }
    }

    @Test("points with at most two decimals; platform indicators as percentages without evidence")
    func subIndices() throws {
        let (set, _) = try Self.shipped()
        let required: [DTIGroup: Set<PlatformIndicator>] = [
            .department: [.onlineSubmissionRate, .onTimeRate, .onlinePaymentRate, .electronicResultRate, .activeOfficerShare],
            .commune: Set(PlatformIndicator.allCases), .province: Set(PlatformIndicator.allCases),
        ]
        for framework in set.frameworks {
            for node in framework.subIndices {
                #expect(abs(node.maxPoints * 100 - (node.maxPoints * 100).rounded()) < 1e-6, "\(framework.code) \(node.code) points")
                if node.source == .platform {
                    #expect(node.unit == .percent && !node.evidenceRequired, "\(framework.code) \(node.code) platform sub-index")
                    #expect(node.rule != .ratio && node.rule != .yesNo, "\(framework.code) \(node.code) platform rule")
                }
            }
            let indicators = Set(framework.subIndices.compactMap(\.indicator))
            #expect(indicators.isSuperset(of: required[framework.group] ?? []), "\(framework.code) platform indicators")
        }
    }

    @Test("every name and guidance in Vietnamese with its diacritics and in English")
    func bilingual() throws {
        let (set, _) = try Self.shipped()
        let marks = CharacterSet(charactersIn: "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
        func check(_ vi: String, _ en: String, _ what: String) {
            #expect(vi.lowercased().rangeOfCharacter(from: marks) != nil, "\(what): Vietnamese text \(vi)")
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty && vi != en, "\(what): English text")
            #expect(vi == vi.trimmingCharacters(in: .whitespaces) && !vi.contains("  "), "\(what): stray spaces")
        }
        for framework in set.frameworks {
            check(framework.name, framework.nameEn, framework.code)
            for pillar in framework.nodes { check(pillar.name, pillar.nameEn, "\(framework.code) \(pillar.code)") }
            for node in framework.subIndices {
                check(node.name, node.nameEn, "\(framework.code) \(node.code)")
                check(node.guidance, node.guidanceEn, "\(framework.code) \(node.code) guidance")
            }
        }
        for recognition in set.recognition {
            check(recognition.name, recognition.nameEn, recognition.code)
            for c in recognition.criteria { check(c.name, c.nameEn, "\(recognition.code) \(c.code)") }
        }
    }

    @Test("digital-commune recognition: 8 to 12 criteria on the commune framework, minimums in the sub-index's unit")
    func recognition() throws {
        let (set, _) = try Self.shipped()
        #expect(!set.recognition.isEmpty)
        for recognition in set.recognition {
            let framework = try #require(set.frameworks.first { $0.code == recognition.framework })
            #expect(framework.group == .commune)
            #expect((8...12).contains(recognition.criteria.count), "\(recognition.code) criteria")
            for c in recognition.criteria {
                let node = try #require(framework.subIndex(c.subIndex))
                switch node.unit {
                case .yesNo: #expect(c.minValue == 1, "\(c.code) yes/no minimum")
                case .percent, .ratio: #expect((0...100).contains(c.minValue), "\(c.code) percentage minimum")
                case .count: #expect(c.minValue >= 0)
                }
            }
        }
    }
}
