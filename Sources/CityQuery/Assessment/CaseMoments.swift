import CityModel
import Foundation

/// Where a case stood at an earlier instant, read from its timeline: what the dashboard's "last
/// week" and the report's "at month end" need, so that closing a case today does not rewrite them.
/// Follows `CaseIndicators.count`: only steps strictly before the instant are seen. Instants are
/// seconds since the reference date.
extension CaseTimelineView {
    /// Open (reported, registered, dispatched, handled or verified) as of `date`.
    func isOpen(asOf date: Double) -> Bool {
        status(asOf: date).map(CaseMoments.open.contains) ?? false
    }

    /// Registered and still on the administrative clock as of `date`, with its due date before it:
    /// the count `CaseIndicators.overdueOpen` takes at a period's end.
    func isOverdue(asOf date: Double) -> Bool {
        guard let s = status(asOf: date), CaseMoments.onTheClock.contains(s), let due else { return false }
        return due < date
    }

    /// Whether `CaseIndicators.count` over `start..<end` can count anything of this case: reported
    /// in it, a step in it, due in it, or on the clock at its end. A case closed long ago counts in
    /// nothing, and a city's years of them need not be walked again for every day of a sparkline.
    func counts(from start: Double, to end: Double) -> Bool {
        guard reported < end else { return false }
        if reported >= start { return true }
        if steps.contains(where: { $0.at >= start && $0.at < end }) { return true }
        if let s = status(asOf: end), CaseMoments.onTheClock.contains(s) { return true }
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

enum CaseMoments {
    static let open: Set<CaseStatus> = [.reported, .registered, .dispatched, .handled, .verified]
    static let onTheClock: Set<CaseStatus> = [.registered, .dispatched, .handled, .verified]
    /// Statuses that were never a separate violation (as `RepeatOffenderRule` reads them).
    static let notAViolation: Set<CaseStatus> = [.cancelled, .mergedAsDuplicate, .notRegistered]
}

extension DateInterval {
    /// Start and end in seconds since the reference date, as timelines keep their instants.
    var seconds: (start: Double, end: Double) { (start.timeIntervalSinceReferenceDate, end.timeIntervalSinceReferenceDate) }
}
