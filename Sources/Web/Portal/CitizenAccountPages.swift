import Domain
import Foundation

/// The registration form (`register` template).
struct RegisterPage: PageModel {
    static let template = "register"
    let next: String
    var error: String?
    var fullName: String?
    var phone: String?
    var email: String?
}

/// The citizen login form (`citizen-login` template).
struct CitizenLoginPage: PageModel {
    static let template = "citizen-login"
    let next: String
    var error: String?
    var login: String?
    let registerLink = Routes.register.link()
    let forgotLink = Routes.passwordReset.link()
    /// Where the national electronic identity's button posts (nil: no provider configured).
    var vneidAction: String?
    /// Whether the password form is offered (`LOCAL_PASSWORD_SIGNIN`).
    var passwordSignIn = true

    /// Offers the sign-in ways the settings allow.
    mutating func offer(_ settings: WebSettings) {
        vneidAction = settings.openID == nil ? nil : Routes.oidcStart.link()
        passwordSignIn = settings.localPasswordSignIn
    }
}

/// The citizen's account (`account` template): the profile declared once, the document store
/// and the payment receipts.
struct AccountPage: PageModel {
    static let template = "account"

    /// The profile's fields as the form shows them (as typed, after a refused change).
    struct Values: Encodable, Sendable {
        let fullName: String?
        let birthDate: String?
        let idNumber: String?
        let unitCode: String?
        let address: String?
        let phone: String?
        let email: String?

        init(_ p: CitizenProfile) {
            fullName = p.fullName
            birthDate = p.birthDate?.iso ?? ""
            idNumber = p.idNumber ?? ""
            unitCode = p.unitCode ?? ""
            address = p.address ?? ""
            phone = p.phone ?? ""
            email = p.email ?? ""
        }

        init(form fields: [String: String]) {
            fullName = fields["fullName"]
            birthDate = fields["birthDate"]
            idNumber = fields["idNumber"]
            unitCode = fields["unitCode"]
            address = fields["address"]
            phone = fields["phone"]
            email = fields["email"]
        }
    }

    /// A document of the citizen's store.
    struct Document: Encodable, Sendable {
        let title: String
        let fileName: String
        let link: String
        let isResult: Bool
        let createdAt: String
        let size: String

        init(_ d: StoredDocument) {
            title = d.title
            fileName = d.fileName
            link = Routes.document.link(String(d.id))
            isResult = d.kind == .result
            createdAt = Format.instant(d.createdAt)
            size = Format.fileSize(d.size)
        }
    }

    /// A payment receipt.
    struct Receipt: Encodable, Sendable {
        let orderId: String
        let amount: String
        let paid: Bool
        let paidAt: String?
        let transaction: String?

        init(_ pay: Payment) {
            orderId = pay.orderId
            amount = Format.money(pay.amount)
            paid = pay.status == .paid
            paidAt = pay.paidAt.map(Format.instant)
            transaction = pay.providerTransaction
        }
    }

    let values: Values
    let communes: [CommuneOption]
    let documents: [Document]
    let hasDocuments: Bool
    let receipts: [Receipt]
    let hasReceipts: Bool
    let error: String?
    let saved: Bool
    let passwordLink = Routes.citizenPassword.link()
    let noticesLink = Routes.accountNotices.link()
    let receivedLink = Routes.accountDocuments.link()
    /// The level an identity provider vouched for (nil: a self-declared account).
    var verifiedLevel: Int?

    init(
        values: Values, communes: [CommuneOption], documents: [StoredDocument], payments: [Payment], error: String?,
        saved: Bool
    ) {
        self.values = values
        self.communes = communes
        self.documents = documents.map(Document.init)
        hasDocuments = !documents.isEmpty
        receipts = payments.map(Receipt.init)
        hasReceipts = !payments.isEmpty
        self.error = error
        self.saved = saved
    }
}
