import Foundation

/// A URL pattern of the platform, defined once: the router registers `pattern` and pages and
/// redirects build links with `link(_:)`.
public struct RouteDef: Sendable {
    public let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    /// The path with `:name` segments replaced, in order, by the percent-encoded `values`.
    public func link(_ values: String...) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return String(segment) }
            return Self.segment(value)
        }
        return segments.joined(separator: "/")
    }

    /// The characters a path segment keeps as they are.
    static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(["/"])

    /// `value` as one path segment: percent-encoded, except the common case of a value made only of
    /// letters, digits and `-._~` (codes, ids), which is kept without Foundation's slower encoding.
    static func segment(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                true
            default: false
            }
        }
        return plain ? value : value.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? value
    }
}

/// Every URL of the platform.
public enum Routes {
    // Operations
    public static let health = RouteDef("/healthz")
    public static let ready = RouteDef("/readyz")
    public static let metrics = RouteDef("/metrics")
    public static let openAPI = RouteDef("/openapi.json")
    public static let stylesheet = RouteDef("/static/motcua.css")
    public static let reportScript = RouteDef("/static/report-form.js")
    public static let icon = RouteDef("/static/favicon.svg")
    public static let printScript = RouteDef("/static/print.js")

    // JSON API
    public static let apiSession = RouteDef("/api/v1/session")
    public static let apiProcedures = RouteDef("/api/v1/procedures")
    public static let apiProcedure = RouteDef("/api/v1/procedures/:code")
    public static let apiCatalogueExport = RouteDef("/api/v1/catalogue/export")
    public static let apiCatalogueImport = RouteDef("/api/v1/catalogue/import")
    public static let apiDossiers = RouteDef("/api/v1/dossiers")
    public static let apiDossier = RouteDef("/api/v1/dossiers/:code")
    public static let apiDossierTransitions = RouteDef("/api/v1/dossiers/:code/transitions")
    public static let apiQueue = RouteDef("/api/v1/queue")
    public static let apiDueDate = RouteDef("/api/v1/calendar/due-date")
    public static let apiCalendarDays = RouteDef("/api/v1/calendars/:code/days")
    public static let apiCalendarDay = RouteDef("/api/v1/calendars/:code/days/:date")
    public static let apiCalendarYears = RouteDef("/api/v1/calendars/:code/years")
    public static let apiCalendarYear = RouteDef("/api/v1/calendars/:code/years/:year")
    public static let apiTracking = RouteDef("/api/v1/tracking/:code")
    public static let apiWorkflow = RouteDef("/api/v1/workflows/:code")
    public static let apiUnits = RouteDef("/api/v1/units")
    public static let apiAgencies = RouteDef("/api/v1/agencies")
    public static let apiStatutoryDays = RouteDef("/api/v1/calendar/statutory-days")
    public static let apiResultVerification = RouteDef("/api/v1/results/:code/verification")
    public static let apiResultVerify = RouteDef("/api/v1/results/verify")
    public static let apiSatisfaction = RouteDef("/api/v1/ratings/satisfaction")
    public static let apiSandboxCallback = RouteDef("/api/v1/payments/sandbox/callback")
    public static let apiVNPayIPN = RouteDef("/api/v1/payments/vnpay/ipn")
    public static let apiPaymentGateway = RouteDef("/api/v1/payments/:orderId/gateway")
    public static let apiPaymentRefund = RouteDef("/api/v1/payments/:orderId/refund")
    public static let apiPaymentReconciliation = RouteDef("/api/v1/payments/reconciliation")

    // Officer workspace
    public static let login = RouteDef("/officer/login")
    public static let logout = RouteDef("/officer/logout")
    public static let loginCode = RouteDef("/officer/login/code")
    public static let loginEnrol = RouteDef("/officer/login/enrol")
    public static let officerSecurity = RouteDef("/officer/security")
    public static let officerTOTP = RouteDef("/officer/security/totp")
    public static let officerTOTPDisable = RouteDef("/officer/security/totp/disable")
    public static let officerPassword = RouteDef("/officer/security/password")
    public static let queue = RouteDef("/officer")
    public static let dossierSearch = RouteDef("/officer/tim-ho-so")
    public static let receiptForm = RouteDef("/officer/receive")
    public static let receiptAssisted = RouteDef("/officer/receive/assisted/:code")
    public static let dossier = RouteDef("/officer/dossiers/:code")
    public static let dossierTransition = RouteDef("/officer/dossiers/:code/transition")
    public static let receiptSlip = RouteDef("/officer/dossiers/:code/receipt")
    public static let controlSlip = RouteDef("/officer/dossiers/:code/control-slip")
    public static let dossierResult = RouteDef("/officer/dossiers/:code/result")
    public static let dossierResultRevocation = RouteDef("/officer/dossiers/:code/result/revocation")
    public static let devMessages = RouteDef("/dev/messages")
    public static let calendarYears = RouteDef("/officer/lich-lam-viec")
    public static let calendarYearConfirm = RouteDef("/officer/lich-lam-viec/:year")
    public static let calendarYearGlance = RouteDef("/officer/lich-lam-viec/nam/:year")
    public static let calendarYearDays = RouteDef("/officer/lich-lam-viec/nam/:year/ngay")
    public static let calendarYearDayRemove = RouteDef("/officer/lich-lam-viec/nam/:year/ngay/:date/xoa")
    public static let adminOfficers = RouteDef("/officer/quan-tri/can-bo")
    public static let adminOfficer = RouteDef("/officer/quan-tri/can-bo/:id")
    public static let adminOfficerRoles = RouteDef("/officer/quan-tri/can-bo/:id/vai-tro")
    public static let adminOfficerActive = RouteDef("/officer/quan-tri/can-bo/:id/trang-thai")
    public static let adminOfficerPassword = RouteDef("/officer/quan-tri/can-bo/:id/mat-khau")
    public static let adminOfficerSecondFactor = RouteDef("/officer/quan-tri/can-bo/:id/xac-thuc")
    public static let adminWorkflows = RouteDef("/officer/quan-tri/quy-trinh")
    public static let adminWorkflow = RouteDef("/officer/quan-tri/quy-trinh/:code")
    public static let adminAgencies = RouteDef("/officer/quan-tri/co-quan")
    public static let adminAgency = RouteDef("/officer/quan-tri/co-quan/:id")
    public static let adminReportCategories = RouteDef("/officer/quan-tri/linh-vuc-phan-anh")
    public static let adminReportCategory = RouteDef("/officer/quan-tri/linh-vuc-phan-anh/:code")
    public static let adminReportCategoryRoutes = RouteDef("/officer/quan-tri/linh-vuc-phan-anh/:code/dinh-tuyen")
    public static let adminProcedures = RouteDef("/officer/quan-tri/thu-tuc")
    public static let adminProcedure = RouteDef("/officer/quan-tri/thu-tuc/:code")

    // Public
    public static let home = RouteDef("/")
    public static let tracking = RouteDef("/tra-cuu")
    public static let procedures = RouteDef("/thu-tuc")
    public static let procedure = RouteDef("/thu-tuc/:code")
    public static let submission = RouteDef("/thu-tuc/:code/nop-truc-tuyen")
    public static let verify = RouteDef("/xac-minh-ket-qua")
    public static let document = RouteDef("/tai-lieu/:id")
    public static let documentPreview = RouteDef("/tai-lieu/:id/xem")

    // Citizen account
    public static let register = RouteDef("/dang-ky")
    public static let citizenLogin = RouteDef("/dang-nhap")
    public static let citizenLogout = RouteDef("/dang-xuat")
    public static let oidcStart = RouteDef("/dang-nhap/vneid")
    public static let oidcCallback = RouteDef("/dang-nhap/vneid/callback")
    public static let account = RouteDef("/tai-khoan")
    public static let citizenPassword = RouteDef("/tai-khoan/mat-khau")
    public static let accountNotices = RouteDef("/tai-khoan/thong-bao")
    public static let passwordReset = RouteDef("/quen-mat-khau")
    public static let passwordResetCode = RouteDef("/quen-mat-khau/ma")
    public static let myDossiers = RouteDef("/ho-so-cua-toi")
    public static let myDossier = RouteDef("/ho-so-cua-toi/:code")
    public static let myDossierPayment = RouteDef("/ho-so-cua-toi/:code/thanh-toan")
    public static let myDossierPaymentReturn = RouteDef("/ho-so-cua-toi/:code/thanh-toan/ket-qua")
    public static let myDossierRating = RouteDef("/ho-so-cua-toi/:code/danh-gia")
    public static let myDossierSupplement = RouteDef("/ho-so-cua-toi/:code/bo-sung")

    // Field reports (phản ánh hiện trường)
    public static let reports = RouteDef("/phan-anh")
    public static let newReport = RouteDef("/phan-anh/gui")
    public static let report = RouteDef("/phan-anh/:id")
    public static let reportPhoto = RouteDef("/phan-anh/:id/anh/:doc")
    public static let reportFeedback = RouteDef("/phan-anh/:id/y-kien")
    public static let officerReports = RouteDef("/officer/phan-anh")
    public static let officerNewReport = RouteDef("/officer/phan-anh/tiep-nhan")
    public static let officerReportStatistics = RouteDef("/officer/phan-anh/thong-ke")
    public static let officerReport = RouteDef("/officer/phan-anh/:id")
    public static let officerReportAction = RouteDef("/officer/phan-anh/:id/xu-ly")
    public static let apiReport = RouteDef("/api/v1/field-reports/:id")
    public static let apiReportActions = RouteDef("/api/v1/field-reports/:id/actions")
    public static let apiReportStatistics = RouteDef("/api/v1/field-reports/statistics")
    public static let apiReportStatisticsCSV = RouteDef("/api/v1/field-reports/statistics.csv")
    public static let apiReportCategories = RouteDef("/api/v1/field-reports/categories")
    public static let apiReportCategory = RouteDef("/api/v1/field-reports/categories/:code")
    public static let apiReportRoutes = RouteDef("/api/v1/field-reports/routes")
    public static let apiReportSuggestion = RouteDef("/api/v1/field-reports/suggestion")
    public static let apiReportEscalations = RouteDef("/api/v1/field-reports/escalations")

    // Operations centre: dashboards, the service-quality index, periodic reports.
    public static let operations = RouteDef("/officer/dieu-hanh")
    public static let operationsIndex = RouteDef("/officer/dieu-hanh/chi-so-766")
    public static let operationsReport = RouteDef("/officer/dieu-hanh/bao-cao")
    public static let operationsArchived = RouteDef("/officer/dieu-hanh/bao-cao/luu-tru/:id")
    public static let operationsDossier = RouteDef("/officer/dieu-hanh/ho-so/:code")
    public static let operationsScript = RouteDef("/static/operations.js")
    public static let apiDashboard = RouteDef("/api/v1/statistics/dashboard")
    public static let apiServiceIndex = RouteDef("/api/v1/statistics/service-index")
    public static let apiServiceIndexRanking = RouteDef("/api/v1/statistics/service-index/ranking")
    public static let apiServiceIndexFramework = RouteDef("/api/v1/statistics/service-index/framework")
    public static let apiPeriodicReport = RouteDef("/api/v1/statistics/report.csv")
    public static let apiStatisticsRebuild = RouteDef("/api/v1/statistics/rebuild")

    // Digital-transformation assessment (DTI): rounds, self-assessment, appraisal, rankings, targets.
    public static let dti = RouteDef("/officer/chuyen-doi-so")
    public static let dtiRound = RouteDef("/officer/chuyen-doi-so/dot/:id")
    public static let dtiPublish = RouteDef("/officer/chuyen-doi-so/dot/:id/cong-bo")
    public static let dtiRanking = RouteDef("/officer/chuyen-doi-so/dot/:id/xep-hang")
    public static let dtiUnit = RouteDef("/officer/chuyen-doi-so/dot/:id/don-vi/:unit")
    public static let dtiDeclare = RouteDef("/officer/chuyen-doi-so/dot/:id/don-vi/:unit/tu-danh-gia")
    public static let dtiReview = RouteDef("/officer/chuyen-doi-so/dot/:id/don-vi/:unit/tham-dinh")
    public static let dtiEvidence = RouteDef("/officer/chuyen-doi-so/minh-chung/:id")
    public static let dtiTargets = RouteDef("/officer/chuyen-doi-so/chi-tieu")
    public static let apiDTIFrameworks = RouteDef("/api/v1/dti/frameworks")
    public static let apiDTIRounds = RouteDef("/api/v1/dti/rounds")
    public static let apiDTIRound = RouteDef("/api/v1/dti/rounds/:id")
    public static let apiDTIUnit = RouteDef("/api/v1/dti/rounds/:id/units/:unit")
    public static let apiDTIReview = RouteDef("/api/v1/dti/rounds/:id/units/:unit/reviews")
    public static let apiDTIPublish = RouteDef("/api/v1/dti/rounds/:id/publish")
    public static let apiDTIRanking = RouteDef("/api/v1/dti/rounds/:id/ranking")
    public static let apiDTITargets = RouteDef("/api/v1/dti/targets")
    public static let apiDTITarget = RouteDef("/api/v1/dti/targets/:id")

    // Open311 GeoReport v2 (the last segment carries the format: services.json, requests/12.xml)
    public static let open311Resource = RouteDef("/open311/v2/:resource")
    public static let open311Item = RouteDef("/open311/v2/:resource/:item")

    // Sandbox payment gateway (the provider's own pages)
    public static let sandboxCheckout = RouteDef("/sandbox-pay/checkout")
}
