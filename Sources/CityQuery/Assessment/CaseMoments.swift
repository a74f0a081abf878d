import CityModel
import Foundation

/// Where a case stood at an earlier instant, read from its history: what the dashboard's "last
/// week" and the report's "at month end" need, so that closing a case today does not rewrite them.
/// Follows `CaseIndicators.compute`: only transitions strictly before the instant are seen.
extension ViolationCase {
    /// The status as of `date`, or nil if the case had not been reported yet.
    func status(asOf date: Date) -> CaseStatus? {
        guard reportedAt < date else { return nil }
        return history.last { $0.at < date }?.to ?? .reported
    }

    /// Open (reported, registered, dispatched, handled or verified) as of `date`.
    func isOpen(asOf date: Date) -> Bool {
        status(asOf: date).map(CaseMoments.open.contains) ?? false
    }

    /// Registered and still on the administrative clock as of `date`, with its due date before it:
    /// the count `CaseIndicators.overdueOpen` takes at a period's end.
    func isOverdue(asOf date: Date, calendar: WorkingCalendar) throws -> Bool {
        guard let s = status(asOf: date), CaseMoments.onTheClock.contains(s), let due = try dueDate(calendar: calendar) else { return false }
        return due < date
    }

    /// Whether `CaseIndicators.compute` over `interval` can count anything of this case: reported in
    /// it, a step in it, due in it, or on the clock at its end. A case closed long ago counts in
    /// nothing, and a city's years of them need not be walked again for every day of a sparkline.
    func counts(in interval: DateInterval, calendar: WorkingCalendar) throws -> Bool {
        guard reportedAt < interval.end else { return false }
        if reportedAt >= interval.start { return true }
        if history.contains(where: { $0.at >= interval.start && $0.at < interval.end }) { return true }
        if let s = status(asOf: interval.end), CaseMoments.onTheClock.contains(s) { return true }
        guard let due = try dueDate(calendar: calendar) else { return false }
        return due >= interval.start && due < interval.end
    }

    /// How many transitions of `kind` fall in `interval` (half-open).
    func transitions(_ kind: CaseEvent.Kind, in interval: DateInterval) -> Int {
        history.filter { $0.event.kind == kind && $0.at >= interval.start && $0.at < interval.end }.count
    }
}

enum CaseMoments {
    static let open: Set<CaseStatus> = [.reported, .registered, .dispatched, .handled, .verified]
    static let onTheClock: Set<CaseStatus> = [.registered, .dispatched, .handled, .verified]
}
