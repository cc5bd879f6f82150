import Domain
import Foundation

/// Reading the report form (public and officers' intake): the intake and up to three photos.
enum ReportForm {
    static let maxPhotos = 3

    static func intake(_ f: FormData, channel: ReportChannel, citizen: Citizen?) throws -> ReportIntake {
        var location: GeoPoint?
        if f["latitude"] != nil || f["longitude"] != nil {
            guard let lat = f["latitude"].flatMap(Double.init), let lon = f["longitude"].flatMap(Double.init) else {
                throw DomainError.invalid("location", "report.badLocation")
            }
            location = GeoPoint(latitude: lat, longitude: lon)
        }
        return ReportIntake(
            categoryCode: f["categoryCode"], description: f["description"] ?? "", location: location,
            unitCode: f["unitCode"], address: f["address"], channel: channel,
            reporter: ReporterContact(
                name: f["name"], phone: f["phone"].map(CitizenProfile.normalisedPhone),
                email: f["email"]?.lowercased(), citizenId: citizen?.id))
    }

    /// The photos sent (`photo-1` to `photo-3`): JPEG or PNG within the size limit, cleaned of what
    /// they say about their taker (`PhotoMetadata`; a photo that cannot be cleaned is refused). Nothing is stored.
    static func cleanPhotos(_ form: MultipartForm, uploads: UploadPolicy) throws -> [MultipartForm.Part] {
        var parts: [MultipartForm.Part] = []
        for i in 1...maxPhotos { if let part = form.file("photo-\(i)") { parts.append(part) } }
        for part in parts { _ = try uploads.check(part, allowed: [.jpeg, .png], wrongType: "report.photoType") }
        return try parts.map { MultipartForm.Part(name: $0.name, fileName: $0.fileName, bytes: try PhotoMetadata.stripped($0.bytes)) }
    }

    /// Stores photos from `cleanPhotos` at `now`. Photos belong to the report, not to the reporter's document store.
    static func store(_ photos: [MultipartForm.Part], uploads: UploadPolicy, now: Date) async throws -> [Int64] {
        var ids: [Int64] = []
        for photo in photos { ids.append(try await uploads.store(photo, title: "photo", citizenId: nil, now: now).id) }
        return ids
    }
}
