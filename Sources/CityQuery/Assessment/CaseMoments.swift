import CityModel
import Foundation

/// Where a case stood at an earlier instant, read from its timeline: what the dashboard's "last
/// week" and the report's "at month end" need, so that closing a case today does not rewrite them.
/// Follows `CaseIndicators.count`: only steps strictly before the instant are seen. Instants are
/// seconds since the reference date.
extension CaseTimelineView {
    /// Open (reported, registered, dispatched, handled or verified) as of `date`.
    func isOpen(asOf date: Double) -> Bool {
        status(asOf: date)?.isOpen ?? false
    }

    /// Registered and still on the administrative clock as of `date`, with its due date before it:
    /// the count `CaseIndicators.overdueOpen` takes at a period's end.
    func isOverdue(asOf date: Double) -> Bool {
        guard status(asOf: date)?.isOnTheClock == true, let due else { return false }
        return due < date
    }

    /// Whether `CaseIndicators.count` over `start..<end` can count anything of this case: reported
    /// in it, a step in it, due in it, or on the clock at its end. A case closed long ago counts in
    /// nothing, and a city's years of them need not be walked again for every day of a sparkline.
    func counts(from start: Double, to end: Double) -> Bool {
        guard reported < end else { return false }
        if reported >= start { return true }
        if steps.contains(where: { $0.at >= start && $0.at < end }) { return true }
        if status(asOf: end)?.isOnTheClock == true { return true }
        guard let due else { return false }
        return due >= start && due < end
    }

    /// How many steps of `kind` fall in `start..<end`.
    func steps(_ kind: CaseEvent.Kind, from start: Double, to end: Double) -> Int {
        var n = 0
        for s in steps where s.kind == kind && s.at >= start && s.at < end { n += 1 }
        return n
    }
}

extension DateInterval {
    /// Start and end in seconds since the reference date, as timelines keep their instants.
    var seconds: (start: Double, end: Double) { (start.timeIntervalSinceReferenceDate, end.timeIntervalSinceReferenceDate) }
}
