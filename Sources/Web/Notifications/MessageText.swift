import Domain
import Foundation

/// A notification's words: its catalogue template filled with its parameters, the dates as dd/MM/yyyy,
/// the amounts in đồng, and the link to the dossier (its page for an account's dossier, public tracking
/// otherwise). The sender and the citizen's list of messages say the same thing.
struct MessageText: Sendable {
    let strings: Strings
    /// The platform's public address, before the links' paths ("" on the pages: links stay relative).
    let base: String

    /// The parameters as shown in `language`.
    func shown(_ raw: [String: String], _ language: Language) -> [String: String] {
        var p = raw
        if let code = raw["dossier"] {
            p["link"] = base + Routes.myDossier.link(code)
        } else if let code = raw["tracking"] {
            p["link"] = base + Routes.tracking.link() + "?code=" + code
        } else if let id = raw["officialDocument"] {
            p["link"] = base + Routes.officialDocument.link(id)
        } else if raw["receivedDocument"] != nil {
            p["link"] = base + Routes.accountDocuments.link()
        }
        if let iso = raw["dueDate"] {
            p["dueDate"] = LocalDate(iso: iso).map(Format.day) ?? strings.text("notify_due_unknown", language)
        }
        if let amount = raw["amount"].flatMap(Int.init) { p["amount"] = Format.money(amount) }
        return p
    }

    func subject(_ template: String, _ params: [String: String], _ language: Language) -> String {
        strings.text("notify.\(template).subject", language, shown(params, language))
    }

    func body(_ template: String, _ channel: MessageChannel, _ params: [String: String], _ language: Language) -> String {
        strings.text("notify.\(template).\(channel.rawValue)", language, shown(params, language))
    }
}
