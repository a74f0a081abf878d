import CityModel
import Foundation
import PQKit

/// Accounts, tokens and the audit trail on PostgreSQL (migration 3). Instants go in as
/// StoredTime's text and come back as epoch milliseconds, so both storages give back the same
/// `Date`s.
extension PostgresStorage {
    /// `column` as epoch milliseconds (numeric, rounded by the cast).
    private static func millis(_ column: String) -> String { "(extract(epoch FROM \(column)) * 1000)::bigint" }

    private static func time(_ date: Date?) -> PQValue? { date.map { .text(StoredTime.text($0)) } }

    private static func date(_ rows: borrowing PQResult, _ r: Int, _ c: Int) throws -> Date? {
        try rows.int64(r, c).map(StoredTime.date(milliseconds:))
    }

    // MARK: Inside a batch's transaction (PostgresStorage+Commit)

    func putAccount(_ a: Account, on c: PQConnection) throws {
        _ = try c.execute("""
            INSERT INTO accounts (id, name, unit, roles, areas, created_at, disabled_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz, $7::timestamptz)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, roles = excluded.roles,
            areas = excluded.areas, disabled_at = excluded.disabled_at
            """, [.text(a.id), .text(a.name), .text(a.unit), .text(AccountRows.roles(a.roles)), .text(AccountRows.areas(a.areas)),
                  Self.time(a.createdAt), Self.time(a.disabledAt)])
    }

    /// Last use only moves forward (GREATEST skips NULLs), as on SQLite.
    func putToken(_ t: AccountToken, on c: PQConnection) throws {
        let refusal = StoreError.database(path: location, reason: "token \(t.id) of account \(t.accountID): no such account, or a token with the same digest")
        try Self.refusing(when: { $0.sqlState == "23505" || $0.sqlState == "23503" }, as: refusal) {
            _ = try c.execute("""
                INSERT INTO account_tokens (id, account_id, digest, created_at, expires_at, last_used_at, revoked_at)
                VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::timestamptz, $7::timestamptz)
                ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, revoked_at = excluded.revoked_at,
                last_used_at = GREATEST(excluded.last_used_at, account_tokens.last_used_at)
                """, [.text(t.id), .text(t.accountID), .text(t.digest), Self.time(t.createdAt), Self.time(t.expiresAt),
                      Self.time(t.lastUsedAt), Self.time(t.revokedAt)])
        }
    }

    static func insertAudit(_ e: AuditEntry, on c: PQConnection) throws {
        _ = try c.execute("""
            INSERT INTO audit (at, account_id, actor, via, action, subject, subject_id, detail)
            VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8)
            """, [time(e.at), e.accountID.map(PQValue.text), .text(e.actor), .text(e.via), .text(e.action.rawValue),
                  e.subject.map(PQValue.text), e.subjectID.map(PQValue.text), .text(e.detail)])
    }

    func loadAccounts(_ c: PQConnection) throws -> AccountDirectory {
        let a = try c.execute("""
            SELECT id, name, unit, roles, areas::text, \(Self.millis("created_at")), \(Self.millis("disabled_at")) FROM accounts
            """)
        var accounts: [Account] = []
        for r in 0..<a.rowCount {
            accounts.append(try AccountRows.account(id: a.string(r, 0)!, name: a.string(r, 1)!, unit: a.string(r, 2) ?? "",
                                                    roles: a.string(r, 3)!, areas: a.string(r, 4)!, createdAt: try Self.date(a, r, 5),
                                                    disabledAt: try Self.date(a, r, 6), location: location))
        }
        let t = try c.execute("""
            SELECT id, account_id, digest, \(Self.millis("created_at")), \(Self.millis("expires_at")), \(Self.millis("last_used_at")),
            \(Self.millis("revoked_at")) FROM account_tokens
            """)
        var tokens: [AccountToken] = []
        for r in 0..<t.rowCount {
            let id = t.string(r, 0)!
            tokens.append(AccountToken(id: id, accountID: t.string(r, 1)!, digest: t.string(r, 2)!,
                                       createdAt: try AccountRows.required(try Self.date(t, r, 3), "created_at", of: id, location: location),
                                       expiresAt: try Self.date(t, r, 4), lastUsedAt: try Self.date(t, r, 5), revokedAt: try Self.date(t, r, 6)))
        }
        return AccountDirectory(accounts: accounts, tokens: tokens)
    }

    // MARK: CityStorage

    public func loadAccounts() throws -> AccountDirectory {
        try translating { try readers.read { c in try loadAccounts(c) } }
    }

    /// On the writer connection, in a transaction of its own and without the writers' advisory
    /// lock: an import holding that lock for minutes must not hold up the lines of reads served
    /// meanwhile. So a sequence is taken when the line is inserted, and a line of a concurrent
    /// batch may become visible after a later-numbered one (a reader following the trail by
    /// `afterSequence` re-reads a few sequences back).
    public func appendAudit(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try translating {
            try writer.withConnection { c in
                try c.transaction { for e in entries { try Self.insertAudit(e, on: c) } }
            }
        }
    }

    public func recordTokenUse(_ uses: [String: Date]) throws {
        guard !uses.isEmpty else { return }
        try translating {
            try writer.withConnection { c in
                try c.transaction {
                    for (id, at) in uses.sorted(by: { $0.key < $1.key }) {
                        _ = try c.execute("UPDATE account_tokens SET last_used_at = GREATEST($1::timestamptz, last_used_at) WHERE id = $2",
                                          [Self.time(at), .text(id)])
                    }
                }
            }
        }
    }

    public func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry] {
        var conditions: [String] = [], parameters: [PQValue?] = []
        func add(_ condition: (String) -> String, _ value: PQValue?) {
            parameters.append(value)
            conditions.append(condition("$\(parameters.count)"))
        }
        if let v = filter.accountID { add({ "account_id = \($0)" }, .text(v)) }
        if let v = filter.actor { add({ "actor = \($0)" }, .text(v)) }
        if let v = filter.action { add({ "action = \($0)" }, .text(v.rawValue)) }
        if let v = filter.subject { add({ "subject = \($0)" }, .text(v)) }
        if let v = filter.subjectID { add({ "subject_id = \($0)" }, .text(v)) }
        if let v = filter.since { add({ "at >= \($0)::timestamptz" }, Self.time(v)) }
        if let v = filter.until { add({ "at < \($0)::timestamptz" }, Self.time(v)) }
        if let v = filter.afterSequence { add({ "sequence > \($0)" }, .int(v)) }
        if let v = filter.beforeSequence { add({ "sequence < \($0)" }, .int(v)) }
        let sql = "SELECT sequence, \(Self.millis("at")), account_id, actor, via, action, subject, subject_id, detail FROM audit"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY sequence " + (filter.oldestFirst ? "ASC" : "DESC") + " LIMIT \(max(0, filter.limit))"
        return try translating {
            try readers.read { c in
                let rows = try c.execute(sql, parameters)
                var entries: [AuditEntry] = []
                for r in 0..<rows.rowCount {
                    let sequence = try rows.int64(r, 0)!
                    entries.append(AuditEntry(
                        sequence: sequence,
                        at: try AccountRows.required(try Self.date(rows, r, 1), "at", of: "audit line \(sequence)", location: location),
                        accountID: rows.string(r, 2), actor: rows.string(r, 3)!, via: rows.string(r, 4)!,
                        action: try AccountRows.action(rows.string(r, 5)!, sequence: sequence, location: location),
                        subject: rows.string(r, 6), subjectID: rows.string(r, 7), detail: rows.string(r, 8) ?? ""))
                }
                return entries
            }
        }
    }
}
