import CityModel
import CityStore
import Foundation

/// Who asks and through which door: the principal the rules (`AccessPolicy`) decide on, and the
/// route or command the audit trail names. Every write of `CityQueries` takes one, so no door —
/// the API, Open311, the command line — can write without a name on it.
public struct Caller: Sendable {
    public var principal: Principal
    /// `POST /api/v1/cases`, `citygrid case transition`.
    public var via: String

    public init(_ principal: Principal, via: String) {
        self.principal = principal
        self.via = via
    }

    /// The operator at the command line of the machine holding the store, named by the
    /// operating-system account running the command.
    public static func commandLine(_ command: String) -> Caller {
        Caller(Principal(.localOperator(user: operatingSystemUser)), via: command)
    }

    /// A note with the name a client typed kept beside it, labelled so that nobody takes it for
    /// the actor: "现场已清理（代为办理: 区长本人）". The actor of a write is always the caller.
    public static func note(_ note: String, naming typedName: String?, as label: String = "代为办理") -> String {
        guard let name = typedName?.trimmingWhitespace(), !name.isEmpty else { return note }
        return note + "（\(label): \(name)）"
    }

    static var operatingSystemUser: String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid\(geteuid())"
    }
}

extension Caller {
    /// The caller as the store says it is now, for a decision inside a write: a token revoked or
    /// expired, or an account disabled, by any writer (another node, the command line) since the
    /// request was authenticated is refused here, and roles or areas changed since count as
    /// changed. A principal whose token the store does not know (made in-process by trusted code)
    /// stands as given.
    func current(in view: CityView, at now: Date = Date()) throws(CityQueryError) -> Principal {
        guard case .account(_, let tokenID) = principal.identity, let token = view.accounts.token(id: tokenID) else { return principal }
        guard token.isValid(at: now), let account = view.accounts.account(id: token.accountID),
              account.disabledAt.map({ now < $0 }) ?? true else {
            throw .unauthenticated(reason: "the token \(tokenID) was revoked or has expired, or its account was disabled")
        }
        return Principal(.account(account, tokenID: tokenID))
    }

    /// The audit line of a write this caller makes.
    func auditEntry(_ action: AuditAction, _ layer: Layer, _ id: String, _ detail: String, at: Date = Date()) -> AuditEntry {
        AuditEntry(by: principal, at: at, via: via, action: action, subject: layer.rawValue, subjectID: id, detail: detail)
    }
}
