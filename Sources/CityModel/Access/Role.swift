/// What an account may do. Roles are duties, not ranks: a dispatcher does not report cases unless
/// also given `officer`, and every role holds only within the account's areas (`AreaScope`).
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Reads layers, cases and dossiers; sees no personal data.
    case viewer
    /// Files cases for the public (a citizen app, the 12345 hotline's bridge) through Open311 or
    /// the API, anywhere; cannot dispatch or edit. Its key may come as Open311's `api_key`.
    case reporter
    /// Reports cases anywhere; inside the areas: reports them handled, verifies them, appends
    /// dossier records and sees the personal data of the people concerned.
    case officer
    /// Inside the areas: registers, dispatches, closes and otherwise moves cases through their
    /// workflow, and sees personal data.
    case dispatcher
    /// Reads the audit trail (who saw and did what). Not granted by `admin`: under the graded
    /// protection rules (等级保护, 三员分立) the one who administers is not the one who audits.
    case auditor
    /// Inside the areas: imports and edits layers; with the whole city: manages accounts.
    case admin

    /// Whether holding `self` grants `role`: admin grants every duty but auditing, an officer may
    /// report for the public, and every role may read.
    public func grants(_ role: Role) -> Bool {
        if self == role || role == .viewer { return true }
        switch self {
        case .admin: return role != .auditor
        case .officer: return role == .reporter
        default: return false
        }
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
