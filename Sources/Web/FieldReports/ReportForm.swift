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

    /// Stores the photos sent (`photo-1` to `photo-3`), JPEG or PNG only, all checked before any
    /// is stored at `now`. Photos belong to the report, not to the reporter's document store.
    static func photos(_ form: MultipartForm, uploads: UploadPolicy, now: Date) async throws -> [Int64] {
        var parts: [MultipartForm.Part] = []
        for i in 1...maxPhotos { if let part = form.file("photo-\(i)") { parts.append(part) } }
        for part in parts { _ = try uploads.check(part, allowed: [.jpeg, .png], wrongType: "report.photoType") }
        var ids: [Int64] = []
        for part in parts {
            // Published photos lose their Exif (the phone's GPS position, its owner's device).
            let clean = MultipartForm.Part(name: part.name, fileName: part.fileName, bytes: PhotoMetadata.stripped(part.bytes))
            ids.append(try await uploads.store(clean, title: "photo", citizenId: nil, now: now).id)
        }
        return ids
    }
}
