import Foundation

/// A case reduced to what the assessment indicators read: when it was reported, when it falls due
/// under the working calendar, and each step of its history (when, what, to which status).
/// `CaseIndicators` is defined over timelines, so a grid center's million cases are counted from
/// small structs kept in memory rather than from a million case documents decoded per request.
/// Times are seconds since the reference date, as `Date` keeps them.
public struct CaseTimeline: Hashable, Sendable {
    public struct Step: Hashable, Sendable {
        public var at: Double
        public var kind: CaseEvent.Kind
        public var to: CaseStatus

        public init(at: Double, kind: CaseEvent.Kind, to: CaseStatus) {
            self.at = at
            self.kind = kind
            self.to = to
        }
    }

    public var reported: Double
    /// The due date under the calendar the timeline was made with; nil while no deadline is set.
    public var due: Double?
    /// The history in its order.
    public var steps: [Step]

    public init(reported: Double, due: Double?, steps: [Step]) {
        self.reported = reported
        self.due = due
        self.steps = steps
    }

    /// The timeline of `c`, its due date resolved on `calendar`.
    public init(_ c: ViolationCase, calendar: WorkingCalendar) throws {
        self.init(reported: c.reportedAt.timeIntervalSinceReferenceDate,
                  due: try c.dueDate(calendar: calendar)?.timeIntervalSinceReferenceDate,
                  steps: c.history.map { Step(at: $0.at.timeIntervalSinceReferenceDate, kind: $0.event.kind, to: $0.to) })
    }

    /// This timeline as a view, for as long as `body` runs.
    public func withView<R>(_ body: (CaseTimelineView) throws -> R) rethrows -> R {
        try steps.withUnsafeBufferPointer { try body(CaseTimelineView(reported: reported, due: due, steps: $0)) }
    }
}

/// A timeline whose steps are borrowed from a larger array (the figures' columns hold every case's
/// steps end to end): what a sweep over a million cases reads, with no reference counted per case
/// (retains on shared arrays were half of a dashboard's time when two cores swept the same cases).
/// Valid only inside the closure that lent the steps.
public struct CaseTimelineView {
    public var reported: Double
    public var due: Double?
    public var steps: UnsafeBufferPointer<CaseTimeline.Step>

    public init(reported: Double, due: Double?, steps: UnsafeBufferPointer<CaseTimeline.Step>) {
        self.reported = reported
        self.due = due
        self.steps = steps
    }

    /// The last step strictly before `date`.
    public func lastStep(before date: Double) -> CaseTimeline.Step? {
        var last: CaseTimeline.Step?
        for s in steps where s.at < date { last = s }
        return last
    }

    /// The status as of `date` (only steps strictly before it are seen), nil before the report.
    public func status(asOf date: Double) -> CaseStatus? {
        guard reported < date else { return nil }
        return lastStep(before: date)?.to ?? .reported
    }
}
