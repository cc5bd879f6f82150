import Domain
import SQLKit

/// Demo officers for development mode only: at the provincial committee, service centre and a few
/// departments, and one set at each of two wards, all sharing one password.
public enum DemoOfficers {
    /// A demo account: username, full name, where it works, what it may do.
    public struct Account: Sendable {
        public let username: String
        public let fullName: String
        /// An agency short code, or `MC|UB|CA` followed by a commune code.
        public let agency: String
        public let roles: Set<Role>
    }

    public static let accounts: [Account] = [
        Account(username: "quantri", fullName: "Nguyễn Văn Quản", agency: "UBND", roles: [.admin]),
        Account(username: "tiepnhan.tinh", fullName: "Lê Thị Tiếp", agency: "TTPVHCC", roles: [.receiving, .returning]),
        Account(username: "lanhdao.stp", fullName: "Trần Văn Lãnh", agency: "STP", roles: [.leader]),
        Account(username: "chuyenvien.stp", fullName: "Phạm Thị Chuyên", agency: "STP", roles: [.specialist]),
        Account(username: "lanhdao.sxd", fullName: "Hoàng Văn Đạo", agency: "SXD", roles: [.leader]),
        Account(username: "chuyenvien.sxd", fullName: "Vũ Thị Xây", agency: "SXD", roles: [.specialist]),
        // The department in charge of digital transformation: opens and appraises the DTI rounds.
        Account(username: "lanhdao.skhcn", fullName: "Lương Văn Số", agency: "SKHCN", roles: [.leader]),
        Account(username: "chuyenvien.skhcn", fullName: "Trịnh Thị Đổi", agency: "SKHCN", roles: [.specialist]),
        // The provincial People's Committee's specialist: fills in the province's own DTI self-assessment.
        Account(username: "chuyenvien.ubnd", fullName: "Phan Thị Tỉnh", agency: "UBND", roles: [.specialist]),
        // The provincial People's Committee's clerk and leader: the registers of official documents.
        Account(username: "vanthu.ubnd", fullName: "Đặng Thị Thư", agency: "UBND", roles: [.clerk]),
        Account(username: "lanhdao.ubnd", fullName: "Lê Văn Chỉ", agency: "UBND", roles: [.leader]),
        Account(username: "tiepnhan.hacthanh", fullName: "Đỗ Thị Hạc", agency: "MC14797", roles: [.receiving, .returning]),
        Account(username: "lanhdao.hacthanh", fullName: "Bùi Văn Thành", agency: "UB14797", roles: [.leader]),
        Account(username: "chuyenvien.hacthanh", fullName: "Ngô Thị Hồ", agency: "UB14797", roles: [.specialist]),
        Account(username: "chuyenvien2.hacthanh", fullName: "Đinh Văn Tịch", agency: "UB14797", roles: [.specialist]),
        Account(username: "congan.hacthanh", fullName: "Lý Văn An", agency: "CA14797", roles: [.leader, .specialist]),
        Account(username: "tiepnhan.quangphu", fullName: "Mai Thị Phú", agency: "MC16522", roles: [.receiving, .returning]),
        Account(username: "lanhdao.quangphu", fullName: "Cao Văn Quảng", agency: "UB16522", roles: [.leader]),
        Account(username: "chuyenvien.quangphu", fullName: "Tạ Thị Phương", agency: "UB16522", roles: [.specialist]),
    ]

    /// Creates the demo officers that do not exist yet; returns how many were created. The
    /// password is hashed (slow by design) only when one is missing.
    @discardableResult
    public static func seed(_ database: Database, passwordHash: @escaping @Sendable () -> String) async throws -> Int {
        let existing = try await database.read { db in
            Set(try await db.raw("SELECT username FROM officers").all().map { try $0.string("username") })
        }
        let missing = accounts.filter { !existing.contains($0.username) }
        if missing.isEmpty { return 0 }
        let hash = passwordHash()
        return try await database.transaction { db in
            var created = 0
            for account in missing {
                guard let agencyId = try await agencyId(db, account.agency) else { continue }
                _ = try await SQLAccountRepository.insertOfficer(
                    db, username: account.username, passwordHash: hash,
                    fullName: account.fullName, agencyId: agencyId, roles: account.roles)
                created += 1
            }
            return created
        }
    }

    static func agencyId(_ db: any SQLDatabase, _ ref: String) async throws -> String? {
        if let prefix = ["MC", "UB", "CA"].first(where: { ref.hasPrefix($0) && ref.dropFirst(2).allSatisfy(\.isNumber) }) {
            return "\(prefix)\(ref.dropFirst(2)).\(Seeder.provinceGroup)"
        }
        return try await db.raw("SELECT id FROM agencies WHERE short_code = \(bind: ref)").first()?.string("id")
    }
}
