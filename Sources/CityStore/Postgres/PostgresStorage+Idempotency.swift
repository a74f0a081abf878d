import Foundation
import PQKit

/// Idempotency keys on PostgreSQL (migration 8), as on SQLite. Two nodes claiming one key at
/// once: the second INSERT … ON CONFLICT DO NOTHING waits for the first's transaction, then
/// inserts nothing and reads the row the first committed.
extension PostgresStorage {
    private static func time(_ date: Date) -> PQValue { .text(StoredTime.text(date)) }

    public func claimIdempotencyKey(_ request: IdempotencyRequest) throws -> IdempotencyClaim {
        try translating {
            try writer.withConnection { c in
                try c.transaction {
                    _ = try c.execute("DELETE FROM idempotency_key WHERE expires_at <= $1::timestamptz", [Self.time(request.now)])
                    _ = try c.execute("""
                        DELETE FROM idempotency_key WHERE account_id = $1 AND key = $2 AND status IS NULL AND started_at < $3::timestamptz
                        """, [.text(request.accountID), .text(request.key), Self.time(request.abandonedBefore)])
                    let inserted = try c.execute("""
                        INSERT INTO idempotency_key (account_id, key, request_hash, started_at, expires_at)
                        VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz) ON CONFLICT (account_id, key) DO NOTHING RETURNING 1
                        """, [.text(request.accountID), .text(request.key), .text(request.requestHash),
                              Self.time(request.now), Self.time(request.expiresAt)])
                    if inserted.rowCount == 1 { return IdempotencyClaim.claimed }
                    let rows = try c.execute("""
                        SELECT request_hash, status, content_type, body FROM idempotency_key WHERE account_id = $1 AND key = $2
                        """, [.text(request.accountID), .text(request.key)])
                    guard rows.rowCount == 1 else { return .claimed }
                    let same = rows.string(0, 0) == request.requestHash
                    guard let status = try rows.int(0, 1) else { return .running(sameRequest: same) }
                    return .answered(StoredAnswer(status: status, contentType: rows.string(0, 2) ?? "", body: rows.bytes(0, 3) ?? []),
                                     sameRequest: same)
                }
            }
        }
    }

    public func recordIdempotentAnswer(accountID: String, key: String, answer: StoredAnswer) throws {
        try translating {
            try writer.withConnection { c in
                _ = try c.execute("UPDATE idempotency_key SET status = $1, content_type = $2, body = $3 WHERE account_id = $4 AND key = $5",
                                  [.int(Int64(answer.status)), .text(answer.contentType), .bytes(answer.body), .text(accountID), .text(key)])
            }
        }
    }

    public func releaseIdempotencyKey(accountID: String, key: String) throws {
        try translating {
            try writer.withConnection { c in
                _ = try c.execute("DELETE FROM idempotency_key WHERE account_id = $1 AND key = $2 AND status IS NULL",
                                  [.text(accountID), .text(key)])
            }
        }
    }
}
