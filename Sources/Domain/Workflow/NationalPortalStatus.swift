import Foundation

/// A dossier status code of the national public-service portal (Cổng Dịch vụ công quốc gia), which a connector sends when it
/// synchronises a dossier. Each workflow maps every one of its states to one of these (`WorkflowState.nationalStatus`).
public struct NationalPortalStatus: Sendable, Hashable {
    public let code: Int
    public let name: String
    public let nameEn: String

    /// Where the list comes from, and how sure it is. The published integration specification of the portal (Văn phòng Chính
    /// phủ) could not be found on 2026-12-06; the ten codes are the list used alike by published systems that synchronise with
    /// the portal. Check them against the specification before a connector goes live.
    public static let source =
        "Danh mục trạng thái hồ sơ dùng khi đồng bộ với Cổng Dịch vụ công quốc gia (tài liệu kỹ thuật tích hợp của Văn phòng "
        + "Chính phủ). Chưa tìm được văn bản đặc tả đã công bố (06/12/2026): mã lấy theo danh mục thống nhất giữa các hệ thống "
        + "đã tích hợp; cần đối chiếu với đặc tả trước khi kết nối."

    /// The ten codes, in order.
    public static let all: [NationalPortalStatus] = [
        .init(code: 1, name: "Mới đăng ký", nameEn: "Newly registered"),
        .init(code: 2, name: "Được tiếp nhận", nameEn: "Received"),
        .init(code: 3, name: "Không được tiếp nhận", nameEn: "Not received"),
        .init(code: 4, name: "Đang xử lý", nameEn: "Being processed"),
        .init(code: 5, name: "Yêu cầu bổ sung giấy tờ", nameEn: "Supplement requested"),
        .init(code: 6, name: "Yêu cầu thực hiện nghĩa vụ tài chính", nameEn: "Financial obligation requested"),
        .init(code: 7, name: "Công dân yêu cầu rút hồ sơ", nameEn: "Withdrawal requested by the applicant"),
        .init(code: 8, name: "Dừng xử lý", nameEn: "Processing stopped"),
        .init(code: 9, name: "Đã xử lý xong", nameEn: "Processed"),
        .init(code: 10, name: "Đã trả kết quả", nameEn: "Result returned"),
    ]

    /// The status with `code`, nil when the portal has none.
    public static func named(_ code: Int) -> NationalPortalStatus? { all.first { $0.code == code } }
}
