/// The URLs of a dossier's papers: the statutory slips its actions issued, the tracking book, the counter
/// form's script (officers only, but the script).
extension Routes {
    public static let dossierSlip = RouteDef("/officer/dossiers/:code/slips/:sequence")
    public static let trackingBook = RouteDef("/officer/so-theo-doi-ho-so")
    public static let trackingBookCSV = RouteDef("/officer/so-theo-doi-ho-so/csv")
    public static let receiveScript = RouteDef("/static/receive-form.js")
}

extension StaticAsset {
    /// Shows the checklist of the procedure chosen on the counter form.
    static let receiveScript = StaticAsset("receive-form", "js", type: "text/javascript; charset=utf-8")
}
