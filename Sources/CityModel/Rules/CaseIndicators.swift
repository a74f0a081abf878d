import Foundation

/// A rate kept as its two counts, so that reports can show "37 / 40" and sum periods correctly.
public struct Ratio: Hashable, Sendable, Codable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Nil when nothing was counted (0 / 0 is no rate, not 0 % nor 100 %).
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    public var description: String { "\(numerator)/\(denominator)" }
}

/// The standard indicators of digital city management for one period.
///
/// Every count is taken as of `period.end`: only transitions strictly before the end are seen, so
/// a report for last month does not change when a case is closed today. The period is half-open,
/// `start ≤ t < end`. Due dates are the cases' current deadlines under the given calendar.
public struct CaseIndicators: Hashable, Sendable {
    /// 受理数: cases reported in the period, less those merged as duplicates of another case
    /// (the same incident told twice is one incident).
    public var received: Int
    /// 立案率 = registered ÷ received: of the received cases, those registered (立案).
    public var registrationRate: Ratio
    /// 结案率 = closed ÷ due. Due (应结案数): registered cases, neither cancelled nor escalated to the
    /// police, whose due date falls in the period, plus those closed in the period ahead of a due
    /// date after it. Closed: the due cases that are closed.
    public var closureRate: Ratio
    /// 按期结案率 = closed on time ÷ due: the due cases closed no later than their due date.
    public var onTimeClosureRate: Ratio
    /// 返工率 = sent back ÷ handled, counting transitions in the period, not cases: each
    /// `reportHandled` is one handling, each `sendBack` one handling rejected at verification.
    public var reworkRate: Ratio
    /// Open cases (registered, dispatched, handled or verified) past their due date at period end.
    public var overdueOpen: Int
    /// Cases closed in the period after their due date.
    public var closedLate: Int
    /// 平均处置时长: over the cases closed in the period, the mean time from registration (立案) to
    /// closure (结案), in elapsed seconds (the clock on the wall, which the public sees; "on time"
    /// is the working calendar's business, in `onTimeClosureRate`). Nil when none closed.
    public var meanHandlingSeconds: Double? { handlingCount == 0 ? nil : handlingSecondsTotal / Double(handlingCount) }
    /// The two sums behind the mean, kept so that groups and periods add up.
    public var handlingSecondsTotal: Double = 0
    public var handlingCount: Int = 0

    /// Nothing counted: the indicators of no case.
    public static let zero = CaseIndicators(received: 0, registrationRate: Ratio(numerator: 0, denominator: 0),
                                            closureRate: Ratio(numerator: 0, denominator: 0),
                                            onTimeClosureRate: Ratio(numerator: 0, denominator: 0),
                                            reworkRate: Ratio(numerator: 0, denominator: 0), overdueOpen: 0, closedLate: 0)

    public static func compute(_ cases: [ViolationCase], period: DateInterval,
                               calendar: WorkingCalendar) throws -> CaseIndicators {
        var all = zero
        for c in cases { all.count(try CaseTimeline(c, calendar: calendar), in: period) }
        return all
    }

    /// Counts one case into these indicators over `period`: the definitions above, case by case.
    public mutating func count(_ t: CaseTimeline, in period: DateInterval) {
        t.withView { count($0, from: period.start.timeIntervalSinceReferenceDate, to: period.end.timeIntervalSinceReferenceDate) }
    }

    /// `count(_:in:)` over the half-open `start..<end`, in seconds since the reference date: what a
    /// sweep over a million timelines calls, with no `Date`, array or reference made per case.
    public mutating func count(_ t: CaseTimelineView, from start: Double, to end: Double) {
        @inline(__always) func inPeriod(_ d: Double) -> Bool { d >= start && d < end }
        // One walk over the steps seen by the period's end (strictly before it).
        var last: CaseTimeline.Step?
        var registeredAt: Double?
        for s in t.steps where s.at < end {
            last = s
            if registeredAt == nil, s.kind == .register { registeredAt = s.at }
            if s.at >= start {
                if s.kind == .reportHandled { reworkRate.denominator += 1 }
                if s.kind == .sendBack { reworkRate.numerator += 1 }
            }
        }
        let status = last?.to ?? .reported
        let closedAt = status == .closed ? last?.at : nil
        if let closedAt, inPeriod(closedAt), let registeredAt {
            handlingSecondsTotal += closedAt - registeredAt
            handlingCount += 1
        }
        if inPeriod(t.reported), status != .mergedAsDuplicate {
            received += 1
            registrationRate.denominator += 1
            if registeredAt != nil { registrationRate.numerator += 1 }
        }
        guard registeredAt != nil, status != .cancelled, status != .escalated, let dueDate = t.due else { return }
        let closedInPeriod = closedAt.map(inPeriod) ?? false
        if inPeriod(dueDate) || (closedInPeriod && dueDate >= end) {
            closureRate.denominator += 1
            onTimeClosureRate.denominator += 1
            if let closedAt {
                closureRate.numerator += 1
                if closedAt <= dueDate { onTimeClosureRate.numerator += 1 }
            }
        }
        if status.isOnTheClock, dueDate < end { overdueOpen += 1 }
        if closedInPeriod, let closedAt, closedAt > dueDate { closedLate += 1 }
    }

    /// Adds another group's counts (groups and cases add up: every figure is a count or a sum).
    public mutating func add(_ o: CaseIndicators) {
        received += o.received
        registrationRate.numerator += o.registrationRate.numerator
        registrationRate.denominator += o.registrationRate.denominator
        closureRate.numerator += o.closureRate.numerator
        closureRate.denominator += o.closureRate.denominator
        onTimeClosureRate.numerator += o.onTimeClosureRate.numerator
        onTimeClosureRate.denominator += o.onTimeClosureRate.denominator
        reworkRate.numerator += o.reworkRate.numerator
        reworkRate.denominator += o.reworkRate.denominator
        overdueOpen += o.overdueOpen
        closedLate += o.closedLate
        handlingSecondsTotal += o.handlingSecondsTotal
        handlingCount += o.handlingCount
    }
}
