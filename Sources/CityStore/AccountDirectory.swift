import CityModel

/// Every account and token as memory keeps them, for signing in without a database round trip:
/// accounts by id, tokens by digest (what a presented secret is looked up by) and by id. Loaded
/// at open and replaced whole whenever the change log says accounts changed, so that a
/// revocation made by any writer reaches every store as soon as it catches up.
public struct AccountDirectory: Sendable, Equatable {
    public private(set) var accounts: [String: Account] = [:]
    public private(set) var tokensByDigest: [String: AccountToken] = [:]
    public private(set) var tokensByID: [String: AccountToken] = [:]

    public init(accounts: [Account] = [], tokens: [AccountToken] = []) {
        for a in accounts { self.accounts[a.id] = a }
        for t in tokens {
            tokensByDigest[t.digest] = t
            tokensByID[t.id] = t
        }
    }

    public func account(id: String) -> Account? { accounts[id] }
    public func token(digest: String) -> AccountToken? { tokensByDigest[digest] }
    public func token(id: String) -> AccountToken? { tokensByID[id] }

    /// An account's tokens, oldest first (ties by id).
    public func tokens(of accountID: String) -> [AccountToken] {
        tokensByID.values.filter { $0.accountID == accountID }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// Every account, by id.
    public var sortedAccounts: [Account] { accounts.values.sorted { $0.id < $1.id } }
}
