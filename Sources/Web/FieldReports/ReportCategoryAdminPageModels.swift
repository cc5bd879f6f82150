import Domain

/// The fields of a field-report category's form, as shown or as typed.
struct ReportCategoryFields: Encodable, Sendable {
    var code = ""
    var name = ""
    var nameEn = ""
    var description = ""
    var descriptionEn = ""
    var group = ""
    var groupEn = ""
    var keywords = ""
    var handleDays = "5"
    var rejectDays = "2"
    var infoDays = "2"
    var publishDays = "1"
    var handleHours = ""

    init() {}

    init(_ c: ReportCategory) {
        code = c.code
        name = c.name
        nameEn = c.nameEn
        description = c.description
        descriptionEn = c.descriptionEn
        group = c.group
        groupEn = c.groupEn
        keywords = c.keywords.joined(separator: ", ")
        handleDays = String(c.handleDays)
        rejectDays = String(c.rejectDays)
        infoDays = String(c.infoDays)
        publishDays = String(c.publishDays)
        handleHours = c.handleHours.map(String.init) ?? ""
    }

    init(_ form: FormData) {
        func text(_ key: String) -> String { form.fields[key] ?? "" }
        code = text("code")
        name = text("name")
        nameEn = text("nameEn")
        description = text("description")
        descriptionEn = text("descriptionEn")
        group = text("group")
        groupEn = text("groupEn")
        keywords = text("keywords")
        handleDays = text("handleDays")
        rejectDays = text("rejectDays")
        infoDays = text("infoDays")
        publishDays = text("publishDays")
        handleHours = text("handleHours")
    }

    /// The category the fields describe (the questions of its form kept from `base`); a number that cannot be read is
    /// refused naming its field.
    func category(responsible: String, provincialAgency: String, base: ReportCategory?) throws -> ReportCategory {
        func number(_ text: String, _ field: String) throws -> Int {
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { throw DomainError.invalid(field) }
            return n
        }
        let hours = handleHours.trimmingCharacters(in: .whitespaces)
        return ReportCategory(
            code: code.trimmingCharacters(in: .whitespaces).uppercased(), name: name.trimmingCharacters(in: .whitespaces),
            nameEn: nameEn.trimmingCharacters(in: .whitespaces), description: description, descriptionEn: descriptionEn, group: group,
            groupEn: groupEn,
            keywords: keywords.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            handleDays: try number(handleDays, "handleDays"), rejectDays: try number(rejectDays, "rejectDays"),
            infoDays: try number(infoDays, "infoDays"), publishDays: try number(publishDays, "publishDays"),
            responsible: responsible, provincialAgency: provincialAgency, attributes: base?.attributes ?? [],
            handleHours: hours.isEmpty ? nil : try number(hours, "handleHours"))
    }
}

/// The administrators' list of field-report categories, with the form adding one.
struct ReportCategoryAdminListPage: PageModel {
    static let template = "admin-report-categories"

    /// A category as listed.
    struct Row: Encodable, Sendable {
        let link: String
        let code: String
        let name: String
        let group: String
        let time: String
        let responsible: String
        let routes: Int
    }

    let action: String
    let categories: [Row]
    let form: ReportCategoryFields
    let responsible: [OfficerAdminListPage.Choice]
    let provincialAgencies: [OfficerAdminListPage.Choice]
    var error: String?
}

/// One category's page: its form, and its routing rules (which agency answers its reports, per commune or anywhere)
/// with the form adding or replacing one.
struct ReportCategoryAdminPage: PageModel {
    static let template = "admin-report-category"

    /// A routing rule as listed.
    struct Route: Encodable, Sendable {
        let place: String
        let agency: String
    }

    let back: String
    let action: String
    let routeAction: String
    let title: String
    let form: ReportCategoryFields
    let responsible: [OfficerAdminListPage.Choice]
    let provincialAgencies: [OfficerAdminListPage.Choice]
    let routes: [Route]
    let units: [OfficerAdminListPage.Choice]
    let agencies: [OfficerAdminListPage.Choice]
    var done: String?
    var error: String?
}
