import Domain

/// The upload quotas: what a citizen may keep in their document store, and how many photos one
/// address may send with anonymous field reports per hour and per day.
public struct UploadQuotas: Sendable {
    public var store: StoreQuota
    public var reportPhotosPerHour: Int
    public var reportPhotosPerDay: Int

    public init(store: StoreQuota = .unlimited, reportPhotosPerHour: Int = .max, reportPhotosPerDay: Int = .max) {
        self.store = store
        self.reportPhotosPerHour = reportPhotosPerHour
        self.reportPhotosPerDay = reportPhotosPerDay
    }
}
