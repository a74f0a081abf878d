import Foundation

/// A person or system that signs in: a name, the unit it belongs to (区城管执法局, 街道中队, 路长 …),
/// its roles and the areas they hold in. Accounts live in the store, beside the data they guard,
/// so that every node and the command line see the same ones.
public struct Account: Hashable, Sendable, Codable {
    /// Stable and short (`u-0007`), what the audit trail and the case history name.
    public var id: String
    public var name: String
    public var unit: String
    public var roles: Set<Role>
    /// Never empty: an account for the whole city says `city`.
    public var areas: [AreaScope]
    public var createdAt: Date
    /// Set when the account was disabled; its tokens stop working with it.
    public var disabledAt: Date?

    public init(id: String, name: String, unit: String, roles: Set<Role>, areas: [AreaScope],
                createdAt: Date, disabledAt: Date? = nil) {
        self.id = id
        self.name = name
        self.unit = unit
        self.roles = roles
        self.areas = areas
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    public func validate() throws {
        let check = EntityCheck(entity: "Account", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        if roles.isEmpty { throw check.failure("roles", "an account needs at least one role") }
        if areas.isEmpty { throw check.failure("areas", "an account needs at least one area (city for all of it)") }
    }
}

/// An API token of an account, as the store keeps it: never the secret itself, only its SHA-256
/// digest (the secret is 256 random bits, so a slow hash would add nothing but latency), with the
/// times that decide whether it still opens anything.
public struct AccountToken: Hashable, Sendable, Codable {
    /// Public and short (`t-5f2c9a01`): what `citygrid users list` shows and `revoke` takes.
    public var id: String
    public var accountID: String
    /// SHA-256 of the secret, lower-case hex.
    public var digest: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, accountID: String, digest: String, createdAt: Date, expiresAt: Date? = nil,
                lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.digest = digest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Whether the token opens its account at `date`: not revoked, not expired.
    public func isValid(at date: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { date < $0 } ?? true)
    }
}
