import CityModel
import Foundation
import PQKit

/// Webhook subscriptions on PostgreSQL (migration 5), read back as on SQLite.
extension PostgresStorage {
    private static func time(_ date: Date?) -> PQValue? { date.map { .text(StoredTime.text($0)) } }
    private static func millis(_ column: String) -> String { "(extract(epoch FROM \(column)) * 1000)::bigint" }

    public func addSubscription(_ s: Subscription, cursor: Int64, audit: AuditEntry) throws {
        try translating {
            try writer.withConnection { c in
                try c.transaction {
                    _ = try c.execute("""
                        INSERT INTO subscription (id, owner_account_id, owner_name, url, secret, filter, created_at, cursor, fence)
                        VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, $9)
                        """, [.text(s.id), s.ownerAccountID.map(PQValue.text), .text(s.ownerName), .text(s.url ?? ""), .text(s.secret),
                              .text(s.filter), Self.time(s.createdAt), .int(cursor), s.fence.map(PQValue.text)])
                    try Self.insertAudit(audit, on: c)
                }
            }
        }
    }

    public func disableSubscription(id: String, at: Date, audit: AuditEntry) throws -> Bool {
        try translating {
            try writer.withConnection { c in
                try c.transaction {
                    let r = try c.execute("UPDATE subscription SET disabled_at = coalesce(disabled_at, $1::timestamptz) WHERE id = $2 RETURNING id",
                                          [Self.time(at), .text(id)])
                    guard r.rowCount == 1 else { return false }
                    try Self.insertAudit(audit, on: c)
                    return true
                }
            }
        }
    }

    public func subscriptions(webhooksOnly: Bool) throws -> [(subscription: Subscription, state: SubscriptionState)] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT id, owner_account_id, owner_name, url, secret, filter, \(Self.millis("created_at")), \(Self.millis("disabled_at")),
                           cursor, failures, \(Self.millis("next_attempt_at")), last_error, delivered, fence FROM subscription
                    """ + (webhooksOnly ? " WHERE url <> '' AND disabled_at IS NULL" : "") + " ORDER BY id")
                return try (0..<rows.rowCount).map { r in
                    let s = Subscription(id: rows.string(r, 0)!, ownerAccountID: rows.string(r, 1), ownerName: rows.string(r, 2)!,
                                         url: rows.string(r, 3).flatMap { $0.isEmpty ? nil : $0 }, secret: rows.string(r, 4)!, filter: rows.string(r, 5) ?? "", fence: rows.string(r, 13),
                                         createdAt: try rows.int64(r, 6).map(StoredTime.date(milliseconds:)) ?? .distantPast,
                                         disabledAt: try rows.int64(r, 7).map(StoredTime.date(milliseconds:)))
                    let state = SubscriptionState(cursor: try rows.int64(r, 8) ?? 0, failures: Int(try rows.int64(r, 9) ?? 0),
                                                  nextAttemptAt: try rows.int64(r, 10).map(StoredTime.date(milliseconds:)),
                                                  lastError: rows.string(r, 11), delivered: try rows.int64(r, 12) ?? 0)
                    return (s, state)
                }
            }
        }
    }

    public func leaseSubscription(id: String, node: String, until: Date, now: Date) throws -> Bool {
        try translating {
            try writer.withConnection { c in
                let r = try c.execute("""
                    UPDATE subscription SET leased_by = $1, lease_until = $2::timestamptz
                    WHERE id = $3 AND (leased_by IS NULL OR leased_by = $1 OR lease_until IS NULL OR lease_until < $4::timestamptz)
                    RETURNING id
                    """, [.text(node), Self.time(until), .text(id), Self.time(now)])
                return r.rowCount == 1
            }
        }
    }

    public func recordDelivery(subscriptionID: String, state: SubscriptionState, deadLetters: [DeadLetter]) throws {
        try translating {
            try writer.withConnection { c in
                try c.transaction {
                    _ = try c.execute("""
                        UPDATE subscription SET cursor = $1, failures = $2, next_attempt_at = $3::timestamptz, last_error = $4, delivered = $5
                        WHERE id = $6
                        """, [.int(state.cursor), .int(Int64(state.failures)), Self.time(state.nextAttemptAt),
                              state.lastError.map(PQValue.text), .int(state.delivered), .text(subscriptionID)])
                    for d in deadLetters {
                        _ = try c.execute("""
                            INSERT INTO dead_letter (subscription_id, event_id, attempts, error, at) VALUES ($1, $2, $3, $4, $5::timestamptz)
                            """, [.text(d.subscriptionID), .int(d.eventID), .int(Int64(d.attempts)), .text(d.error), Self.time(d.at)])
                    }
                }
            }
        }
    }

    public func deadLetters(subscriptionID: String, limit: Int) throws -> [DeadLetter] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT event_id, attempts, error, \(Self.millis("at")) FROM dead_letter WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2
                    """, [.text(subscriptionID), .int(Int64(limit))])
                return try (0..<rows.rowCount).map { r in
                    DeadLetter(subscriptionID: subscriptionID, eventID: try rows.int64(r, 0)!, attempts: Int(try rows.int64(r, 1)!),
                               error: rows.string(r, 2) ?? "", at: try rows.int64(r, 3).map(StoredTime.date(milliseconds:)) ?? .distantPast)
                }
            }
        }
    }
}
