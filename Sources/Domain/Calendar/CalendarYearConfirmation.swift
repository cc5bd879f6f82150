import Foundation

/// The decision that settles a year of a working calendar: the text that fixed its Tết days and the day next to National Day
/// (a Prime Minister's decision or the notice that publishes it), and when an administrator entered it.
public struct CalendarYearConfirmation: Codable, Sendable, Hashable {
    public var year: Int
    /// The notice cited, e.g. "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024".
    public var citation: String
    /// When it was entered (nil for years confirmed by the seed).
    public var confirmedAt: Date?

    public init(year: Int, citation: String, confirmedAt: Date? = nil) {
        self.year = year
        self.citation = citation
        self.confirmedAt = confirmedAt
    }
}

/// What an administrator enters to confirm a year: the decided days and the decision that fixed them.
public struct CalendarYearDecision: Codable, Sendable {
    /// The notice cited; 1 to 500 characters.
    public var citation: String
    /// The five Tết days off (Labour Code 2019, Art. 112(1)(b)).
    public var tet: [LocalDate]
    /// 1 or 3 September (Art. 112(1)(đ)).
    public var nationalDayAdjacent: LocalDate
    /// The year's swaps (hoán đổi) and any other exception days the decision sets, all within the year.
    public var otherDays: [CalendarDay]

    public init(citation: String, tet: [LocalDate], nationalDayAdjacent: LocalDate, otherDays: [CalendarDay] = []) {
        self.citation = citation
        self.tet = tet
        self.nationalDayAdjacent = nationalDayAdjacent
        self.otherDays = otherDays
    }
}
