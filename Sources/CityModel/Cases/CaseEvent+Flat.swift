/// The flat, one-string form of assignments and events, shared by the side tables
/// (`cases.history.csv`: EVENT and ARG), the CLI (`citygrid case transition EVENT --argument`) and
/// the HTTP API, so that all three read the same words the same way.
extension Assignment {
    /// "department:CODE", "gridTeam:ID", "roadChief:ID" or "officer:ID"; nil for anything else.
    public init?(flat text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "department": self = .department(code: parts[1])
        case "gridTeam": self = .gridTeam(id: parts[1])
        case "roadChief": self = .roadChief(id: parts[1])
        case "officer": self = .officer(id: parts[1])
        default: return nil
        }
    }

    /// The flat form: "department:CODE", "gridTeam:ID", "roadChief:ID", "officer:ID".
    public var flat: String {
        switch self {
        case .department(let code): "department:\(code)"
        case .gridTeam(let id): "gridTeam:\(id)"
        case .roadChief(let id): "roadChief:\(id)"
        case .officer(let id): "officer:\(id)"
        }
    }
}

extension CaseEvent {
    /// What the flat argument of each kind must be, for error messages.
    public static func argumentHelp(for kind: Kind) -> String {
        switch kind {
        case .register: "an optional corrected case-type code"
        case .dispatch: "department:CODE, gridTeam:ID, roadChief:ID or officer:ID"
        case .mergeAsDuplicate: "the id of the case merged into"
        default: "nothing"
        }
    }

    /// The flat argument of this event, as `init(kind:argument:)` reads it back: the corrected type
    /// of a registration, the assignment of a dispatch, the case merged into; empty otherwise.
    public var flatArgument: String {
        switch self {
        case .register(let code): code ?? ""
        case .dispatch(let to, _): to.flat
        case .mergeAsDuplicate(let of): of
        default: ""
        }
    }

    /// The event of `kind` with its flat argument (empty or nil where the kind takes none); nil
    /// when the argument a kind needs is missing or malformed (see `argumentHelp(for:)`).
    public init?(kind: Kind, argument: String?) {
        let argument = argument.flatMap { $0.isEmpty ? nil : $0 }
        switch kind {
        case .register: self = .register(typeCode: argument)
        case .rejectAtRegistration: self = .rejectAtRegistration
        case .dispatch:
            guard let assignment = argument.flatMap(Assignment.init(flat:)) else { return nil }
            self = .dispatch(to: assignment)
        case .reportHandled: self = .reportHandled
        case .verifyPassed: self = .verifyPassed
        case .sendBack: self = .sendBack
        case .close: self = .close
        case .escalate: self = .escalate
        case .cancel: self = .cancel
        case .mergeAsDuplicate:
            guard let argument else { return nil }
            self = .mergeAsDuplicate(of: argument)
        }
    }
}
