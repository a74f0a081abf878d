import CityModel
import Foundation

/// Instants as whole seconds since 1970-01-01T00:00:00Z, printed in Shanghai time (UTC+8, no
/// daylight saving since 1991) by arithmetic: hundreds of thousands of history rows would spend
/// most of a run in a `DateFormatter`.
enum ShanghaiTime {
    static let offset = 8 * 3600

    /// The instant of a Shanghai wall-clock time.
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int {
        CivilDays.from(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 - offset
    }

    static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// `2026-11-20T09:30:00+08:00` (ISO 8601 / RFC 3339 with offset).
    static func iso(_ seconds: Int) -> String {
        let local = seconds + offset
        let days = Int((Double(local) / 86400).rounded(.down))
        let rest = local - days * 86400
        let (y, m, d) = CivilDays.date(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))+08:00"
    }

    /// `2026-11-20`: the Shanghai calendar day.
    static func day(_ seconds: Int) -> String { String(iso(seconds).prefix(10)) }
}
