import Foundation

/// Instants as whole seconds since 1970-01-01T00:00:00Z, printed in Shanghai time (UTC+8, no
/// daylight saving since 1991) by arithmetic: hundreds of thousands of history rows would spend
/// most of a run in a `DateFormatter`.
enum ShanghaiTime {
    static let offset = 8 * 3600

    /// The instant of a Shanghai wall-clock time.
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int {
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 - offset
    }

    static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// `2026-11-20T09:30:00+08:00` (ISO 8601 / RFC 3339 with offset).
    static func iso(_ seconds: Int) -> String {
        let local = seconds + offset
        let days = Int((Double(local) / 86400).rounded(.down))
        let rest = local - days * 86400
        let (y, m, d) = civilFromDays(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))+08:00"
    }

    /// `2026-11-20`: the Shanghai calendar day.
    static func day(_ seconds: Int) -> String { String(iso(seconds).prefix(10)) }

    /// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, 1970-01-01 = 0).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
