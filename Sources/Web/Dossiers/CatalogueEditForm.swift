import Domain
import Foundation

/// The fields of a procedure's edit form, read into a `ProcedureEdit` and written from a procedure: fees
/// (`fee_<n>_name`, `_nameEn`, `_amount`, `_per`, `_note`, `_basis`, `_from`, `_remove`), the time limit
/// (`limitValue`, `limitUnit`, `limitBasis`), the online level (`onlineLevel`, `levelBasis`, `onlineOnly`,
/// `onlineOnlySince`, `onlineOnlyBasis`) and documents (`doc_<n>_name`, `_nameEn`, `_originals`, `_copies`,
/// `_conditional`, `_electronic`). A value that cannot be read is refused with the row it is on.
enum CatalogueEditForm {
    /// The most rows read of each list (the page shows one blank row more than the procedure has).
    static let maxRows = 60

    /// The form's values for `procedure` as it is stored.
    static func fields(of p: Procedure) -> [String: String] {
        var f: [String: String] = [
            "limitValue": p.timeLimit.unit == .sameDay ? "" : String(p.timeLimit.value), "limitUnit": p.timeLimit.unit.rawValue,
            "limitBasis": p.timeLimitBasis ?? "", "onlineLevel": p.onlineLevel.rawValue, "levelBasis": p.onlineTerms.levelBasis ?? "",
            "onlineOnlySince": p.onlineTerms.onlineOnly?.since.iso ?? "", "onlineOnlyBasis": p.onlineTerms.onlineOnly?.basis ?? "",
        ]
        if p.onlineTerms.onlineOnly != nil { f["onlineOnly"] = "on" }
        for (i, fee) in p.fees.enumerated() {
            let values = [
                "name": fee.name, "nameEn": fee.nameEn, "amount": String(fee.amount), "per": fee.per.rawValue, "note": fee.note ?? "",
                "basis": fee.basis ?? "", "from": String(i),
            ]
            for (key, value) in values { f["fee_\(i)_\(key)"] = value }
        }
        for (i, d) in p.documents.enumerated() {
            let values = ["name": d.name, "nameEn": d.nameEn, "originals": String(d.originals), "copies": String(d.copies)]
            for (key, value) in values { f["doc_\(i)_\(key)"] = value }
            if d.conditional { f["doc_\(i)_conditional"] = "on" }
            if d.electronicCopyAllowed { f["doc_\(i)_electronic"] = "on" }
        }
        return f
    }

    /// The edit the form asks for on `procedure`.
    static func edit(_ form: FormData, of procedure: Procedure) throws -> ProcedureEdit {
        guard let unit = form["limitUnit"].flatMap(TimeLimitUnit.init(rawValue:)) else {
            throw DomainError.invalid("limitUnit", "catalogue.badTimeLimit")
        }
        let value = unit == .sameDay ? 0 : try number(form["limitValue"], DomainError.invalid("limitValue", "catalogue.badTimeLimit"))
        guard let level = form["onlineLevel"].flatMap(OnlineLevel.init(rawValue:)) else { throw DomainError.invalid("onlineLevel") }
        var onlineOnly: OnlineOnlyRule?
        if form["onlineOnly"] == "on" {
            guard let since = form["onlineOnlySince"].flatMap(LocalDate.init(iso:)) else {
                throw DomainError.invalid("onlineOnlySince", "catalogue.badOnlineOnlySince")
            }
            onlineOnly = OnlineOnlyRule(basis: form["onlineOnlyBasis"] ?? "", since: since)
        }
        return ProcedureEdit(
            fees: try fees(form, of: procedure), timeLimit: TimeLimit(value: value, unit: unit), timeLimitBasis: form["limitBasis"],
            onlineLevel: level, levelBasis: form["levelBasis"], onlineOnly: onlineOnly, documents: try documents(form, of: procedure))
    }

    /// The fees of the form: a row ticked for removal or left blank is left out; a fee kept from the
    /// procedure keeps its exemptions.
    private static func fees(_ form: FormData, of procedure: Procedure) throws -> [Fee] {
        try (0..<maxRows).compactMap { i -> Fee? in
            let key = { (name: String) in "fee_\(i)_\(name)" }
            guard form.fields[key("name")] != nil, form[key("remove")] == nil else { return nil }
            if form[key("name")] == nil && form[key("amount")] == nil { return nil }
            let row = ["row": String(i + 1)]
            let amount = try number(form[key("amount")].map(plainAmount), DomainError(.invalid, "catalogue.badFeeAmount", row))
            guard let per = FeeBasis(rawValue: form[key("per")] ?? FeeBasis.dossier.rawValue) else {
                throw DomainError(.invalid, "catalogue.badFeeAmount", row)
            }
            let kept = form[key("from")].flatMap(Int.init).flatMap { procedure.fees.indices.contains($0) ? procedure.fees[$0] : nil }
            return Fee(
                name: form[key("name")] ?? "", nameEn: form[key("nameEn")] ?? "", amount: amount, note: form[key("note")], per: per,
                exemptions: kept?.exemptions ?? [], basis: form[key("basis")])
        }
    }

    /// The documents of the form: every document the procedure has (a blank name is refused), then the
    /// new rows that name one; each keeps its form template.
    private static func documents(_ form: FormData, of procedure: Procedure) throws -> [RequiredDocument] {
        try (0..<maxRows).compactMap { i -> RequiredDocument? in
            let key = { (name: String) in "doc_\(i)_\(name)" }
            let existing = procedure.documents.indices.contains(i) ? procedure.documents[i] : nil
            guard existing != nil || form[key("name")] != nil else { return nil }
            let bad = DomainError(.invalid, "catalogue.badDocumentCount", ["row": String(i + 1)])
            return RequiredDocument(
                name: form[key("name")] ?? "", nameEn: form[key("nameEn")] ?? "", originals: try number(form[key("originals")] ?? "0", bad),
                copies: try number(form[key("copies")] ?? "0", bad), electronicCopyAllowed: form[key("electronic")] == "on",
                form: existing?.form, conditional: form[key("conditional")] == "on")
        }
    }

    /// An amount as typed, without the thousands separators people write ("10.000", "10,000", "10 000").
    private static func plainAmount(_ text: String) -> String {
        text.filter { $0 != "." && $0 != "," && $0 != " " && $0 != "\u{00A0}" }
    }

    /// A whole number of at most nine digits, or `error`.
    private static func number(_ text: String?, _ error: DomainError) throws -> Int {
        guard let text, text.count <= 9, text.allSatisfy(\.isASCII), let n = Int(text) else { throw error }
        return n
    }
}
