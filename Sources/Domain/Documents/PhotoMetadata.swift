/// Removes what a photo says about its taker before it is published, and fails closed: a photo
/// that cannot be taken apart and put back together is refused (`report.photoUnreadable`, 415),
/// never published as sent. JPEG keeps only what displays the first image (see `JPEGCleaner`);
/// PNG keeps its critical chunks and three colour ones (see `PNGCleaner`). Other types (WebP,
/// HEIC, PDF...) are refused: the report form accepts JPEG and PNG only.
public enum PhotoMetadata {
    /// The published form of `bytes`; throws when they are not a JPEG or PNG this parser understands.
    public static func stripped(_ bytes: [UInt8]) throws -> [UInt8] {
        switch MediaType.sniff(bytes) {
        case .jpeg: try JPEGCleaner.clean(bytes)
        case .png: try PNGCleaner.clean(bytes)
        default: throw unreadable
        }
    }

    /// The refusal of a photo that cannot be cleaned.
    static var unreadable: DomainError { DomainError(.unsupportedMediaType, "report.photoUnreadable") }
}
