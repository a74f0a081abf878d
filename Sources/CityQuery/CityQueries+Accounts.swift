import CityModel
import CityStore
import Foundation
import GeoCore

/// Accounts and their tokens: who manages them, and each change as one store write with its
/// audit line (`account.create`, `token.issue`, `token.revoke`, `account.disable`), decided on
/// the caught-up directory so that two writers never hand out one id.
///
/// The rules: only an admin whose areas take in the whole city, or the local operator, manages
/// accounts; and no one hands on what they do not hold: a role they do not hold (an admin does
/// not hold `auditor`, on purpose), or an area none of theirs covers.
extension CityQueries {
    /// Creates an account and its first token. `secret` is given only for the sample's
    /// demonstration accounts (at least `TokenSecret.minimumGivenLength` characters); otherwise
    /// a new one is made. The secret is in the answer and nowhere else.
    public func addAccount(name: String, unit: String, roles: Set<Role>, areas: [AreaScope], expiresAt: Date? = nil,
                           secret: String? = nil, by caller: Caller) throws
        -> (account: Account, secret: String, token: AccountToken) {
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty else { throw CityQueryError.unprocessable(name: "name", reason: "an account needs a name") }
        guard !roles.isEmpty else { throw CityQueryError.unprocessable(name: "roles", reason: "an account needs at least one role") }
        guard !areas.isEmpty else {
            throw CityQueryError.unprocessable(name: "areas", reason: "an account needs at least one area (city for all of it)")
        }
        let expiry = try checkedExpiry(expiresAt, now: Date())
        if let secret, secret.count < TokenSecret.minimumGivenLength {
            throw CityQueryError.unprocessable(name: "secret", reason: "a given secret has at least \(TokenSecret.minimumGivenLength) characters")
        }
        let issuedSecret = secret ?? TokenSecret.generate()
        let digest = TokenSecret.digest(issuedSecret)
        return try accountWrite(caller, "create accounts") { view, principal, now in
            try requireGrantable(roles: roles, areas: areas, by: principal)
            guard view.accounts.token(digest: digest) == nil else {
                throw CityQueryError.conflict(reason: "another token has this secret")
            }
            let account = Account(id: Self.nextAccountID(view.accounts), name: trimmedName, unit: unit, roles: roles,
                                  areas: areas, createdAt: now)
            try account.validate()
            let token = AccountToken(id: Self.newTokenID(view.accounts), accountID: account.id, digest: digest,
                                     createdAt: now, expiresAt: expiry)
            var batch = WriteBatch()
            batch.put(account)
            batch.put(token)
            batch.record(AuditEntry(by: principal, at: now, via: caller.via, action: .accountCreated, subject: "accounts",
                                    subjectID: account.id, detail: Self.detail(account)))
            batch.record(Self.issueEntry(token, by: principal, at: now, via: caller.via))
            return (batch, (account, issuedSecret, token))
        }
    }

    /// Every account with its tokens, by id, as stored now (last uses included).
    public func accounts(by principal: Principal) throws -> [AccountListing] {
        try requireAccountManager(principal, action: "list accounts")
        let directory = try translated { try store.storedAccounts() }
        let now = Date()
        return directory.sortedAccounts.map { AccountListing($0, tokens: directory.tokens(of: $0.id), at: now) }
    }

    /// Disables an account: its tokens stop opening it at once, on every node once caught up.
    /// Disabling a disabled account changes nothing.
    @discardableResult
    public func disableAccount(id: String, by caller: Caller) throws -> Account {
        try accountWrite(caller, "disable accounts") { view, principal, now in
            guard var account = view.accounts.account(id: id) else { throw CityQueryError.notFound(layer: "accounts", id: id) }
            guard account.disabledAt == nil else { return (WriteBatch(), account) }
            account.disabledAt = now
            var batch = WriteBatch()
            batch.put(account)
            batch.record(AuditEntry(by: principal, at: now, via: caller.via, action: .accountDisabled, subject: "accounts", subjectID: id))
            return (batch, account)
        }
    }

    /// Issues another token for an account (the others keep working).
    public func issueToken(accountID: String, expiresAt: Date? = nil, by caller: Caller) throws -> IssuedToken {
        let expiry = try checkedExpiry(expiresAt, now: Date())
        let secret = TokenSecret.generate()
        return try accountWrite(caller, "issue tokens") { view, principal, now in
            let token = try Self.newToken(for: accountID, secret: secret, expiresAt: expiry, at: now, in: view.accounts)
            var batch = WriteBatch()
            batch.put(token)
            batch.record(Self.issueEntry(token, by: principal, at: now, via: caller.via))
            return (batch, IssuedToken(secret: secret, token: token))
        }
    }

    /// Revokes a token by its id. A revoked token stays revoked as it was (no new line).
    @discardableResult
    public func revokeToken(id: String, by caller: Caller) throws -> AccountToken {
        try accountWrite(caller, "revoke tokens") { view, principal, now in
            guard var token = view.accounts.token(id: id) else { throw CityQueryError.notFound(layer: "tokens", id: id) }
            guard token.revokedAt == nil else { return (WriteBatch(), token) }
            token.revokedAt = now
            var batch = WriteBatch()
            batch.put(token)
            batch.record(Self.revokeEntry(token, rotated: false, by: principal, at: now, via: caller.via))
            return (batch, token)
        }
    }

    /// Revokes every token of the account that still opens it and issues one new token, in one
    /// write: there is no moment with both or neither.
    public func rotateTokens(accountID: String, expiresAt: Date? = nil, by caller: Caller) throws
        -> (issued: IssuedToken, revoked: [AccountToken]) {
        let expiry = try checkedExpiry(expiresAt, now: Date())
        let secret = TokenSecret.generate()
        return try accountWrite(caller, "rotate tokens") { view, principal, now in
            let token = try Self.newToken(for: accountID, secret: secret, expiresAt: expiry, at: now, in: view.accounts)
            var batch = WriteBatch()
            var revoked: [AccountToken] = []
            for var old in view.accounts.tokens(of: accountID) where old.isValid(at: now) {
                old.revokedAt = now
                batch.put(old)
                batch.record(Self.revokeEntry(old, rotated: true, by: principal, at: now, via: caller.via))
                revoked.append(old)
            }
            batch.put(token)
            batch.record(Self.issueEntry(token, by: principal, at: now, via: caller.via))
            return (batch, (IssuedToken(secret: secret, token: token), revoked))
        }
    }

    /// Who a presented secret signs in as: nil for a secret no token has, a revoked or expired
    /// token, or a disabled account. Looked up by digest in memory's directory, which follows
    /// every writer's changes (a revocation anywhere closes the token here once caught up).
    /// The use is noted; its time is written within the minute (`flushTokenUses`).
    public func authenticate(secret: String, at now: Date = Date()) -> Principal? {
        let digest = TokenSecret.digest(secret)
        let principal: Principal? = store.read { view in
            guard let token = view.accounts.token(digest: digest), token.isValid(at: now),
                  let account = view.accounts.account(id: token.accountID), account.disabledAt.map({ now < $0 }) ?? true
            else { return nil }
            return Principal(.account(account, tokenID: token.id))
        }
        if case .account(_, let tokenID)? = principal?.identity { store.noteTokenUse(tokenID: tokenID, at: now) }
        return principal
    }

    /// Writes the last uses still pending: for a server that stops, and for tests.
    public func flushTokenUses() throws {
        try translated { try store.flushTokenUses() }
    }

    // MARK: The rules

    /// One change to the accounts: decided inside `store.update` on the caught-up directory, by
    /// the caller as the store says it is now (a manager whose own token was just revoked by
    /// another writer is refused), at one instant for the change and its audit lines.
    func accountWrite<T>(_ caller: Caller, _ action: String,
                         _ body: (_ view: CityView, _ principal: Principal, _ now: Date) throws -> (WriteBatch, T)) throws -> T {
        let now = StoredTime.rounded(Date())
        return try translated {
            try store.update { view in
                let principal = try caller.current(in: view, at: now)
                try requireAccountManager(principal, action: action)
                return try body(view, principal, now)
            }
        }
    }

    func requireAccountManager(_ principal: Principal, action: String) throws {
        guard principal.holds(.admin), principal.coversCity else {
            throw CityQueryError.forbidden(principal: principal.description, action: action, needs: .admin, area: nil)
        }
    }

    /// No one hands on a role they do not hold or an area none of theirs covers.
    func requireGrantable(roles: Set<Role>, areas: [AreaScope], by principal: Principal) throws {
        for role in roles.sorted() where !principal.holds(role) {
            throw CityQueryError.forbidden(principal: principal.description, action: "grant the \(role.rawValue) role", needs: role, area: nil)
        }
        for (i, area) in areas.enumerated() where !principal.areas.contains(where: { $0.covers(area) }) {
            throw CityQueryError.forbidden(principal: principal.description, action: "grant areas[\(i)]", needs: .admin, area: area.description)
        }
    }

    private func checkedExpiry(_ expiresAt: Date?, now: Date) throws -> Date? {
        guard let expiresAt else { return nil }
        guard expiresAt > now else {
            throw CityQueryError.unprocessable(name: "expiresAt", reason: "\(CityTime.timestamp(expiresAt)) is not in the future")
        }
        return StoredTime.rounded(expiresAt)
    }

    // MARK: Ids and lines

    /// `u-0001`, `u-0002`, …: one past the highest such id (others, such as the sample's
    /// `u-demo-…`, do not count). Decided on the caught-up directory inside `update`.
    static func nextAccountID(_ directory: AccountDirectory) -> String {
        let highest = directory.accounts.keys.compactMap { id -> Int? in
            guard id.hasPrefix("u-") else { return nil }
            return Int(id.dropFirst(2))
        }.max() ?? 0
        let digits = String(highest + 1)
        return "u-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A new token for an account that exists and is not disabled (a rotation's and an issue's).
    static func newToken(for accountID: String, secret: String, expiresAt: Date?, at now: Date,
                         in directory: AccountDirectory) throws -> AccountToken {
        guard let account = directory.account(id: accountID) else { throw CityQueryError.notFound(layer: "accounts", id: accountID) }
        guard account.disabledAt == nil else { throw CityQueryError.conflict(reason: "account \(accountID) is disabled") }
        return AccountToken(id: newTokenID(directory), accountID: accountID, digest: TokenSecret.digest(secret), createdAt: now, expiresAt: expiresAt)
    }

    static func newTokenID(_ directory: AccountDirectory) -> String {
        while true {
            let id = TokenSecret.randomID("t-")
            if directory.token(id: id) == nil { return id }
        }
    }

    static func detail(_ account: Account) -> String {
        var object = JSONObject()
        object["name"] = .string(account.name)
        object["unit"] = .string(account.unit)
        object["roles"] = .array(account.roles.sorted().map { .string($0.rawValue) })
        object["areas"] = .array(account.areas.map { .string($0.description) })
        return JSONValue.object(object).jsonString
    }

    static func issueEntry(_ token: AccountToken, by principal: Principal, at now: Date, via: String) -> AuditEntry {
        var object = JSONObject()
        object["account"] = .string(token.accountID)
        if let e = token.expiresAt { object["expiresAt"] = .string(CityTime.timestamp(e)) }
        return AuditEntry(by: principal, at: now, via: via, action: .tokenIssued, subject: "tokens", subjectID: token.id,
                          detail: JSONValue.object(object).jsonString)
    }

    static func revokeEntry(_ token: AccountToken, rotated: Bool, by principal: Principal, at now: Date, via: String) -> AuditEntry {
        var object = JSONObject()
        object["account"] = .string(token.accountID)
        if rotated { object["rotated"] = .bool(true) }
        return AuditEntry(by: principal, at: now, via: via, action: .tokenRevoked, subject: "tokens", subjectID: token.id,
                          detail: JSONValue.object(object).jsonString)
    }

    /// The store's refusals as the query's own (`CityQueryError.translating`).
    func translated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw CityQueryError.translating(error) }
    }
}
