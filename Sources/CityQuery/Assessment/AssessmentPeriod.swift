import CityModel
import Foundation

/// A month of the assessment (考核月), `YYYY-MM`, as the instants it runs between in the grid
/// center's time zone: from the 1st at 00:00 to the next month's 1st at 00:00 (half-open).
public struct AssessmentPeriod: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "a month is 1…12")
        self.year = year
        self.month = month
    }

    /// Reads `2026-11`; a bad text is a `badParameter` naming `parameter`.
    public init(parsing text: String, parameter: String = "period") throws(CityQueryError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1970 else {
            throw .badParameter(name: parameter, value: text, reason: "expected a month as YYYY-MM, e.g. 2026-11")
        }
        self.init(year: y, month: m)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public var previous: AssessmentPeriod {
        month == 1 ? AssessmentPeriod(year: year - 1, month: 12) : AssessmentPeriod(year: year, month: month - 1)
    }

    public var next: AssessmentPeriod {
        month == 12 ? AssessmentPeriod(year: year + 1, month: 1) : AssessmentPeriod(year: year, month: month + 1)
    }

    /// The month's instants on `calendar`'s clock.
    public func interval(on calendar: WorkingCalendar) -> DateInterval {
        DateInterval(start: calendar.date(CalendarDay(year: year, month: month, day: 1)),
                     end: calendar.date(CalendarDay(year: next.year, month: next.month, day: 1)))
    }
}
