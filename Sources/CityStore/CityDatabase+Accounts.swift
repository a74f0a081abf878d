import CityModel
import Foundation
import GRDB

/// Accounts, tokens and the audit trail on SQLite (migration v7).
extension CityDatabase {
    // MARK: Inside a batch's transaction (CityDatabase+Apply)

    func putAccount(_ a: Account, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO accounts (id, name, unit, roles, areas, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, roles = excluded.roles,
            areas = excluded.areas, disabled_at = excluded.disabled_at
            """).execute(arguments: [a.id, a.name, a.unit, AccountRows.roles(a.roles), AccountRows.areas(a.areas),
                                     StoredTime.text(a.createdAt), a.disabledAt.map(StoredTime.text)])
    }

    /// Last use only ever moves forward: a revocation decided on a directory read a minute ago
    /// must not undo a use recorded since. SQLite's max() of several arguments is NULL if any is,
    /// hence the coalesce.
    func putToken(_ t: AccountToken, in db: Database) throws {
        do {
            try db.cachedStatement(sql: """
                INSERT INTO account_tokens (id, account_id, digest, created_at, expires_at, last_used_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, revoked_at = excluded.revoked_at,
                last_used_at = coalesce(max(excluded.last_used_at, last_used_at), excluded.last_used_at, last_used_at)
                """).execute(arguments: [t.id, t.accountID, t.digest, StoredTime.text(t.createdAt), t.expiresAt.map(StoredTime.text),
                                         t.lastUsedAt.map(StoredTime.text), t.revokedAt.map(StoredTime.text)])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.database(path: path, reason: "token \(t.id) of account \(t.accountID): \(error.message ?? "constraint failed") (no such account, or a token with the same digest)")
        }
    }

    func insertAudit(_ e: AuditEntry, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, account_id, actor, via, action, subject, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [StoredTime.text(e.at), e.accountID, e.actor, e.via, e.action.rawValue, e.subject, e.subjectID, e.detail])
    }

    func loadAccounts(_ db: Database) throws -> AccountDirectory {
        let location = path
        let accounts = try Row.fetchAll(db, sql: "SELECT id, name, unit, roles, areas, created_at, disabled_at FROM accounts").map { row in
            try AccountRows.account(id: row[0], name: row[1], unit: row[2], roles: row[3], areas: row[4],
                                    createdAt: (row[5] as String?).flatMap(StoredTime.date(text:)),
                                    disabledAt: (row[6] as String?).flatMap(StoredTime.date(text:)), location: location)
        }
        let tokens = try Row.fetchAll(db, sql: """
            SELECT id, account_id, digest, created_at, expires_at, last_used_at, revoked_at FROM account_tokens
            """).map { row in
            let id: String = row[0]
            return AccountToken(id: id, accountID: row[1], digest: row[2],
                                createdAt: try AccountRows.required((row[3] as String?).flatMap(StoredTime.date(text:)), "created_at", of: id, location: location),
                                expiresAt: (row[4] as String?).flatMap(StoredTime.date(text:)),
                                lastUsedAt: (row[5] as String?).flatMap(StoredTime.date(text:)),
                                revokedAt: (row[6] as String?).flatMap(StoredTime.date(text:)))
        }
        return AccountDirectory(accounts: accounts, tokens: tokens)
    }

    // MARK: CityStorage

    public func loadAccounts() throws -> AccountDirectory {
        try read { db in try loadAccounts(db) }
    }

    /// Its own IMMEDIATE transaction (GRDB's write), which holds the writer lock for the inserts
    /// alone: no change-log entry, so no other writer's conditional commit is turned back.
    public func appendAudit(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try translating { try write { db in for e in entries { try insertAudit(e, in: db) } } }
    }

    public func recordTokenUse(_ uses: [String: Date]) throws {
        guard !uses.isEmpty else { return }
        try translating {
            try write { db in
                let statement = try db.cachedStatement(sql: """
                    UPDATE account_tokens SET last_used_at = coalesce(max(?1, last_used_at), ?1) WHERE id = ?2
                    """)
                for (id, at) in uses.sorted(by: { $0.key < $1.key }) { try statement.execute(arguments: [StoredTime.text(at), id]) }
            }
        }
    }

    public func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry] {
        var conditions: [String] = [], arguments: [(any DatabaseValueConvertible)?] = []
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            conditions.append(condition)
            arguments.append(value)
        }
        if let v = filter.accountID { add("account_id = ?", v) }
        if let v = filter.actor { add("actor = ?", v) }
        if let v = filter.action { add("action = ?", v.rawValue) }
        if let v = filter.subject { add("subject = ?", v) }
        if let v = filter.subjectID { add("subject_id = ?", v) }
        // StoredTime's text sorts as the instants do.
        if let v = filter.since { add("at >= ?", StoredTime.text(v)) }
        if let v = filter.until { add("at < ?", StoredTime.text(v)) }
        if let v = filter.afterSequence { add("sequence > ?", v) }
        if let v = filter.beforeSequence { add("sequence < ?", v) }
        let sql = "SELECT sequence, at, account_id, actor, via, action, subject, subject_id, detail FROM audit"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY sequence " + (filter.oldestFirst ? "ASC" : "DESC") + " LIMIT \(max(0, filter.limit))"
        let location = path
        return try translating {
            try read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                    let sequence: Int64 = row[0]
                    return AuditEntry(sequence: sequence,
                                      at: try AccountRows.required((row[1] as String?).flatMap(StoredTime.date(text:)), "at", of: "audit line \(sequence)", location: location),
                                      accountID: row[2], actor: row[3], via: row[4],
                                      action: try AccountRows.action(row[5], sequence: sequence, location: location),
                                      subject: row[6], subjectID: row[7], detail: row[8])
                }
            }
        }
    }

    /// GRDB's errors as the store's, naming the file.
    func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, reason: error.description)
        }
    }
}
