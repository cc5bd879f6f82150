/// The URL on which the signer or the clerk sends an issued document to an outside recipient by the exchange.
extension Routes {
    public static let outgoingExchangeSend = RouteDef("/officer/van-ban-di/:id/gui-lien-thong")
}
