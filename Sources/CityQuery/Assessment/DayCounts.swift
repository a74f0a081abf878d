import CityModel
import Foundation

/// The dashboard's first row: what happened over a stretch of a day, and how many cases were
/// overdue at its end.
public struct DayCounts: Codable, Sendable, Hashable {
    /// 上报: cases reported.
    public var reported = 0
    /// 立案, 派遣, 结案: transitions of each kind (a case dispatched twice counts twice).
    public var registered = 0
    public var dispatched = 0
    public var closed = 0
    /// 超期: cases registered, open and past their due date at the stretch's end.
    public var overdue = 0

    public init() {}

    /// Tallies `cases` over the half-open `interval`.
    init(_ cases: [ViolationCase], interval: DateInterval, calendar: WorkingCalendar) throws {
        for c in cases {
            if c.reportedAt >= interval.start && c.reportedAt < interval.end { reported += 1 }
            registered += c.transitions(.register, in: interval)
            dispatched += c.transitions(.dispatch, in: interval)
            closed += c.transitions(.close, in: interval)
            if try c.isOverdue(asOf: interval.end, calendar: calendar) { overdue += 1 }
        }
    }
}
