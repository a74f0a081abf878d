import Foundation

/// The one precision and spelling of the instants the account tables and the audit trail keep:
/// milliseconds, UTC. SQLite keeps the text (`2026-12-03T02:00:00.123Z`, which sorts as time
/// does); PostgreSQL a timestamptz, read back as epoch milliseconds. Both give back a `Date`
/// made the same way from the milliseconds, so a value written and read compares equal to
/// `rounded(value)`.
public enum StoredTime {
    /// `date` at the stored precision.
    public static func rounded(_ instant: Date) -> Date {
        date(milliseconds: milliseconds(instant))
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Spelled from the whole milliseconds: a formatter given the `Date` (a Double) may write
    /// .122 for what was .123.
    static func text(_ instant: Date) -> String {
        let ms = milliseconds(instant)
        let seconds = ms.quotientAndRemainder(dividingBy: 1000)
        let (whole, fraction) = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1000) : seconds
        let base = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: Double(whole)))
        let digits = String(fraction)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// The text read back; nil when it is not one `text` wrote.
    static func date(text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)).map(rounded)
    }
}
