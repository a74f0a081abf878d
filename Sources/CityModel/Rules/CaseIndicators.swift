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

    public static func compute(_ cases: [ViolationCase], period: DateInterval,
                               calendar: WorkingCalendar) throws -> CaseIndicators {
        let start = period.start, end = period.end
        func inPeriod(_ d: Date) -> Bool { d >= start && d < end }
        var received = 0, registered = 0, due = 0, closed = 0, onTime = 0
        var handled = 0, sentBack = 0, overdueOpen = 0, closedLate = 0
        var handlingSeconds = 0.0, handlingCount = 0
        for c in cases {
            let seen = c.history.filter { $0.at < end }
            let status = seen.last?.to ?? .reported
            let registeredAt = seen.first { $0.event.kind == .register }?.at
            let closedAt = status == .closed ? seen.last?.at : nil
            if let closedAt, inPeriod(closedAt), let registeredAt {
                handlingSeconds += closedAt.timeIntervalSince(registeredAt)
                handlingCount += 1
            }
            handled += seen.filter { $0.event.kind == .reportHandled && inPeriod($0.at) }.count
            sentBack += seen.filter { $0.event.kind == .sendBack && inPeriod($0.at) }.count

            if inPeriod(c.reportedAt), status != .mergedAsDuplicate {
                received += 1
                if registeredAt != nil { registered += 1 }
            }
            guard registeredAt != nil, status != .cancelled, status != .escalated,
                  let dueDate = try c.dueDate(calendar: calendar) else { continue }
            let closedInPeriod = closedAt.map(inPeriod) ?? false
            if inPeriod(dueDate) || (closedInPeriod && dueDate >= end) {
                due += 1
                if let closedAt {
                    closed += 1
                    if closedAt <= dueDate { onTime += 1 }
                }
            }
            if [.registered, .dispatched, .handled, .verified].contains(status), dueDate < end { overdueOpen += 1 }
            if closedInPeriod, let closedAt, closedAt > dueDate { closedLate += 1 }
        }
        return CaseIndicators(received: received,
                              registrationRate: Ratio(numerator: registered, denominator: received),
                              closureRate: Ratio(numerator: closed, denominator: due),
                              onTimeClosureRate: Ratio(numerator: onTime, denominator: due),
                              reworkRate: Ratio(numerator: sentBack, denominator: handled),
                              overdueOpen: overdueOpen, closedLate: closedLate,
                              handlingSecondsTotal: handlingSeconds, handlingCount: handlingCount)
    }
}
