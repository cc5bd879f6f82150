/// The administrators' pages of the document exchange: the peers and the outbox.
extension Routes {
    public static let adminExchangePeers = RouteDef("/officer/quan-tri/lien-thong")
    public static let adminExchangePeerDelete = RouteDef("/officer/quan-tri/lien-thong/:organisationId/xoa")
    public static let adminExchangeOutbox = RouteDef("/officer/quan-tri/lien-thong/hang-doi")
    public static let adminExchangeResend = RouteDef("/officer/quan-tri/lien-thong/hang-doi/:id/gui-lai")
}
