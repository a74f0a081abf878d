import CityModel
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
