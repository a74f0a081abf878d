import CityModel
import CityStore
import Foundation

/// An account as `accounts(by:)` lists it, with its tokens: the public form, designed for people
/// and scripts (`citygrid users list --json`). A token's digest is never in it: it would let
/// anyone holding the listing test guesses offline.
public struct AccountListing: Sendable, Hashable, Encodable {
    public var id: String
    public var name: String
    public var unit: String
    public var roles: [Role]
    /// Printed forms, as `--area` takes them.
    public var areas: [String]
    public var createdAt: Date
    public var disabledAt: Date?
    public var tokens: [TokenListing]

    init(_ account: Account, tokens: [AccountToken], at now: Date) {
        id = account.id
        name = account.name
        unit = account.unit
        roles = account.roles.sorted()
        areas = account.areas.map(\.description)
        createdAt = account.createdAt
        disabledAt = account.disabledAt
        let disabled = account.disabledAt.map { $0 <= now } ?? false
        self.tokens = tokens.map { TokenListing($0, opens: !disabled && $0.isValid(at: now)) }
    }
}

/// A token as listed: when it was made, expires, was last used (to the minute) and revoked,
/// and whether it opens its account now.
public struct TokenListing: Sendable, Hashable, Encodable {
    public var id: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    public var valid: Bool

    init(_ token: AccountToken, opens: Bool) {
        id = token.id
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
        valid = opens
    }
}

/// A token just issued, with its secret: the only time the secret exists outside the hands it
/// is given to.
public struct IssuedToken: Sendable {
    public let secret: String
    public let token: AccountToken
}
