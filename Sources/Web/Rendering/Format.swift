import Domain
import Foundation

/// How dates, times and amounts are shown on pages (Vietnamese conventions, UTC+7).
enum Format {
    static let offset = 7 * 3600

    static func day(_ date: LocalDate?) -> String {
        guard let d = date else { return "" }
        return "\(two(d.day))/\(two(d.month))/\(d.year)"
    }

    static func instant(_ date: Date?) -> String {
        guard let date else { return "" }
        let (d, minute) = LocalDate.local(date, utcOffsetSeconds: offset)
        return "\(two(minute / 60)):\(two(minute % 60)) \(day(d))"
    }

    static func money(_ amount: Int) -> String {
        let digits = Array(String(amount))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return out + " đ"
    }

    /// An amount due: "Miễn phí" / "Free" when nothing is due, else the amount in đồng.
    static func fee(_ amount: Int, english: Bool) -> String { amount == 0 ? (english ? "Free" : "Miễn phí") : money(amount) }

    /// A file size in kB or MB.
    static func fileSize(_ bytes: Int) -> String {
        bytes < 1 << 20 ? "\(max(1, bytes / 1024)) kB" : "\((bytes * 10 / (1 << 20)) / 10),\((bytes * 10 / (1 << 20)) % 10) MB"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// The traffic light of a deadline: on track, due soon (today or the next working day), overdue.
enum TrafficLight: String {
    case onTrack, dueSoon, overdue

    static func of(_ deadline: LocalDate?, today: LocalDate, calendar: WorkingCalendar) -> TrafficLight {
        guard let deadline else { return .onTrack }
        if today > deadline { return .overdue }
        return deadline <= calendar.addingWorkingDays(1, after: today) ? .dueSoon : .onTrack
    }
}
