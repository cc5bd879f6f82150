import Foundation
import Testing

@testable import Domain

// MARK: - Vietnamese folding

@Suite struct VietnameseFoldingTests {
    @Test(arguments: [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("đường", "duong"),
        ("Hồ Chí Minh", "ho chi minh"),
        ("ĐƯỜNG LÊ LỢI", "duong le loi"),
        ("Thanh Hóa", "thanh hoa"),
        ("Ưu đãi người có công", "uu dai nguoi co cong"),
        ("Giỗ Tổ Hùng Vương", "gio to hung vuong"),
        ("Lang Chánh", "lang chanh"),
        ("dang ky khai sinh", "dang ky khai sinh"),
        ("", ""),
    ])
    func foldsMarksCaseAndD(text: String, expected: String) {
        #expect(VietnameseFolding.fold(text) == expected)
    }

    @Test func decomposedInputFoldsLikeComposedInput() {
        let composed = "Nguyễn Thị Ánh, Đắk Lắk"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        // The two spellings are different scalars (Swift compares strings canonically, so check scalars).
        #expect(Array(composed.unicodeScalars) != Array(decomposed.unicodeScalars))
        #expect(decomposed.unicodeScalars.count > composed.unicodeScalars.count)
        #expect(VietnameseFolding.fold(decomposed) == "nguyen thi anh dak lak")
        #expect(
            Array(VietnameseFolding.fold(decomposed).unicodeScalars)
                == Array(VietnameseFolding.fold(composed).unicodeScalars))
    }

    @Test(arguments: [
        ("dang  ky KHAI sinh", "dang ky khai sinh"),
        ("  Đăng  ký,  khai-sinh (bản sao). ", "dang ky khai sinh ban sao"),
        ("Hộ\ttịch\nđất   đai", "ho tich dat dai"),
        ("Cấp phiếu lý lịch tư pháp; số 1: công dân.", "cap phieu ly lich tu phap so 1 cong dan"),
        ("Chứng thực – bản sao", "chung thuc ban sao"),  // en dash
        (" , . ; : ( ) - ", ""),
    ])
    func punctuationAndSpacesCollapse(text: String, expected: String) {
        #expect(VietnameseFolding.fold(text) == expected)
    }

    @Test func searchTextAndQueryMeet() {
        let stored = VietnameseFolding.fold("1.001193 Đăng ký khai sinh Birth registration")
        #expect(stored.contains(VietnameseFolding.fold("  ĐĂNG KÝ   khai sinh ")))
        #expect(stored.contains(VietnameseFolding.fold("dang ky khai sinh")))
        #expect(!stored.contains(VietnameseFolding.fold("đăng ký kết hôn")))
    }
}

// MARK: - CSV

@Suite struct CSVTests {
    @Test func writeQuotesOnlyWhatNeedsQuoting() {
        let text = CSV.write([["a", "b,c", "d\"e"], ["x y", "line1\nline2", ""]])
        #expect(text == "a,\"b,c\",\"d\"\"e\"\r\nx y,\"line1\nline2\",\r\n")
    }

    @Test func roundTripsCommasQuotesAndNewlines() throws {
        let rows = [
            ["code", "name", "note"],
            ["1.001193", "Đăng ký khai sinh, kết hôn", "Anh ấy nói \"được\""],
            ["2", "dòng 1\ndòng 2", "dòng 3\n\ndòng 5"],
            ["3", "\"\"", "a lone \r carriage return"],
            ["", "", ""],
            ["  leading and trailing spaces  ", ",", "\""],
        ]
        let text = CSV.write(rows)
        #expect(try CSV.parse(text) == rows)
        #expect(try CSV.parse(CSV.byteOrderMark + text) == rows)
    }

    @Test func roundTripsALineBreakWrittenAsCRLFInsideAField() throws {
        // Text typed into a web form arrives with CRLF line breaks; Swift sees "\r\n" as one Character.
        let rows = [["1", "Giấy khai sinh\r\nTrích lục khai sinh", "x"], ["2", "\r\n", "y"]]
        let text = CSV.write(rows)
        // A field starting with a carriage return is guarded with `'` (a spreadsheet could run it as a formula).
        #expect(text == "1,\"Giấy khai sinh\r\nTrích lục khai sinh\",x\r\n2,\"'\r\n\",y\r\n")
        #expect((try? CSV.parse(text)) == rows)
    }

    @Test func parsesCRLFAndLFLineEnds() throws {
        let expected = [["a", "b"], ["c", "d"]]
        #expect(try CSV.parse("a,b\r\nc,d\r\n") == expected)
        #expect(try CSV.parse("a,b\nc,d\n") == expected)
        #expect(try CSV.parse("a,b\nc,d") == expected)
        #expect(try CSV.parse("a,b\r\nc,d") == expected)
        // Blank lines are skipped.
        #expect(try CSV.parse("a,b\r\n\r\nc,d\r\n\r\n") == expected)
    }

    @Test func leadingByteOrderMarkIsDropped() throws {
        let rows = try CSV.parse("\u{FEFF}code,name\r\n1,Hộ tịch\r\n")
        #expect(rows == [["code", "name"], ["1", "Hộ tịch"]])
        #expect(rows.first?.first?.unicodeScalars.first == "c")
    }

    @Test func quotedFieldsAreUnescaped() throws {
        #expect(try CSV.parse("\"a,b\",\"say \"\"hi\"\"\",\"multi\nline\"\r\n") == [["a,b", "say \"hi\"", "multi\nline"]])
        #expect(try CSV.parse("\"\",x\n") == [["", "x"]])
    }

    @Test(arguments: ["\"abc", "a,\"b\r\nc,d", "\"a\"\"", "x\n\"open,\nnever closed\n"])
    func unterminatedQuoteThrows(text: String) {
        #expect(throws: DomainError(.invalid, "csv.unterminatedQuote")) { try CSV.parse(text) }
    }

    @Test func emptyDocumentHasNoRows() throws {
        #expect(try CSV.parse("").isEmpty)
        #expect(try CSV.parse(CSV.byteOrderMark).isEmpty)
    }
}

// MARK: - Catalogue CSV

@Suite struct CatalogueCSVTests {
    private static let birth = Procedure(
        code: "1.001193", name: "Đăng ký khai sinh", nameEn: "Birth registration", field: "HO_TICH",
        level: .commune, competentAgency: "communeCommittee", timeLimit: .sameDay, cutoff: "15:00",
        cutoffBasis: "Thủ tục công bố, \"sau 15 giờ\"",
        fees: [
            Fee(
                name: "Lệ phí đăng ký khai sinh (quá hạn)", nameEn: "Late birth registration fee", amount: 8_000,
                note: "Miễn cho trẻ em thuộc \"hộ nghèo\", người khuyết tật",
                exemptions: [FeeExemption(condition: .onTime, withinDays: 60, basis: "Luật Hộ tịch 2014, Điều 11")]),
            Fee(name: "Phí cấp bản sao trích lục", nameEn: "Extract copy charge", amount: 3_000, note: nil, per: .copy),
        ],
        documents: [
            RequiredDocument(
                name: "Tờ khai đăng ký khai sinh", nameEn: "Birth registration form", originals: 1, copies: 0,
                electronicCopyAllowed: true, form: "Mẫu TK-KS/2024"),
            RequiredDocument(
                name: "Giấy chứng sinh, hoặc văn bản của người làm chứng", nameEn: "Birth certificate from the hospital",
                originals: 1, copies: 1, electronicCopyAllowed: false, form: nil),
        ],
        forms: ["Tờ khai đăng ký khai sinh", "Giấy ủy quyền"],
        result: "Giấy khai sinh (bản chính);\ntrích lục khai sinh", resultEn: "Birth certificate, extract",
        onlineLevel: .full, legalBasis: ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP", "Thông tư 04/2020/TT-BTP"],
        workflow: "ONE_STOP_DEFAULT")

    private static let land = Procedure(
        code: "1.012345", name: "Đăng ký biến động đất đai, tài sản gắn liền với đất", nameEn: "Land change registration",
        field: "DAT_DAI", level: .province, competentAgency: "SNNMT", timeLimit: .calendarDays(30), cutoff: nil,
        fees: [], documents: [], forms: [], result: "", resultEn: "", onlineLevel: .partial, legalBasis: [],
        workflow: "ONE_STOP_DEFAULT")

    @Test func exportStartsWithAByteOrderMarkAndTheHeader() throws {
        let text = try CatalogueCSV.export([Self.birth])
        #expect(text.unicodeScalars.first == "\u{FEFF}")
        #expect(text.hasPrefix("\u{FEFF}code,name,nameEn,field,level,competentAgency,timeLimit,cutoff,cutoffBasis,onlineLevel,"))
        #expect(text.contains(",sameDay,15:00,"))
        #expect(text.contains("Đăng ký khai sinh"))
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func exportThenParseRoundTrips() throws {
        let text = try CatalogueCSV.export([Self.birth, Self.land])
        let parsed = try CatalogueCSV.parse(text)
        #expect(parsed == [Self.birth, Self.land])
        #expect(parsed.first?.baseFee == 8_000 && parsed.first?.chargesPerCopy == true)
        #expect(parsed.first?.documents.last?.copies == 1)
        #expect(parsed.first?.cutoffMinute == 15 * 60 && parsed.last?.cutoffMinute == nil)
        #expect(parsed.last?.timeLimit == .calendarDays(30))
        // Exporting again gives the same text.
        #expect(try CatalogueCSV.export(parsed) == text)
    }

    @Test func roundTripKeepsTheProcedureCalendar() throws {
        var special = Self.land
        special.calendar = "VN-CALENDAR-DAYS"
        let parsed = try CatalogueCSV.parse(try CatalogueCSV.export([special]))
        #expect(parsed.count == 1)
        #expect(parsed.first?.calendar == "VN-CALENDAR-DAYS")
    }

    @Test func roundTripOfTextWithCRLFLineBreaks() throws {
        var procedure = Self.land
        procedure.result = "Giấy chứng nhận quyền sử dụng đất\r\nhoặc văn bản trả lời"
        let text = try CatalogueCSV.export([procedure])
        #expect((try? CatalogueCSV.parse(text)) == [procedure])
    }

    @Test func parseRejectsAMissingHeaderOrABadRow() throws {
        #expect(throws: DomainError(.invalid, "csv.badHeader")) { try CatalogueCSV.parse("code,name\r\n1,x\r\n") }
        let good = try CatalogueCSV.export([Self.land])
        let badLevel = good.replacingOccurrences(of: ",province,", with: ",district,")
        #expect(throws: DomainError(.invalid, "csv.badRow", ["row": "2", "column": "level"])) {
            try CatalogueCSV.parse(badLevel)
        }
        let badLimit = good.replacingOccurrences(of: ",30 calendarDays,", with: ",30 fortnights,")
        #expect(throws: DomainError(.invalid, "csv.badRow", ["row": "2", "column": "timeLimit"])) {
            try CatalogueCSV.parse(badLimit)
        }
    }

    /// A file exported before time limits had units still imports: `processingDays` are working days, 0 the same day,
    /// and its cut-off column is kept as written.
    @Test func parseReadsTheOlderProcessingDaysColumn() throws {
        let fresh = try CatalogueCSV.export([Self.birth, Self.land])
        var rows = try CSV.parse(fresh)
        rows[0] = rows[0].map { $0 == "timeLimit" ? "processingDays" : $0 }.filter { $0 != "cutoffBasis" }
        let basisColumn = try #require(CatalogueCSV.header.firstIndex(of: "cutoffBasis"))
        let limitColumn = try #require(CatalogueCSV.header.firstIndex(of: "timeLimit"))
        for i in 1..<rows.count {
            rows[i][limitColumn] = i == 1 ? "0" : "7"
            rows[i][basisColumn - 1] = "15:00"  // the cut-off column, just before its article's
            rows[i].remove(at: basisColumn)
        }
        let parsed = try CatalogueCSV.parse(CSV.write(rows))
        #expect(parsed.map(\.timeLimit) == [.sameDay, .workingDays(7)])
        #expect(parsed.map(\.cutoff) == ["15:00", "15:00"] && parsed.map(\.cutoffBasis) == [nil, nil])
    }
}

// MARK: - Receipt input

@Suite struct ReceiptInputTests {
    private static func input(
        idNumber: String = "038195001234", phone: String = "0912345678",
        email: String? = "anh.nguyen@example.vn"
    ) -> ReceiptInput {
        ReceiptInput(
            procedureCode: "1.001193", channel: .counter,
            applicant: Applicant(
                fullName: "Nguyễn Thị Ánh", idNumber: idNumber, phone: phone, email: email,
                address: "12 Lê Lợi, phường Hạc Thành", unitCode: "14845"))
    }

    private static func invalid(_ field: String) -> DomainError { DomainError(.invalid, "invalidField", ["field": field]) }

    @Test func validInputPasses() throws {
        try Self.input().validate()
        try Self.input(email: nil).validate()
    }

    @Test(arguments: ["038195001234", "000000000001", "0102030405", "0102030405001"])
    func idNumbersOfTwelveDigitsOrTaxCodesPass(id: String) throws {
        try Self.input(idNumber: id).validate()
    }

    @Test(arguments: ["03819500123", "03819500123a", "038195001", "03819500123456", "038 195 0012", "", "０３８１９５００１２３４"])
    func badIdNumbersAreRejected(id: String) {
        // 11 digits is neither a citizen ID (12 digits) nor a tax code (10 or 13).
        let expectedField = "applicant.idNumber"
        #expect(throws: Self.invalid(expectedField)) { try Self.input(idNumber: id).validate() }
    }

    @Test(arguments: ["0912345678", "+84912345678", "0382123456"])
    func phoneFormatsPass(phone: String) throws {
        try Self.input(phone: phone).validate()
    }

    @Test(arguments: ["12345", "", "912345678", "09123456789", "+8491234567", "+840912345678", "0912-345-678", "1912345678"])
    func badPhonesAreRejected(phone: String) {
        #expect(throws: Self.invalid("applicant.phone")) { try Self.input(phone: phone).validate() }
    }

    @Test(arguments: [
        "an.nguyen@", "@example.vn", "an nguyen@example.vn", "a@b@example.vn", "anh.nguyen.example.vn",
        "anh@localhost", "",
    ])
    func badEmailsAreRejected(email: String) {
        #expect(throws: Self.invalid("applicant.email")) { try Self.input(email: email).validate() }
    }

    @Test func unitCodesMustBeASCIIDigits() {
        var fullWidth = Self.input()
        fullWidth.communeCode = "１６０００"
        var fraction = Self.input()
        fraction.applicant.unitCode = "½٣"
        #expect(throws: Self.invalid("communeCode")) { try fullWidth.validate() }
        #expect(throws: Self.invalid("applicant.unitCode")) { try fraction.validate() }
    }

    @Test func otherFieldsAreChecked() {
        var noName = Self.input()
        noName.applicant.fullName = "   "
        #expect(throws: Self.invalid("applicant.fullName")) { try noName.validate() }
        var noAddress = Self.input()
        noAddress.applicant.address = ""
        #expect(throws: Self.invalid("applicant.address")) { try noAddress.validate() }
        var badCommune = Self.input()
        badCommune.communeCode = "16000; --"
        #expect(throws: Self.invalid("communeCode")) { try badCommune.validate() }
        var noProcedure = Self.input()
        noProcedure.procedureCode = ""
        #expect(throws: Self.invalid("procedureCode")) { try noProcedure.validate() }
    }
}
