import Domain
import Foundation
import Testing

/// The text VNPay's protocol signs, checked against a worked example computed independently with
/// Python's `urllib.parse.quote_plus` (PHP's `urlencode`, as VNPay's reference code uses):
///
///     python3 -c "from urllib.parse import quote_plus as q; print('&'.join(q(k, safe='') + '=' + q(v, safe='')
///         for k, v in sorted(FIELDS.items())))"
@Suite("VNPay protocol text")
struct VNPayMessageTests {
    /// The fields of a payment URL: 8 000 đ for order MC0123456789ABCDEF0123 opened at 15:00 GMT+7.
    static let payment = [
        "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "MOTCUA01", "vnp_Amount": "800000", "vnp_CurrCode": "VND",
        "vnp_TxnRef": "MC0123456789ABCDEF0123", "vnp_OrderInfo": "Thanh toan phi ho so MC0123456789ABCDEF0123",
        "vnp_OrderType": "other", "vnp_Locale": "vn",
        "vnp_ReturnUrl": "https://dichvucong.example.vn/ho-so-cua-toi/H01.01-261206-0001/thanh-toan/ket-qua",
        "vnp_IpAddr": "203.0.113.7", "vnp_CreateDate": "20261206150000", "vnp_ExpireDate": "20261206151500",
    ]

    @Test("the payment URL's signed text: sorted by name, form-encoded, hash fields and empty values left out")
    func hashData() {
        let expected =
            "vnp_Amount=800000&vnp_Command=pay&vnp_CreateDate=20261206150000&vnp_CurrCode=VND&vnp_ExpireDate=20261206151500"
            + "&vnp_IpAddr=203.0.113.7&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+phi+ho+so+MC0123456789ABCDEF0123"
            + "&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.example.vn%2Fho-so-cua-toi%2FH01.01-261206-0001"
            + "%2Fthanh-toan%2Fket-qua&vnp_TmnCode=MOTCUA01&vnp_TxnRef=MC0123456789ABCDEF0123&vnp_Version=2.1.0"
        #expect(VNPayMessage.hashData(Self.payment) == expected)
        var signed = Self.payment
        signed["vnp_SecureHash"] = "abc"
        signed["vnp_SecureHashType"] = "HmacSHA512"
        signed["vnp_BankCode"] = ""
        signed["other"] = "not a protocol field"
        #expect(VNPayMessage.hashData(signed) == expected)
    }

    @Test("values encoded as PHP's urlencode: letters, digits and -_. kept, space as +, every other byte %XX")
    func encoding() {
        // quote_plus("Phí hồ sơ: 8.000đ ~*'a_b-c", safe="").replace("~", "%7E")
        #expect(VNPayMessage.encode("Phí hồ sơ: 8.000đ ~*'a_b-c") == "Ph%C3%AD+h%E1%BB%93+s%C6%A1%3A+8.000%C4%91+%7E%2A%27a_b-c")
        #expect(
            VNPayMessage.parseQuery("vnp_OrderInfo=Thanh+toan%3A+5&vnp_Amount=100&vnp_Amount=2&bad=%zz")
                == ["vnp_OrderInfo": "Thanh toan: 5", "vnp_Amount": "100"])
    }

    @Test("the API's checksum text: the call's fields in the protocol's order, joined by |, a missing one empty")
    func checksumData() {
        let fields = [
            "vnp_RequestId": "REQ0001", "vnp_Version": "2.1.0", "vnp_Command": "querydr", "vnp_TmnCode": "MOTCUA01",
            "vnp_TxnRef": "MC0123456789ABCDEF0123", "vnp_TransactionDate": "20261206150000", "vnp_CreateDate": "20261206160000",
            "vnp_IpAddr": "203.0.113.7", "vnp_OrderInfo": "Truy van giao dich MC0123456789ABCDEF0123",
        ]
        #expect(
            VNPayMessage.checksumData(fields, VNPayMessage.queryFields)
                == "REQ0001|2.1.0|querydr|MOTCUA01|MC0123456789ABCDEF0123|20261206150000|20261206160000|203.0.113.7|"
                + "Truy van giao dich MC0123456789ABCDEF0123")
        #expect(VNPayMessage.checksumData(["vnp_ResponseId": "R1"], Array(VNPayMessage.refundAnswerFields.prefix(3))) == "R1||")
    }

    @Test("amounts in hundredths of a dong; times on the GMT+7 clock")
    func amountsAndTimes() throws {
        #expect(VNPayMessage.amount(8000) == "800000")
        #expect(VNPayMessage.dong("800000") == 8000)
        #expect(VNPayMessage.dong("800050") == nil)  // not a whole dong
        #expect(VNPayMessage.dong("-100") == nil)
        #expect(VNPayMessage.dong("1e5") == nil)
        let instant = Date(timeIntervalSince1970: 1_796_544_000)  // 2026-12-06T08:00:00Z
        #expect(VNPayMessage.stamp(instant) == "20261206150000")
        #expect(VNPayMessage.stamp(instant.addingTimeInterval(16 * 3600 + 59)) == "20261207070059")  // past midnight GMT+7
        #expect(VNPayMessage.instant("20261206150000") == instant)
        #expect(VNPayMessage.instant("20261306150000") == nil)
        #expect(VNPayMessage.instant("2026120615000") == nil)
        #expect(VNPayMessage.instant("20261206156000") == nil)
    }
}
