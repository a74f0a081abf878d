import Foundation

/// The closed loop as a state machine:
///
///     reported ─register→ registered ─dispatch→ dispatched ─reportHandled→ handled ─verifyPassed→ verified ─close→ closed
///                                                   ↑ └─dispatch (改派)─┘         │
///                                                   └────────── sendBack (返工) ──┘
///
/// plus: reported ─rejectAtRegistration→ notRegistered; reported/registered ─mergeAsDuplicate→
/// mergedAsDuplicate; reported/registered/dispatched ─cancel→ cancelled; registered/dispatched/handled
/// ─escalate→ escalated (行刑衔接), which the police either keep (─close→ closed) or hand back
/// (─dispatch→ dispatched).
public struct CaseWorkflow: Sendable {
    public let catalogue: CaseTypeCatalogue
    /// When given, `dispatch` to a department must name one of its departments.
    public let departments: DepartmentTable?

    public init(catalogue: CaseTypeCatalogue, departments: DepartmentTable? = nil) {
        self.catalogue = catalogue
        self.departments = departments
    }

    /// The state `event` leads to from `state`, or nil when the event is not allowed there.
    public static func target(from state: CaseStatus, event: CaseEvent.Kind) -> CaseStatus? {
        switch (state, event) {
        case (.reported, .register): .registered
        case (.reported, .rejectAtRegistration): .notRegistered
        case (.reported, .mergeAsDuplicate), (.registered, .mergeAsDuplicate): .mergedAsDuplicate
        case (.reported, .cancel), (.registered, .cancel), (.dispatched, .cancel): .cancelled
        case (.registered, .dispatch), (.dispatched, .dispatch), (.escalated, .dispatch): .dispatched
        case (.registered, .escalate), (.dispatched, .escalate), (.handled, .escalate): .escalated
        case (.dispatched, .reportHandled): .handled
        case (.handled, .verifyPassed): .verified
        case (.handled, .sendBack): .dispatched
        case (.verified, .close), (.escalated, .close): .closed
        default: nil
        }
    }

    /// The events allowed in `state`.
    public static func allowedEvents(in state: CaseStatus) -> [CaseEvent.Kind] {
        CaseEvent.Kind.allCases.filter { target(from: state, event: $0) != nil }
    }

    /// Applies `event` and returns the case with one more `CaseTransition` in its history.
    ///
    /// `register` sets the case type (when given) and the deadline from the catalogue's time limit
    /// counted from `date`; `dispatch` sets the assignment and, when it carries `due`, a fixed
    /// deadline; `mergeAsDuplicate` records the case merged into.
    /// - Throws: `illegalTransition` when the state does not allow the event; `unknownCaseType`
    ///   when registering a type not in the catalogue; `outOfOrderRecord` when `date` is before the
    ///   last transition or the report; `invalidEntity` for an empty actor, a self-merge or a
    ///   dispatch to a department the departments table does not know.
    public func apply(_ event: CaseEvent, to violationCase: ViolationCase, by actor: String, at date: Date,
                      note: String = "") throws -> ViolationCase {
        var c = violationCase
        guard let next = CaseWorkflow.target(from: c.status, event: event.kind) else {
            throw CityModelError.illegalTransition(from: c.status, event: event.kind, caseID: c.id)
        }
        let check = EntityCheck(entity: "ViolationCase", id: c.id)
        try check.nonEmpty(actor, "history.actor")
        let last = c.history.last?.at ?? c.reportedAt
        guard date >= last else {
            throw CityModelError.outOfOrderRecord(entity: "ViolationCase", id: c.id, previous: last, appended: date)
        }
        switch event {
        case .register(let typeCode):
            let code = typeCode ?? c.typeCode
            guard let type = catalogue.caseType(code: code) else {
                throw CityModelError.unknownCaseType(code: code, caseID: c.id)
            }
            c.typeCode = code
            c.deadline = .limit(type.deadline, from: date)
        case .dispatch(let assignment, let due):
            try check.nonEmpty(assignment.id, "assignment")
            if case .department(let code) = assignment, let departments, departments.department(code: code) == nil {
                throw check.failure("assignment", "department \(code) is not in the departments table")
            }
            if let due { try check.finite(due.timeIntervalSinceReferenceDate, "deadline") }
            c.assignment = assignment
            if let due { c.deadline = .fixed(due) }
        case .mergeAsDuplicate(let original):
            guard original != c.id else { throw check.failure("duplicateOf", "a case cannot duplicate itself") }
            try check.nonEmpty(original, "duplicateOf")
            c.duplicateOf = original
        case .rejectAtRegistration, .reportHandled, .verifyPassed, .sendBack, .close, .escalate, .cancel:
            break
        }
        c.history.append(CaseTransition(actor: actor, at: date, from: c.status, to: next, event: event, note: note))
        c.status = next
        return c
    }
}
