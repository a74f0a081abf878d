import CityModel
import CityStore
import Foundation
import GeoCore

/// The sample's demonstration accounts (geodata/sample/accounts.json): fixed ids and public
/// secrets, so that the README's curl lines, the tests and the browser test sign in the same
/// way on every freshly loaded sample.
extension CityQueries {
    /// Adds the accounts of the file that the store does not have yet, each with its token, in
    /// one write with an audit line per account and token; answers how many accounts it added.
    /// Running it again adds nothing. An id the store already has for another account, or a
    /// token id already taken by another secret, is refused, naming the entry.
    @discardableResult
    public func seedAccounts(from path: String, by caller: Caller) throws -> Int {
        let seeds = try Self.readSeeds(path)
        return try accountWrite(caller, "create accounts") { view, principal, now in
            for seed in seeds { try requireGrantable(roles: seed.account.roles, areas: seed.account.areas, by: principal) }
            var batch = WriteBatch()
            var added = 0
            for (i, seed) in seeds.enumerated() {
                let digest = TokenSecret.digest(seed.secret)
                if let existing = view.accounts.account(id: seed.account.id) {
                    guard existing.name == seed.account.name else {
                        throw CityQueryError.conflict(reason: "\(path): accounts[\(i)]: the store has another account \(existing.id) (\(existing.name))")
                    }
                } else {
                    var account = seed.account
                    account.createdAt = now
                    batch.put(account)
                    batch.record(AuditEntry(by: principal, at: now, via: caller.via, action: .accountCreated, subject: "accounts",
                                            subjectID: account.id, detail: Self.detail(account)))
                    added += 1
                }
                if let token = view.accounts.token(id: seed.tokenID) {
                    guard token.digest == digest else {
                        throw CityQueryError.conflict(reason: "\(path): accounts[\(i)].token: the store has token \(seed.tokenID) with another secret")
                    }
                } else {
                    let token = AccountToken(id: seed.tokenID, accountID: seed.account.id, digest: digest, createdAt: now)
                    batch.put(token)
                    batch.record(Self.issueEntry(token, by: principal, at: now, via: caller.via))
                }
            }
            return (batch, added)
        }
    }

    struct AccountSeed {
        var account: Account
        var tokenID: String
        var secret: String
    }

    /// The file's entries, an error naming the file and the member (`accounts[3].roles[1]`).
    static func readSeeds(_ path: String) throws -> [AccountSeed] {
        func bad(_ member: String, _ reason: String) -> CityQueryError {
            .badParameter(name: "\(path): \(member)", value: "", reason: reason)
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
        } catch {
            throw bad("(the file)", "\(error)")
        }
        guard let entries = value["accounts"]?.arrayValue else { throw bad("accounts", "expected an array of accounts") }
        return try entries.enumerated().map { i, entry in
            let at = "accounts[\(i)]"
            func text(_ member: String, in object: JSONValue? = nil) throws -> String {
                guard let s = (object ?? entry)[member]?.stringValue, !s.isEmpty else { throw bad("\(at).\(member)", "expected a non-empty string") }
                return s
            }
            var roles: Set<Role> = []
            for (j, name) in (entry["roles"]?.arrayValue ?? []).enumerated() {
                guard let role = name.stringValue.flatMap(Role.init(rawValue:)) else {
                    throw bad("\(at).roles[\(j)]", "expected one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
                }
                roles.insert(role)
            }
            var areas: [AreaScope] = []
            for (j, area) in (entry["areas"]?.arrayValue ?? []).enumerated() {
                do { areas.append(try AreaScope(parsing: area.stringValue ?? "")) } catch { throw bad("\(at).areas[\(j)]", "\(error)") }
            }
            let account = Account(id: try text("id"), name: try text("name"), unit: entry["unit"]?.stringValue ?? "", roles: roles,
                                  areas: areas, createdAt: Date(timeIntervalSince1970: 0))
            do { try account.validate() } catch { throw bad(at, "\(error)") }
            let token = entry["token"] ?? .null
            let secret = try text("secret", in: token)
            guard secret.count >= TokenSecret.minimumGivenLength else {
                throw bad("\(at).token.secret", "a given secret has at least \(TokenSecret.minimumGivenLength) characters")
            }
            return AccountSeed(account: account, tokenID: try text("id", in: token), secret: secret)
        }
    }
}
