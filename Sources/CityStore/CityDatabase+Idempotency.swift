import Foundation
import GRDB

/// Idempotency keys in SQLite (migration v12): one row per (account, key); `status` NULL while
/// the first request runs. The claim is one write transaction, so SQLite's single writer
/// orders two claims of one key: the second sees the first's row.
extension CityDatabase {
    public func claimIdempotencyKey(_ request: IdempotencyRequest) throws -> IdempotencyClaim {
        try translating {
            try write { db in
                try db.execute(sql: "DELETE FROM idempotency_key WHERE expires_at <= ?", arguments: [StoredTime.text(request.now)])
                try db.execute(sql: "DELETE FROM idempotency_key WHERE account_id = ? AND key = ? AND status IS NULL AND started_at < ?",
                               arguments: [request.accountID, request.key, StoredTime.text(request.abandonedBefore)])
                try db.execute(sql: """
                    INSERT INTO idempotency_key (account_id, key, request_hash, started_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, key) DO NOTHING
                    """, arguments: [request.accountID, request.key, request.requestHash,
                                     StoredTime.text(request.now), StoredTime.text(request.expiresAt)])
                if db.changesCount == 1 { return .claimed }
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT request_hash, status, content_type, body FROM idempotency_key WHERE account_id = ? AND key = ?
                    """, arguments: [request.accountID, request.key]) else { return .claimed }
                let same = (row["request_hash"] as String) == request.requestHash
                guard let status = row["status"] as Int? else { return .running(sameRequest: same) }
                let body = (row["body"] as Data?).map { [UInt8]($0) } ?? []
                return .answered(StoredAnswer(status: status, contentType: row["content_type"] ?? "", body: body), sameRequest: same)
            }
        }
    }

    public func recordIdempotentAnswer(accountID: String, key: String, answer: StoredAnswer) throws {
        try translating {
            try write { db in
                try db.execute(sql: "UPDATE idempotency_key SET status = ?, content_type = ?, body = ? WHERE account_id = ? AND key = ?",
                               arguments: [answer.status, answer.contentType, Data(answer.body), accountID, key])
            }
        }
    }

    public func releaseIdempotencyKey(accountID: String, key: String) throws {
        try translating {
            try write { db in
                try db.execute(sql: "DELETE FROM idempotency_key WHERE account_id = ? AND key = ? AND status IS NULL",
                               arguments: [accountID, key])
            }
        }
    }
}
