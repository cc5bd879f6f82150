import Foundation

/// The Vietnamese lunar calendar, computed astronomically for the UTC+7 meridian.
public enum VietnameseLunarCalendar {
    /// A lunar date; `year` is the Gregorian year in which that lunar year's first month (Tết) falls.
    public struct LunarDate: Hashable, Sendable {
        public let year: Int
        public let month: Int
        public let day: Int
        public let isLeapMonth: Bool

        public init(year: Int, month: Int, day: Int, isLeapMonth: Bool) {
            self.year = year
            self.month = month
            self.day = day
            self.isLeapMonth = isLeapMonth
        }
    }

    /// Vietnam's legal time zone, UTC+7.
    static let vietnamZoneHours = 7.0

    public static func lunarDate(of date: LocalDate) -> LunarDate {
        lunarDate(of: date, zoneHours: vietnamZoneHours)
    }

    /// Nil when that lunar month (or leap month) or day does not exist.
    public static func solarDate(lunarYear: Int, month: Int, day: Int, isLeapMonth: Bool = false) -> LocalDate? {
        solarDate(lunarYear: lunarYear, month: month, day: day, isLeapMonth: isLeapMonth, zoneHours: vietnamZoneHours)
    }

    /// The lunar date computed for another meridian (UTC+8 gives the Chinese calendar).
    static func lunarDate(of date: LocalDate, zoneHours: Double) -> LunarDate {
        let sky = Sky(zoneHours: zoneHours)
        let lunation = sky.lunation(startingOnOrBefore: date.dayNumber)
        var year = LunarYear(startingIn: date.year, sky: sky)
        if lunation < year.firstLunation { year = LunarYear(startingIn: date.year - 1, sky: sky) }
        let (lunarYear, month, isLeap) = year.month(atOffset: lunation - year.firstLunation)
        let day = date.dayNumber - sky.newMoonDay(lunation) + 1
        return LunarDate(year: lunarYear, month: month, day: day, isLeapMonth: isLeap)
    }

    /// The solar date of a lunar date computed for another meridian.
    static func solarDate(lunarYear: Int, month: Int, day: Int, isLeapMonth: Bool, zoneHours: Double) -> LocalDate? {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let sky = Sky(zoneHours: zoneHours)
        let year = LunarYear(startingIn: month >= 11 ? lunarYear : lunarYear - 1, sky: sky)
        guard let offset = year.offset(ofMonth: month, isLeap: isLeapMonth) else { return nil }
        let lunation = year.firstLunation + offset
        let start = sky.newMoonDay(lunation)
        guard day <= sky.newMoonDay(lunation + 1) - start else { return nil }
        return LocalDate(dayNumber: start + day - 1)
    }
}

/// The lunar months from the 11th month containing one December solstice up to the next 11th month.
///
/// A month starts on the local day of a new moon and the 11th month is the one in which the December
/// solstice falls. When 13 months separate two 11th months, the first of them without a major solar
/// term is a leap month and repeats the number of the month before it.
private struct LunarYear {
    /// The Gregorian year of the December solstice in the first month.
    let startYear: Int
    /// Lunation index of the first (11th) month.
    let firstLunation: Int
    /// Offset from the first month of the leap month, when the span has 13 months.
    let leapOffset: Int?

    init(startingIn startYear: Int, sky: Sky) {
        let first = sky.month11Lunation(ofYear: startYear)
        let hasThirteenMonths = sky.month11Lunation(ofYear: startYear + 1) - first == 13
        self.startYear = startYear
        firstLunation = first
        leapOffset = hasThirteenMonths ? (1...12).first { !sky.containsMajorTerm(lunation: first + $0) } : nil
    }

    /// Months counted from the 11th month without leap months: 0 = 11th, 1 = 12th, 2 = 1st ... 11 = 10th.
    private func ordinal(ofOffset offset: Int) -> Int {
        guard let leapOffset, offset >= leapOffset else { return offset }
        return offset - 1
    }

    func month(atOffset offset: Int) -> (year: Int, month: Int, isLeap: Bool) {
        let ordinal = ordinal(ofOffset: offset)
        return (ordinal <= 1 ? startYear : startYear + 1, (ordinal + 10) % 12 + 1, offset == leapOffset)
    }

    func offset(ofMonth month: Int, isLeap: Bool) -> Int? {
        let ordinal = month >= 11 ? month - 11 : month + 1
        if isLeap { return leapOffset == ordinal + 1 ? leapOffset : nil }
        guard let leapOffset, ordinal >= leapOffset else { return ordinal }
        return ordinal + 1
    }
}

/// New moons and the Sun's longitude (Meeus, Astronomical Algorithms, ch. 25 and 49), as local days at a meridian.
private struct Sky {
    let zoneHours: Double

    private static let unixEpochJulianDay = 2_440_587.5
    private static let synodicMonth = 29.530588861

    /// The local day (days since 1970-01-01) of new moon number `k`; k = 0 is the new moon of 6 January 2000.
    func newMoonDay(_ k: Int) -> Int {
        let ephemerisDay = Self.newMoonEphemerisDay(Double(k))
        let universalDay = ephemerisDay - Self.deltaTSeconds(julianDay: ephemerisDay) / 86_400
        return Int((universalDay - Self.unixEpochJulianDay + zoneHours / 24).rounded(.down))
    }

    /// The lunation whose month starts on or before local day `day` and ends after it.
    func lunation(startingOnOrBefore day: Int) -> Int {
        let julianDay = Self.unixEpochJulianDay + Double(day)
        var k = Int(((julianDay - 2_451_550.1) / Self.synodicMonth).rounded(.down))
        while newMoonDay(k + 1) <= day { k += 1 }
        while newMoonDay(k) > day { k -= 1 }
        return k
    }

    /// The lunation of the 11th month: the month in which the December solstice of `year` falls.
    func month11Lunation(ofYear year: Int) -> Int {
        // The month current on 1 December starts before the solstice (Sun below 270°); the next one may too.
        var k = lunation(startingOnOrBefore: LocalDate(year: year, month: 12, day: 1)!.dayNumber)
        while sunSector(atStartOf: newMoonDay(k + 1)) < 9 { k += 1 }
        return k
    }

    /// Whether the Sun enters a new 30° sector (a major solar term) during the month of lunation `k`.
    func containsMajorTerm(lunation k: Int) -> Bool {
        sunSector(atStartOf: newMoonDay(k)) != sunSector(atStartOf: newMoonDay(k + 1))
    }

    /// The 30° sector (0 = Aries ... 9 = from the December solstice) of the Sun's apparent longitude at local midnight starting `day`.
    func sunSector(atStartOf day: Int) -> Int {
        let universalDay = Self.unixEpochJulianDay + Double(day) - zoneHours / 24
        let ephemerisDay = universalDay + Self.deltaTSeconds(julianDay: universalDay) / 86_400
        return Int(Self.apparentSunLongitude(julianEphemerisDay: ephemerisDay) / 30)
    }

    // MARK: - Ephemeris

    /// Julian Ephemeris Day of the mean new moon `k` corrected by the periodic terms of Meeus table 49.A.
    private static func newMoonEphemerisDay(_ k: Double) -> Double {
        let t = k / 1236.85  // Julian centuries from J2000.0
        let e = 1 - 0.002516 * t - 0.0000074 * t * t  // eccentricity factor of the Earth's orbit
        let sunAnomaly = radians(2.5534 + 29.105_356_70 * k - 0.0000014 * t * t)
        let moonAnomaly = radians(201.5643 + 385.816_935_28 * k + 0.0107582 * t * t)
        let latitudeArgument = radians(160.7108 + 390.670_502_84 * k - 0.0016118 * t * t)
        let ascendingNode = radians(124.7746 - 1.563_755_88 * k + 0.0020672 * t * t)
        var day = 2_451_550.097_66 + synodicMonth * k + 0.000_154_37 * t * t
        for term in newMoonTerms {
            let argument = term.sun * sunAnomaly + term.moon * moonAnomaly + term.latitude * latitudeArgument
            day += term.amplitude * pow(e, abs(term.sun)) * sin(argument)
        }
        day -= 0.00017 * sin(ascendingNode)
        day += 0.000325 * sin(radians(299.77 + 0.107408 * k - 0.009173 * t * t))
        for term in planetaryTerms {
            day += term.amplitude * sin(radians(term.base + term.rate * k))
        }
        return day
    }

    /// Amplitude (days) and multiples of the Sun's and Moon's mean anomalies and the Moon's argument of latitude.
    private static let newMoonTerms: [(amplitude: Double, sun: Double, moon: Double, latitude: Double)] = [
        (-0.40720, 0, 1, 0), (0.17241, 1, 0, 0), (0.01608, 0, 2, 0), (0.01039, 0, 0, 2),
        (0.00739, -1, 1, 0), (-0.00514, 1, 1, 0), (0.00208, 2, 0, 0), (-0.00111, 0, 1, -2),
        (-0.00057, 0, 1, 2), (0.00056, 1, 2, 0), (-0.00042, 0, 3, 0), (0.00042, 1, 0, 2),
        (0.00038, 1, 0, -2), (-0.00024, -1, 2, 0), (-0.00007, 2, 1, 0), (0.00004, 0, 2, -2),
        (0.00004, 3, 0, 0), (0.00003, 1, 1, -2), (0.00003, 0, 2, 2), (-0.00003, 1, 1, 2),
        (0.00003, -1, 1, 2), (-0.00002, -1, 1, -2), (-0.00002, 1, 3, 0), (0.00002, 0, 4, 0),
    ]

    /// Planetary arguments A2 ... A14 of Meeus ch. 49: amplitude (days), degrees at k = 0 and per lunation.
    private static let planetaryTerms: [(amplitude: Double, base: Double, rate: Double)] = [
        (0.000165, 251.88, 0.016321), (0.000164, 251.83, 26.651886), (0.000126, 349.42, 36.412478),
        (0.000110, 84.66, 18.206239), (0.000062, 141.74, 53.303771), (0.000060, 207.14, 2.453732),
        (0.000056, 154.84, 7.306860), (0.000047, 34.52, 27.261239), (0.000042, 207.19, 0.121824),
        (0.000040, 291.34, 1.844379), (0.000037, 161.72, 24.198154), (0.000035, 239.56, 25.513099),
        (0.000023, 331.55, 3.592518),
    ]

    /// The Sun's apparent geocentric longitude in degrees, 0 ..< 360 (Meeus ch. 25, about 0.01°).
    private static func apparentSunLongitude(julianEphemerisDay: Double) -> Double {
        let t = (julianEphemerisDay - 2_451_545) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let anomaly = radians(357.52911 + 35_999.05029 * t - 0.0001537 * t * t)
        let center =
            (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(anomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * anomaly) + 0.000289 * sin(3 * anomaly)
        let ascendingNode = radians(125.04 - 1934.136 * t)
        let longitude = meanLongitude + center - 0.00569 - 0.00478 * sin(ascendingNode)
        let reduced = longitude.truncatingRemainder(dividingBy: 360)
        return reduced < 0 ? reduced + 360 : reduced
    }

    /// Terrestrial minus universal time in seconds: the Espenak–Meeus polynomial near the present, Morrison–Stephenson's parabola
    /// otherwise.
    private static func deltaTSeconds(julianDay: Double) -> Double {
        let year = 2000 + (julianDay - 2_451_545) / 365.25
        if (1986...2050).contains(year) {
            let t = year - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        }
        let u = (year - 1820) / 100
        return -20 + 32 * u * u
    }

    private static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }
}
