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

    /// Tallies every case of `ledger` over the half-open `interval`.
    init(_ ledger: CaseLedger, interval: DateInterval) {
        let (start, end) = interval.seconds
        ledger.withTimelines { timelines in
            for i in 0..<ledger.count {
                let t = timelines[i]
                if t.reported >= start && t.reported < end { reported += 1 }
                registered += t.steps(.register, from: start, to: end)
                dispatched += t.steps(.dispatch, from: start, to: end)
                closed += t.steps(.close, from: start, to: end)
                if t.isOverdue(asOf: end) { overdue += 1 }
            }
        }
    }
}
