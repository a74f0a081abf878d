import ArgumentParser
import CityModel
import CityQuery
import CityStore
import Foundation

/// `citygrid users …`: the accounts that sign in to the server, and their tokens. Acts as the
/// local operator; every change is one write with its audit line. A token's secret is printed
/// once, when it is made, and never stored: only its SHA-256 is.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add accounts, list them, issue, rotate and revoke their tokens, disable them.",
        subcommands: [Add.self, List.self, Token.self, Rotate.self, Revoke.self, Disable.self, Seed.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account with one token; prints the token once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account's name, e.g. 王五.") var name: String
        @Option(help: "Its unit, e.g. 豫园街道中队.") var unit = ""
        @Option(name: .customLong("role"), help: "viewer, reporter, officer, dispatcher, auditor or admin (repeatable).") var roles: [String] = []
        @Option(name: .customLong("area"), help: "city, district:310101, subdistrict:310101-018 or subdistrict:豫园街道, cells:…, chief:…, segments:… (repeatable).")
        var areas: [String] = []
        @Option(help: "The token expires after this many days (default: never).") var expiresDays: Int?

        func validate() throws {
            _ = try UsersCommand.roles(roles)
            if roles.isEmpty { throw ValidationError("--role: give at least one role") }
            if areas.isEmpty { throw ValidationError("--area: give at least one area (city for all of it)") }
            _ = try UsersCommand.expiry(expiresDays)
        }

        func run() throws {
            let queries = try store.queries()
            let areas = try self.areas.map { text in try UsersCommand.naming("--area", text) { try queries.resolveArea(text) } }
            let made = try queries.addAccount(name: name, unit: unit, roles: UsersCommand.roles(roles), areas: areas,
                                              expiresAt: UsersCommand.expiry(expiresDays), by: Caller.commandLine("citygrid users add"))
            print("account: \(made.account.id) \(made.account.name)")
            UsersCommand.printSecret(made.secret, token: made.token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts and their tokens (never a secret or its digest).")
        @OptionGroup var store: StoreOptions
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let listed = try store.queries().accounts(by: LocalOperator.principal)
            if json { return try Output.json(listed) }
            var rows: [[String]] = []
            for a in listed {
                rows.append([a.id, a.name, a.unit, a.roles.map(\.rawValue).joined(separator: ","), a.areas.joined(separator: " "),
                             a.disabledAt.map { "disabled \(CityTime.timestamp($0))" } ?? ""])
                for t in a.tokens {
                    let state = t.revokedAt.map { "revoked \(CityTime.timestamp($0))" } ?? (t.valid ? "valid" : "expired")
                    rows.append(["  " + t.id, "created \(CityTime.timestamp(t.createdAt))",
                                 "expires " + (t.expiresAt.map(CityTime.timestamp) ?? "never"),
                                 "last used " + (t.lastUsedAt.map(CityTime.timestamp) ?? "never"), state, ""])
                }
            }
            Output.table(["id", "name", "unit", "roles", "areas", "disabled"], rows)
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue another token for an account; prints it once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account id (u-0007).") var accountID: String
        @Option(help: "The token expires after this many days (default: never).") var expiresDays: Int?

        func validate() throws { _ = try UsersCommand.expiry(expiresDays) }

        func run() throws {
            let issued = try store.queries().issueToken(accountID: accountID, expiresAt: UsersCommand.expiry(expiresDays),
                                                        by: Caller.commandLine("citygrid users token"))
            UsersCommand.printSecret(issued.secret, token: issued.token)
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every valid token of an account and issue one new one; prints it once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account id (u-0007).") var accountID: String
        @Option(help: "The new token expires after this many days (default: never).") var expiresDays: Int?

        func validate() throws { _ = try UsersCommand.expiry(expiresDays) }

        func run() throws {
            let rotated = try store.queries().rotateTokens(accountID: accountID, expiresAt: UsersCommand.expiry(expiresDays),
                                                           by: Caller.commandLine("citygrid users rotate"))
            if !rotated.revoked.isEmpty { print("revoked: " + rotated.revoked.map(\.id).joined(separator: ", ")) }
            UsersCommand.printSecret(rotated.issued.secret, token: rotated.issued.token)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops opening its account on every server within moments.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The token id (t-5f2c9a01), as `users list` shows it.") var tokenID: String

        func run() throws {
            let token = try store.queries().revokeToken(id: tokenID, by: Caller.commandLine("citygrid users revoke"))
            print("revoked \(token.id) of \(token.accountID) at \(CityTime.timestamp(token.revokedAt ?? Date()))")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: none of its tokens opens it any more.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account id (u-0007).") var accountID: String

        func run() throws {
            let account = try store.queries().disableAccount(id: accountID, by: Caller.commandLine("citygrid users disable"))
            print("disabled \(account.id) \(account.name) at \(CityTime.timestamp(account.disabledAt ?? Date()))")
        }
    }

    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the demonstration accounts of a file such as geodata/sample/accounts.json (their secrets are public).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The accounts file.") var file: String

        func run() throws {
            let added = try store.queries().seedAccounts(from: file, by: Caller.commandLine("citygrid users seed"))
            print("added \(added) accounts from \(file)")
        }
    }

    /// The roles named, the error naming the option and the value.
    static func roles(_ names: [String]) throws -> Set<Role> {
        Set(try names.map { name in
            guard let role = Role(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--role \(name): expected one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return role
        })
    }

    static func expiry(_ days: Int?) throws -> Date? {
        guard let days else { return nil }
        guard days >= 1, days <= 36_500 else { throw ValidationError("--expires-days \(days): expected 1 to 36500 days") }
        return Date().addingTimeInterval(Double(days) * 86_400)
    }

    /// Runs `body`, saying a bad value as `OPTION VALUE: reason`.
    static func naming<T>(_ option: String, _ value: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch CityQueryError.badParameter(_, _, let reason) {
            throw ValidationError("\(option) \(value): \(reason)")
        }
    }

    /// The one time a secret is shown. Standard output only, so `… | tee` or a script can take it.
    static func printSecret(_ secret: String, token: AccountToken) {
        print("token id: \(token.id)" + (token.expiresAt.map { ", expires \(CityTime.timestamp($0))" } ?? ""))
        print("token: \(secret)")
        print("This token is shown once and will not be shown again: hand it over now. `citygrid users rotate` makes a new one.")
    }
}
