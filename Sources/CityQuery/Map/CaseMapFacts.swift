import CityModel
import CityStore
import Foundation

/// What the map needs of one case beyond the store's columns (position, status, type): when it
/// was reported, when it falls due, and its cell. Decoded once per version of the case and kept
/// with it (`StoredFeature.memo`), so a rebuild of `CasePoints` after a write decodes only the
/// cases the write touched.
struct CaseMapFacts: Sendable {
    var reported: Double
    /// Seconds since the reference date; +∞ when no administrative clock runs (no deadline yet,
    /// closed, rejected, cancelled, merged, or with the police), so `asOf > due` is "overdue".
    var due: Double
    var cellCode: String?

    static let memoKey = "CityQuery.caseMapFacts"

    static func of(_ f: StoredFeature, calendar: WorkingCalendar) throws -> CaseMapFacts {
        try f.memo(memoKey) {
            Result { () throws -> CaseMapFacts in
                let c = try f.decode(ViolationCase.self)
                let clocked = !c.status.isTerminal && c.status != .escalated
                let due = clocked ? try c.dueDate(calendar: calendar)?.timeIntervalSinceReferenceDate : nil
                return CaseMapFacts(reported: c.reportedAt.timeIntervalSinceReferenceDate, due: due ?? .infinity,
                                    cellCode: c.attribution?.gridCode?.description)
            }
        }.get()
    }
}
