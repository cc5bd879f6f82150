import Domain
import Foundation

/// The counter form's per-component checklist (thành phần hồ sơ): one group per procedure, one row per
/// document of the procedure (received or not, originals, copies, scan attached). Required documents start
/// ticked with the catalogue's counts, conditional ones (needed only in the case their name gives) unticked.
enum CounterChecklist {
    /// The checklist of one procedure.
    struct Group: Encodable, Sendable {
        let procedureCode: String
        let shown: Bool
        let rows: [Row]
    }

    /// One document of the procedure, as the form shows it.
    struct Row: Encodable, Sendable {
        let name: String
        let conditional: Bool
        let received: Bool
        let originals: Int
        let copies: Int
        let scanned: Bool
        /// Field names and the element id prefix.
        let field: String
        let id: String
    }

    /// The form field of document `index` of `procedure` (`part`: received, originals, copies, scanned).
    static func field(_ procedure: String, _ index: Int, _ part: String) -> String { "c.\(procedure).\(index).\(part)" }

    /// Every procedure's checklist; the chosen one shows `values` (a refused submission), the others the defaults.
    static func groups(_ procedures: [Procedure], chosen: String?, values: [String: String], english: Bool) -> [Group] {
        procedures.map { p in
            let submitted = p.code == chosen && values["formKey"] != nil
            let rows = p.documents.enumerated().map { i, d in
                func value(_ part: String) -> String? { submitted ? values[field(p.code, i, part)] : nil }
                return Row(
                    name: english ? d.nameEn : d.name, conditional: d.conditional,
                    received: submitted ? value("received") == "yes" : !d.conditional,
                    originals: value("originals").flatMap(Int.init) ?? d.originals, copies: value("copies").flatMap(Int.init) ?? d.copies,
                    scanned: value("scanned") == "yes", field: "c.\(p.code).\(i)",
                    id: "c-" + p.code.replacingOccurrences(of: ".", with: "-") + "-\(i)")
            }
            return Group(procedureCode: p.code, shown: p.code == chosen, rows: rows)
        }
    }

    /// The components the form says were received for `procedure`; a count that is not a number is refused.
    static func components(_ form: FormData, procedure: Procedure) throws -> [ReceivedComponent] {
        try procedure.documents.indices.compactMap { i in
            guard form[field(procedure.code, i, "received")] == "yes" else { return nil }
            func count(_ part: String) throws -> Int {
                let text = (form[field(procedure.code, i, part)] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return 0 }
                guard let n = Int(text) else {
                    throw DomainError(.invalid, "receipt.componentCount", ["name": procedure.documents[i].name])
                }
                return n
            }
            return ReceivedComponent(
                requirement: i, originals: try count("originals"), copies: try count("copies"),
                scanned: form[field(procedure.code, i, "scanned")] == "yes")
        }
    }
}
