import Foundation

/// The text VNPay's published merchant protocol (version 2.1.0) signs, without the key: the payment
/// URL's and the notices' sorted, URL-encoded `vnp_` fields, the API calls' fields joined by `|` in
/// each call's own order, amounts in hundredths of a dong, and times on the GMT+7 wall clock.
/// The HMAC-SHA512 over this text is computed where the key lives (the Web layer).
public enum VNPayMessage {
    public static let version = "2.1.0"
    /// The field carrying the signature; it and `vnp_SecureHashType` are never signed.
    public static let hashField = "vnp_SecureHash"
    /// GMT+7, the zone of every VNPay date.
    public static let utcOffsetSeconds = 7 * 3600

    /// The fields a status query (`querydr`) signs, in order.
    public static let queryFields = [
        "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate", "vnp_CreateDate",
        "vnp_IpAddr", "vnp_OrderInfo",
    ]
    /// The fields of the gateway's answer to a status query, in the order it signs them.
    public static let queryAnswerFields = [
        "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
        "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
        "vnp_PromotionCode", "vnp_PromotionAmount",
    ]
    /// The fields a refund request signs, in order.
    public static let refundFields = [
        "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount",
        "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
    ]
    /// The fields of the gateway's answer to a refund, in the order it signs them.
    public static let refundAnswerFields = [
        "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
        "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
    ]

    /// `value` encoded as the protocol's reference implementation encodes form values: ASCII letters,
    /// digits and `-_.` kept, a space as `+`, every other UTF-8 byte as `%XX` (upper case).
    public static func encode(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F: out.unicodeScalars.append(Unicode.Scalar(byte))
            case 0x20: out += "+"
            default: out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The signed text of a payment URL or notice: every non-empty `vnp_` field but the hash
    /// fields, sorted by name, as `name=value` pairs joined by `&`, each part encoded.
    public static func hashData(_ fields: [String: String]) -> String {
        fields.filter { $0.key.hasPrefix("vnp_") && $0.key != hashField && $0.key != "vnp_SecureHashType" && !$0.value.isEmpty }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { encode($0.key) + "=" + encode($0.value) }
            .joined(separator: "&")
    }

    /// The signed text of an API call or its answer: the values of `names`, in that order, joined by `|`.
    public static func checksumData(_ fields: [String: String], _ names: [String]) -> String {
        names.map { fields[$0] ?? "" }.joined(separator: "|")
    }

    /// The fields of a query string (`a=1&b=x+y`), decoded as a form: `+` is a space, `%XX` a byte.
    /// A field given twice keeps its first value; an undecodable one is dropped.
    public static func parseQuery(_ query: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { continue }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// An amount in dong as the protocol writes it: hundredths, without separators.
    public static func amount(_ dong: Int) -> String { String(dong * 100) }

    /// The amount in dong of the protocol's `vnp_Amount`; nil unless a whole, non-negative number of dong.
    public static func dong(_ amount: String?) -> Int? {
        guard let amount, let value = Int(amount), value >= 0, value % 100 == 0 else { return nil }
        return value / 100
    }

    /// `yyyyMMddHHmmss` of `instant` on the GMT+7 wall clock.
    public static func stamp(_ instant: Date) -> String {
        let (day, minute) = LocalDate.local(instant, utcOffsetSeconds: utcOffsetSeconds)
        let second = (Int(instant.timeIntervalSince1970.rounded(.down)) % 60 + 60) % 60
        return String(day.year).leftPadded(to: 4) + String(day.month).leftPadded(to: 2) + String(day.day).leftPadded(to: 2)
            + String(minute / 60).leftPadded(to: 2) + String(minute % 60).leftPadded(to: 2) + String(second).leftPadded(to: 2)
    }

    /// The instant of a GMT+7 `yyyyMMddHHmmss`; nil for any other text.
    public static func instant(_ stamp: String?) -> Date? {
        guard let stamp, stamp.count == 14, stamp.allSatisfy(\.isASCII), stamp.allSatisfy(\.isNumber) else { return nil }
        let digits = Array(stamp)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        let (hour, minute, second) = (number(8..<10), number(10..<12), number(12..<14))
        guard let day = LocalDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)), hour < 24, minute < 60, second < 60
        else { return nil }
        return day.startInstant(utcOffsetSeconds: utcOffsetSeconds).addingTimeInterval(Double(hour * 3600 + minute * 60 + second))
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
