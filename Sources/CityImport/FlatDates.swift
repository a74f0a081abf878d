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
        if let d = Self.internetDateTime(t) { return d }
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

    /// `YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`, read by arithmetic: the formatter clones an
    /// ICU formatter on every parse (about 90 µs), and a case-history table has millions of
    /// these. Anything else (fractions, leap seconds, impossible days) is left to the formatters.
    static func internetDateTime(_ t: String) -> Date? {
        t.utf8.withContiguousStorageIfAvailable { b -> Date? in
            guard b.count == 20 || b.count == 25 else { return nil }
            func number(_ at: Int, _ width: Int) -> Int? {
                var n = 0
                for i in at..<(at + width) {
                    let d = Int(b[i]) - 48
                    guard (0...9).contains(d) else { return nil }
                    n = n * 10 + d
                }
                return n
            }
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
                  let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
            else { return nil }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...days[month - 1]).contains(day) else { return nil }
            var offset = 0
            if b.count == 20 {
                guard b[19] == UInt8(ascii: "Z") else { return nil }
            } else {
                guard b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), b[22] == UInt8(ascii: ":"),
                      let h = number(20, 2), let m = number(23, 2), h <= 23, m <= 59 else { return nil }
                offset = (h * 3600 + m * 60) * (b[19] == UInt8(ascii: "+") ? 1 : -1)
            }
            // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let epochDays = era * 146_097 + doe - 719_468
            let seconds = epochDays * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        } ?? nil
    }

    /// ISO 8601 with the Shanghai offset, as the store and the generator write it.
    func timestamp(_ date: Date) -> String { writer.string(from: date) }

    /// `YYYY-MM-DD` of the Shanghai calendar day.
    func day(_ date: Date) -> String { String(timestamp(date).prefix(10)) }
}
