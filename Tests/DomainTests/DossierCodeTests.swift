import Testing

@testable import Domain

private func codeDate(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad date literal \(iso)") }
    return date
}

@Suite struct DossierCodeTests {
    @Test(arguments: [
        (1, "000.00.30.H56-260212-0001"),
        (17, "000.00.30.H56-260212-0017"),
        (999, "000.00.30.H56-260212-0999"),
        (9999, "000.00.30.H56-260212-9999"),
        (10_000, "000.00.30.H56-260212-10000"),
        (123_456, "000.00.30.H56-260212-123456"),
    ])
    func sequenceIsPaddedToFourDigitsAndGrowsBeyond(sequence: Int, expected: String) {
        let code = DossierCode.make(agencyId: "000.00.30.H56", date: codeDate("2026-02-12"), sequence: sequence)
        #expect(code == expected)
        #expect(DossierCode.isWellFormed(code))
    }

    @Test(arguments: [
        ("2026-11-04", "H56.21-261104-0017"),
        ("2025-07-01", "H56.21-250701-0017"),
        ("2005-01-09", "H56.21-050109-0017"),  // two-digit year keeps its leading zero
        ("2100-12-31", "H56.21-001231-0017"),
        ("1999-10-10", "H56.21-991010-0017"),
    ])
    func dateIsWrittenYYMMDD(date: String, expected: String) {
        #expect(DossierCode.make(agencyId: "H56.21", date: codeDate(date), sequence: 17) == expected)
    }

    @Test func typedCodesAreNormalised() {
        #expect(DossierCode.normalized(" mc14797.h56-261206-0001 ") == "MC14797.H56-261206-0001")
        #expect(DossierCode.normalized("000.00.30.h56-260212-0017") == "000.00.30.H56-260212-0017")
        #expect(DossierCode.normalized("Ñ-1") == "Ñ-1")  // only ASCII letters change; junk stays junk
    }

    @Test func madeCodesAreWellFormed() {
        let agencies = ["000.00.30.H56", "H56", "000.31.42.H56", "G22.105.4", String(repeating: "A", count: 35)]
        var day = codeDate("2026-01-01")
        for agency in agencies {
            for sequence in [0, 1, 42, 9999, 10_000, 999_999_999] {
                let code = DossierCode.make(agencyId: agency, date: day, sequence: sequence)
                #expect(DossierCode.isWellFormed(code), "\(code)")
            }
            day = day.adding(days: 97)
        }
    }

    @Test(arguments: [
        "",
        "-",
        "--",
        "abc",
        "000.00.30.H56",
        "000.00.30.H56-260212",
        "000.00.30.H56-260212-",
        "-260212-0017",
        "000.00.30.H56-2602-0017",  // date too short
        "000.00.30.H56-20260212-0017",  // four-digit year
        "000.00.30.H56-26O212-0017",  // letter O in the date
        "000.00.30.H56-260212-017",  // three-digit sequence
        "000.00.30.H56-260212-00x7",
        "000.00.30.H56-260212-0017-1",
        "000.00.30.H56 -260212-0017",
        "000.00.30.H56-260212-0017 ",
        "000/00/30/H56-260212-0017",
        "Đ56-260212-0017",  // non-ASCII letter in the agency
        "000.00.30.H56-２６０２１２-0017",  // full-width digits
        "000.00.30.H56-260212-٠٠١٧",  // Arabic-Indic digits
        "000.00.30.H56-260212-1234567890",  // sequence of ten digits
    ])
    func junkIsRejected(text: String) {
        #expect(!DossierCode.isWellFormed(text))
    }

    @Test(arguments: [
        "' OR '1'='1",
        "1; DROP TABLE dossiers; --",
        "000.00.30.H56-260212-0017' OR '1'='1",
        "000.00.30.H56-260212-0017;--",
        "000.00.30.H56'--260212-0017",
        "000.00.30.H56-260212-0017%",
        "%-260212-0017",
        "000.00.30.H56-260212-0017\0",
        "<script>alert(1)</script>-260212-0017",
        "../../etc/passwd-260212-0017",
    ])
    func sqlAndPathLikeStringsAreRejected(text: String) {
        #expect(!DossierCode.isWellFormed(text))
    }

    @Test func tooLongIsRejected() {
        // The agency identifier may have 35 characters, not 36.
        let longest = String(repeating: "9", count: 35)
        #expect(DossierCode.isWellFormed("\(longest)-260212-0017"))
        #expect(!DossierCode.isWellFormed("\(longest)9-260212-0017"))
        // A nine-digit sequence is the longest accepted.
        #expect(DossierCode.isWellFormed("H56-260212-123456789"))
        // A huge input is rejected, not scanned.
        #expect(!DossierCode.isWellFormed(String(repeating: "0", count: 10_000) + "-260212-0017"))
        #expect(!DossierCode.isWellFormed(String(repeating: "1.", count: 40) + "H56-260212-0017"))
    }
}
