import Foundation

/// The one reading and writing of dates and times, for the API, the CLI, imports, exports and
/// Open311 alike. The rule: every grid centre works in Shanghai time, so
/// - a date or date-time written without a zone is Shanghai time (`asOf=2026-11-30` is that day's
///   midnight in Shanghai, 16:00 the day before in UTC), and one with `Z` or an offset is that
///   instant;
/// - every time CityGrid writes carries `+08:00` (`2026-11-30T09:30:00+08:00`): an officer reads
///   the clock on the wall, and the text still names one instant for any program.
/// Shanghai has kept UTC+8 without daylight saving since 1991, so both directions are arithmetic:
/// no formatter object, which costs tens of microseconds a call and is not safe to share. (An
/// instant before 1992 is written at +08:00 too: the text still names it exactly.)
public enum CityTime {
    /// Shanghai's offset from UTC.
    public static let offsetSeconds = 8 * 3600

    /// The instant a text names, or nil when it is none of:
    /// `2026-11-30T09:30:00Z`, `…+08:00` (fractional seconds allowed), `2026-11-30T09:30[:00]` or
    /// `2026-11-30 09:30[:00]` (Shanghai), `2026-11-30` (Shanghai midnight); `/` may separate the
    /// date's parts.
    public static func parse(_ text: String) -> Date? {
        if let d = internetDateTime(text) { return d }
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        guard t.count >= 8, t.allSatisfy(\.isASCII) else { return nil }
        var offset = offsetSeconds
        if t.hasSuffix("Z") || t.hasSuffix("z") {
            offset = 0
            t = t.dropLast()
        } else if t.count > 10, let sign = t.dropFirst(10).lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = t[t.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count == 2, zone.allSatisfy({ $0.count == 2 }), let h = Int(zone[0]), let m = Int(zone[1]),
                  h <= 23, m <= 59 else { return nil }
            offset = (h * 3600 + m * 60) * (t[sign] == "+" ? 1 : -1)
            t = t[..<sign]
        }
        let dateEnd = t.firstIndex { $0 == "T" || $0 == "t" || $0 == " " } ?? t.endIndex
        let date = t[..<dateEnd].split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" }
        guard date.count == 3, date[0].count == 4, (1...2).contains(date[1].count), (1...2).contains(date[2].count),
              let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var seconds = 0.0
        if dateEnd < t.endIndex {
            let time = t[t.index(after: dateEnd)...].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(time.count), time[0].count == 2, time[1].count == 2,
                  let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
            var second = 0.0
            if time.count == 3 {
                guard time[2].count >= 2, time[2].prefix(2).allSatisfy(\.isNumber), let s = Double(time[2]), s >= 0, s < 61 else { return nil }
                second = s
            }
            seconds = Double(hour * 3600 + minute * 60) + second
        } else if offset != offsetSeconds {
            return nil   // a zone needs a time: "2026-11-30Z" is not RFC 3339
        }
        let days = CivilDays.from(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 - offset) + seconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`, read by arithmetic: a case-history
    /// table has millions of these. Anything else is left to the general reading.
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
            guard (1...daysIn(month: month, year: year)).contains(day) else { return nil }
            var offset = 0
            if b.count == 20 {
                guard b[19] == UInt8(ascii: "Z") else { return nil }
            } else {
                guard b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), b[22] == UInt8(ascii: ":"),
                      let h = number(20, 2), let m = number(23, 2), h <= 23, m <= 59 else { return nil }
                offset = (h * 3600 + m * 60) * (b[19] == UInt8(ascii: "+") ? 1 : -1)
            }
            let seconds = CivilDays.from(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        } ?? nil
    }

    /// `2026-11-30T09:30:00+08:00`: the instant in Shanghai time, to the second.
    public static func timestamp(_ date: Date) -> String {
        let (days, rest) = local(date)
        return day(days) + "T" + pad(rest / 3600) + ":" + pad(rest / 60 % 60) + ":" + pad(rest % 60) + "+08:00"
    }

    /// For a `JSONEncoder` whose times people and programs read: `CityTime.timestamp` for each.
    public static let encodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var c = encoder.singleValueContainer()
        try c.encode(timestamp(date))
    }

    /// `2026-11-30`: the Shanghai calendar day the instant falls on.
    public static func day(_ date: Date) -> String { day(local(date).days) }

    /// Days since 1970-01-01 and seconds into that day, on Shanghai's clock.
    private static func local(_ date: Date) -> (days: Int, rest: Int) {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + offsetSeconds
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        return (days, seconds - days * 86_400)
    }

    private static func day(_ days: Int) -> String {
        let (y, m, d) = CivilDays.date(days)
        return (y < 1000 ? String(repeating: "0", count: 4 - String(y).count) : "") + "\(y)-" + pad(m) + "-" + pad(d)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func daysIn(month: Int, year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
