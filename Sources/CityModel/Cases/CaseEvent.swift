import Foundation

/// What happens to a case. `CaseWorkflow` decides which events each state allows.
public enum CaseEvent: Hashable, Sendable {
    /// 立案, optionally correcting the case type; starts the type's deadline.
    case register(typeCode: String? = nil)
    /// 不予立案.
    case rejectAtRegistration
    /// 派遣 (or re-dispatch, 改派); `due` overrides the type's deadline when the centre sets one.
    case dispatch(to: Assignment, due: Date? = nil)
    /// 处置完毕: the department reports the case handled.
    case reportHandled
    /// 核查通过.
    case verifyPassed
    /// 核查不通过, 返工: back to the department; counted by the 返工率.
    case sendBack
    /// 结案.
    case close
    /// 行刑衔接: hand-over to the police.
    case escalate
    /// 作废: reported in error or withdrawn.
    case cancel
    /// 合并: the same incident as case `of`.
    case mergeAsDuplicate(of: String)

    /// The event without its payload: what the transition table is written in.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        case register, rejectAtRegistration, dispatch, reportHandled, verifyPassed, sendBack
        case close, escalate, cancel, mergeAsDuplicate

        public var labelZH: String {
            switch self {
            case .register: "立案"
            case .rejectAtRegistration: "不予立案"
            case .dispatch: "派遣"
            case .reportHandled: "处置反馈"
            case .verifyPassed: "核查通过"
            case .sendBack: "返工"
            case .close: "结案"
            case .escalate: "移送公安"
            case .cancel: "作废"
            case .mergeAsDuplicate: "合并"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .register: .register
        case .rejectAtRegistration: .rejectAtRegistration
        case .dispatch: .dispatch
        case .reportHandled: .reportHandled
        case .verifyPassed: .verifyPassed
        case .sendBack: .sendBack
        case .close: .close
        case .escalate: .escalate
        case .cancel: .cancel
        case .mergeAsDuplicate: .mergeAsDuplicate
        }
    }
}

/// One entry of a case's append-only history.
public struct CaseTransition: Hashable, Sendable, Codable {
    /// Who did it (user or officer id).
    public var actor: String
    public var at: Date
    public var from: CaseStatus
    public var to: CaseStatus
    public var event: CaseEvent
    public var note: String

    public init(actor: String, at: Date, from: CaseStatus, to: CaseStatus, event: CaseEvent, note: String = "") {
        self.actor = actor
        self.at = at
        self.from = from
        self.to = to
        self.event = event
        self.note = note
    }
}

/// When a case must be handled by. Kept as the rule, not the date, so that the due date is always
/// derived from the current working calendar.
public enum CaseDeadline: Hashable, Sendable {
    /// The case type's time limit, counted from `from` (registration).
    case limit(TimeLimit, from: Date)
    /// A date the dispatcher set.
    case fixed(Date)

    public func due(on calendar: WorkingCalendar) throws -> Date {
        switch self {
        case .limit(let limit, let from): try calendar.due(after: from, limit: limit)
        case .fixed(let date): date
        }
    }
}
