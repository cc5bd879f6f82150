import Domain

/// What a unit's self-assessment form sends: one sub-index (`subIndex`, `value`, …) or a whole
/// section (`section` = a pillar's code, then `value:<code>`, `denominator:<code>`, `comment:<code>`,
/// `keep:<code>` and the file `evidence:<code>` per sub-index). A sub-index left blank stays
/// unanswered: nothing is declared for it, so the score does not count it as claimed.
struct DTISectionForm {
    /// One answered sub-index: the declaration and the name of its evidence file field.
    struct Answer {
        var declaration: DTIDeclaration
        let fileField: String
    }

    let answers: [Answer]
    /// Where the page goes after saving: the answered sub-index, or the next section.
    let anchor: String

    /// Reads `f` against `framework`; throws a 400 for an unknown sub-index or section, a bad number,
    /// or a section where nothing is answered.
    init(_ f: FormData, framework: DTIFramework) throws {
        if let code = f["subIndex"] {
            guard let s = framework.subIndex(code), s.source == .reported else {
                throw DomainError.invalid("subIndex", "dti.unknownSubIndex")
            }
            guard let value = try DTIViews.number(f["value"]) else { throw DomainError(.invalid, "dti.badValue", ["code": code]) }
            answers = [try Self.answer(s, value: value, f, suffix: "", keep: "keepEvidence", file: "evidence")]
            anchor = "s-\(code)"
            return
        }
        let nodes = framework.nodes
        guard let index = nodes.firstIndex(where: { $0.code == f["section"] }) else {
            throw DomainError.invalid("section", "dti.unknownSection")
        }
        var answers: [Answer] = []
        for s in nodes[index].children where s.source == .reported {
            guard let value = try DTIViews.number(f["value:\(s.code)"]) else { continue }
            answers.append(try Self.answer(s, value: value, f, suffix: ":\(s.code)", keep: "keep:\(s.code)", file: "evidence:\(s.code)"))
        }
        guard !answers.isEmpty else { throw DomainError.invalid("entries", "dti.noAnswer") }
        self.answers = answers
        anchor = "p-" + (index + 1 < nodes.count ? nodes[index + 1].code : nodes[index].code)
    }

    private static func answer(_ s: DTISubIndex, value: Double, _ f: FormData, suffix: String, keep: String, file: String) throws
        -> Answer
    {
        let denominator = s.unit == .ratio ? try DTIViews.number(f["denominator\(suffix)"]) : nil
        let declaration = DTIDeclaration(
            subIndex: s.code, value: value, denominator: denominator,
            comment: (f["comment\(suffix)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            evidence: (f[keep] ?? "").split(separator: ",").compactMap { Int64($0) })
        return Answer(declaration: declaration, fileField: file)
    }
}
