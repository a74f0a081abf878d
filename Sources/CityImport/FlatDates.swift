import CityModel
import Foundation

/// Dates as layer files and side tables write them: ISO 8601 date-times with an offset
/// (`2026-11-20T09:30:00+08:00`, fractional seconds allowed), `YYYY-MM-DD HH:MM[:SS]` and
/// `YYYY-MM-DD` read in Shanghai time (a date alone is its midnight), the Shanghai time zone being
/// the one every grid centre works in.
struct FlatDates {
    private let internet = ISO8601DateFormatter()
    private let fractional: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    private let writer: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.timeZone = WorkingCalendar.shanghai
        return f
    }()
    private let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = WorkingCalendar.shanghai
        return c
    }()

    func date(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = internet.date(from: t) ?? fractional.date(from: t) { return d }
        // Local forms: digits at fixed places, so a scan beats a formatter per format.
        let parts = t.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "T" || $0 == ":" || $0 == "/" }).map(String.init)
        guard parts.count == 3 || parts.count == 5 || parts.count == 6, parts.allSatisfy({ Int($0) != nil }) else { return nil }
        let n = parts.map { Int($0)! }
        guard parts[0].count == 4, (1...12).contains(n[1]), (1...31).contains(n[2]) else { return nil }
        var c = DateComponents(year: n[0], month: n[1], day: n[2], hour: 0, minute: 0, second: 0)
        if parts.count >= 5 {
            guard (0...23).contains(n[3]), (0...59).contains(n[4]) else { return nil }
            c.hour = n[3]; c.minute = n[4]
            if parts.count == 6 { guard (0...60).contains(n[5]) else { return nil }; c.second = n[5] }
        }
        guard let d = calendar.date(from: c), calendar.component(.day, from: d) == n[2] else { return nil }
        return d
    }

    /// ISO 8601 with the Shanghai offset, as the store and the generator write it.
    func timestamp(_ date: Date) -> String { writer.string(from: date) }

    /// `YYYY-MM-DD` of the Shanghai calendar day.
    func day(_ date: Date) -> String { String(timestamp(date).prefix(10)) }
}
