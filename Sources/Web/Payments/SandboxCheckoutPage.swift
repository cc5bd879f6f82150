import Domain
import Foundation

/// The sandbox gateway's checkout page (`sandbox-checkout` template): the signed order, pay or cancel.
struct SandboxCheckoutPage: PageModel {
    static let template = "sandbox-checkout"

    /// A field of the signed order, sent back as a hidden input.
    struct Field: Encodable, Sendable {
        let name: String
        let value: String
    }

    let fields: [Field]
    let order: String
    let amount: String
    let action = Routes.sandboxCheckout.link()

    init(_ order: [String: String]) {
        fields = order.sorted { $0.key < $1.key }.map { Field(name: $0.key, value: $0.value) }
        self.order = order["order"] ?? ""
        amount = Format.money(Int(order["amount"] ?? "") ?? 0)
    }
}
