/// Who is asking: an account signed in with one of its tokens, the operator at the command line
/// of the machine holding the store, or nobody. Every question and write of CityQuery takes one,
/// and the rules (`AccessPolicy`) decide on it alone.
public struct Principal: Hashable, Sendable, CustomStringConvertible {
    public enum Identity: Hashable, Sendable {
        case anonymous
        case account(Account, tokenID: String)
        /// The command line: whoever can open the store's file or database can change it anyway;
        /// the audit trail names the operating-system user.
        case localOperator(user: String)
    }

    public let identity: Identity

    public init(_ identity: Identity) { self.identity = identity }

    public static let anonymous = Principal(.anonymous)

    /// The account id, nil for the anonymous and the local operator.
    public var accountID: String? {
        if case .account(let a, _) = identity { return a.id }
        return nil
    }

    /// The name recorded as the actor of a write: the account's name, `本机:root` for the command line.
    public var name: String {
        switch identity {
        case .anonymous: "anonymous"
        case .account(let a, _): a.name
        case .localOperator(let user): "本机:\(user)"
        }
    }

    public var roles: Set<Role> {
        switch identity {
        case .anonymous: []
        case .account(let a, _): a.roles
        case .localOperator: Set(Role.allCases)
        }
    }

    public var areas: [AreaScope] {
        switch identity {
        case .anonymous: []
        case .account(let a, _): a.areas
        case .localOperator: [.city]
        }
    }

    public var isAnonymous: Bool { identity == .anonymous }

    /// Whether the principal holds `role` anywhere.
    public func holds(_ role: Role) -> Bool {
        roles.contains { $0.grants(role) }
    }

    /// Whether the principal holds `role` where an entity attributed as `attribution` lies.
    public func holds(_ role: Role, at attribution: Attribution?) -> Bool {
        holds(role) && areas.contains { $0.contains(attribution) }
    }

    /// Whether the principal's areas take in the whole city.
    public var coversCity: Bool { areas.contains(.city) }

    public var description: String {
        switch identity {
        case .anonymous: "anonymous"
        case .account(let a, _): "\(a.name) (\(a.id))"
        case .localOperator(let user): "本机:\(user)"
        }
    }
}
