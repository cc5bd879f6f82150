import Domain
import Foundation
import Persistence
import Synchronization
import TestSupport
import Testing
import Web

/// Issue 20 item 5, many instances: two senders on one database (as two servers of one province) claim the exchange's
/// outbox items with leases, so that each package is posted to the peer exactly once.
@Suite("Document exchange outbox with two instances")
struct ExchangeTwoInstancesTests {
    /// Posts through HTTP and remembers each package posted (its `DocumentId`).
    final class CountingTransport: ExchangeTransport {
        let posted = Mutex<[String]>([])

        func post(_ bytes: [UInt8], to endpoint: String) async throws {
            let read = try DocumentPackageCodec.decodePackage(bytes, maxAttachmentBytes: 1 << 20)
            posted.withLock { $0.append(read.content.packageId) }
            try await ExchangeHTTPTransport().post(bytes, to: endpoint)
        }
    }

    /// Packages are signed when queued: the dispatchers here never sign.
    struct UnusedSealer: PackageSealer {
        func seal(_ bytes: [UInt8], now: Date) async throws -> PackageSeal { throw DomainError.forbidden() }
        func isValid(_ signature: String, over bytes: [UInt8], certificatePEM: String) -> Bool { false }
        func isUsableCertificate(_ pem: String) -> Bool { false }
        func certificatePEM(now: Date) async throws -> String { "" }
    }

    @Test("two instances claim the outbox: 12 packages, each posted once and registered once", arguments: Backend.available)
    func onceEach(_ backend: Backend) async throws {
        // Province A's own worker is slowed down: the two dispatchers of the test are its instances.
        let sender = Exchange.environment(Exchange.provinceA, ["EXCHANGE_POLL_SECONDS": "3600", "OUTBOX_POLL_SECONDS": "3600"])
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, dbB in
            try await withApp(backend, extraEnvironment: sender) { apiA, dbA in
                try await Exchange.addPeer(apiA, apiB)
                try await Exchange.addPeer(apiB, apiA)
                for _ in 0..<12 {
                    let document = try await Exchange.outgoing(apiA, dbA)
                    #expect(try await Exchange.send(apiA, document, to: Exchange.provinceB).status == .accepted)
                }
                let database = try dbA.open()
                let transport = CountingTransport()
                let repository = SQLExchangeRepository(database: database)
                func dispatcher(_ holder: String) -> ExchangeDispatcher {
                    ExchangeDispatcher(
                        exchange: repository, transport: transport, sealer: UnusedSealer(),
                        organisation: ExchangeOrganisation(id: Exchange.provinceA, name: "A"), policy: PortalSyncRetryPolicy(),
                        clock: .system,
                        holder: holder, leaseSeconds: 60)
                }
                func drain(_ dispatcher: ExchangeDispatcher) async throws -> Int {
                    var sent = 0
                    for _ in 0..<50 {
                        sent += try await dispatcher.runOnce(batch: 2, passes: 1)
                        if try await repository.counts()[.pending, default: 0] == 0 { break }
                    }
                    return sent
                }
                async let first = drain(dispatcher("first"))
                async let second = drain(dispatcher("second"))
                let sent = try await (first, second)
                await database.shutdown()
                #expect(sent.0 + sent.1 == 12)
                let posted = transport.posted.withLock { $0 }
                #expect(posted.count == 12 && Set(posted).count == 12, "a package was posted twice: \(posted)")
                #expect(try await dbB.count("exchange_received") == 12)
            }
        }
    }
}
