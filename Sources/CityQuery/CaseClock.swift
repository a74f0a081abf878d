import CityModel
import Foundation

/// Where a case stands against its deadline at an instant: what the grid center's screen and the
/// officer's app show beside a case, derived from the rule and the working calendar, never stored.
public struct CaseClock: Sendable, Hashable {
    /// When the case is due; nil before registration starts the clock.
    public var dueAt: Date?
    public var overdue: Bool
    /// How far past due, when overdue.
    public var overdueBy: TimeInterval?
    /// The rule in words: "4 working hours from registration at 2026-11-21T13:41:00+08:00".
    public var rule: String?

    /// ISO 8601 duration of `overdueBy` to the minute (`PT27H5M`), for JSON.
    public var overdueByISO: String? {
        overdueBy.map { s in
            let minutes = Int((s / 60).rounded(.down))
            return "PT\(minutes / 60)H\(minutes % 60)M"
        }
    }
}

extension CityQueries {
    /// The case's deadline as of `asOf`.
    public func clock(of c: ViolationCase, asOf: Date = Date()) throws -> CaseClock {
        let due = try c.dueDate(calendar: calendar)
        let overdue = try c.isOverdue(at: asOf, calendar: calendar)
        var rule: String?
        switch c.deadline {
        case .limit(let limit, let from)?:
            let unit = limit.unit == .workingHours ? "working hour" : "working day"
            rule = "\(limit.value) \(unit)\(limit.value == 1 ? "" : "s") from registration at \(CityTime.timestamp(from))"
        case .fixed(let date)?:
            rule = "due \(CityTime.timestamp(date)), set at dispatch"
        case nil:
            rule = nil
        }
        return CaseClock(dueAt: due, overdue: overdue, overdueBy: overdue ? due.map { asOf.timeIntervalSince($0) } : nil, rule: rule)
    }
}
