import CityModel
import Foundation
import GRDB

/// Webhook subscriptions on SQLite (migration v9). Instants: StoredTime's text.
extension CityDatabase {
    public func addSubscription(_ s: Subscription, cursor: Int64, audit: AuditEntry) throws {
        try translating {
            try write { db in
                try db.execute(sql: """
                    INSERT INTO subscription (id, owner_account_id, owner_name, url, secret, filter, created_at, cursor, fence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.id, s.ownerAccountID, s.ownerName, s.url ?? "", s.secret, s.filter, StoredTime.text(s.createdAt), cursor, s.fence])
                try insertAudit(audit, in: db)
            }
        }
    }

    public func disableSubscription(id: String, at: Date, audit: AuditEntry) throws -> Bool {
        try translating {
            try write { db in
                try db.execute(sql: "UPDATE subscription SET disabled_at = coalesce(disabled_at, ?) WHERE id = ?",
                               arguments: [StoredTime.text(at), id])
                guard db.changesCount == 1 else { return false }
                try insertAudit(audit, in: db)
                return true
            }
        }
    }

    public func subscriptions(webhooksOnly: Bool) throws -> [(subscription: Subscription, state: SubscriptionState)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, owner_account_id, owner_name, url, secret, filter, created_at, disabled_at,
                       cursor, failures, next_attempt_at, last_error, delivered, fence FROM subscription
                """ + (webhooksOnly ? " WHERE url <> '' AND disabled_at IS NULL" : "") + " ORDER BY id").map { r in
                let url: String = r[3]
                let s = Subscription(id: r[0], ownerAccountID: r[1], ownerName: r[2], url: url.isEmpty ? nil : url, secret: r[4], filter: r[5], fence: r[13],
                                     createdAt: (r[6] as String?).flatMap(StoredTime.date(text:)) ?? .distantPast,
                                     disabledAt: (r[7] as String?).flatMap(StoredTime.date(text:)))
                let state = SubscriptionState(cursor: r[8], failures: r[9], nextAttemptAt: (r[10] as String?).flatMap(StoredTime.date(text:)),
                                              lastError: r[11], delivered: r[12])
                return (s, state)
            }
        }
    }

    public func leaseSubscription(id: String, node: String, until: Date, now: Date) throws -> Bool {
        try translating {
            try write { db in
                try db.execute(sql: """
                    UPDATE subscription SET leased_by = ?, lease_until = ?
                    WHERE id = ? AND (leased_by IS NULL OR leased_by = ? OR lease_until IS NULL OR lease_until < ?)
                    """, arguments: [node, StoredTime.text(until), id, node, StoredTime.text(now)])
                return db.changesCount == 1
            }
        }
    }

    public func recordDelivery(subscriptionID: String, state: SubscriptionState, deadLetters: [DeadLetter]) throws {
        try translating {
            try write { db in
                try db.execute(sql: """
                    UPDATE subscription SET cursor = ?, failures = ?, next_attempt_at = ?, last_error = ?, delivered = ? WHERE id = ?
                    """, arguments: [state.cursor, state.failures, state.nextAttemptAt.map(StoredTime.text), state.lastError,
                                     state.delivered, subscriptionID])
                for d in deadLetters {
                    try db.execute(sql: "INSERT INTO dead_letter (subscription_id, event_id, attempts, error, at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [d.subscriptionID, d.eventID, d.attempts, d.error, StoredTime.text(d.at)])
                }
            }
        }
    }

    public func deadLetters(subscriptionID: String, limit: Int) throws -> [DeadLetter] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT event_id, attempts, error, at FROM dead_letter WHERE subscription_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [subscriptionID, limit]).map { r in
                DeadLetter(subscriptionID: subscriptionID, eventID: r[0], attempts: r[1], error: r[2],
                           at: (r[3] as String?).flatMap(StoredTime.date(text:)) ?? .distantPast)
            }
        }
    }
}
