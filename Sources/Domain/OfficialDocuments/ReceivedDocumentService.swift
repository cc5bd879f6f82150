import Foundation

/// What a citizen's account shows of the outgoing documents addressed to them. Only an account
/// whose ID number an identity provider vouched for (level 1 or 2) receives them: a self-declared
/// number could be anyone's, and an official document addressed to a person is their personal data
/// (Law 91/2025/QH15 on personal data protection). Anyone else gets "not found"; each download is audited.
public struct ReceivedDocumentService: Sendable {
    let received: any ReceivedDocumentRepository
    let blobs: any BlobStore
    let audit: any AuditLog
    let clock: Clock

    public init(received: any ReceivedDocumentRepository, blobs: any BlobStore, audit: any AuditLog, clock: Clock) {
        self.received = received
        self.blobs = blobs
        self.audit = audit
        self.clock = clock
    }

    /// The ID number documents are delivered to for `citizen`, if their identity is vouched for.
    static func holderNumber(_ citizen: Citizen) -> String? {
        guard citizen.identityLevel >= .level1 else { return nil }
        return citizen.profile.idNumber
    }

    /// The citizen's latest 200 documents, newest first.
    public func documents(of citizen: Citizen) async throws -> [ReceivedDocument] {
        guard let number = Self.holderNumber(citizen) else { return [] }
        return try await received.received(holderNumber: number, limit: 200)
    }

    /// The signed file of document `id` for its addressee, audited; "not found" for anyone else.
    public func file(_ id: Int64, for citizen: Citizen, address: String?) async throws -> (ReceivedDocument, [UInt8]) {
        guard let number = Self.holderNumber(citizen), let document = try await received.received(id: id, holderNumber: number),
            let bytes = try await blobs.get(document.sha256)
        else { throw DomainError.notFound("outgoing.notFound") }
        try await audit.record(
            AuditActor(name: "citizen:\(citizen.id)", address: address).entry(
                "citizen.receivedDocument.download", target: String(id), detail: document.numberSymbol, at: clock.now()))
        return (document, bytes)
    }
}
