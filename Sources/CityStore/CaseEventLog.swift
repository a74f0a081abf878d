import CityModel
import Foundation

/// One committed step of a case's loop with its place in the store's history: the transition
/// rows' ids grow in commit order (they are given out under the writers' lock), so "every step
/// after id N" is what a live stream resumes from after a disconnect, with no gap and no step
/// from a write that rolled back.
public struct LoggedTransition: Sendable, Hashable {
    public var id: Int64
    public var row: CaseTransitionRow

    public init(id: Int64, row: CaseTransitionRow) {
        self.id = id
        self.row = row
    }
}

extension CityStore {
    /// The case steps committed after `id`, oldest first, at most `limit`.
    public func transitions(after id: Int64, limit: Int) throws -> [LoggedTransition] {
        try storage.transitions(after: id, limit: limit)
    }

    /// The id of the last committed case step (0 for none): where a stream joining now starts.
    public func lastTransitionID() throws -> Int64 { try storage.lastTransitionID() }
}

extension CityStore {
    // Webhook subscriptions, read and written as they are (no memory follows them).
    public func addSubscription(_ s: Subscription, cursor: Int64, audit: AuditEntry) throws { try storage.addSubscription(s, cursor: cursor, audit: audit) }
    public func disableSubscription(id: String, at: Date, audit: AuditEntry) throws -> Bool {
        try storage.disableSubscription(id: id, at: at, audit: audit)
    }
    public func subscriptions() throws -> [(subscription: Subscription, state: SubscriptionState)] { try storage.subscriptions() }
    public func leaseSubscription(id: String, node: String, until: Date, now: Date) throws -> Bool {
        try storage.leaseSubscription(id: id, node: node, until: until, now: now)
    }
    public func recordDelivery(subscriptionID: String, state: SubscriptionState, deadLetters: [DeadLetter]) throws {
        try storage.recordDelivery(subscriptionID: subscriptionID, state: state, deadLetters: deadLetters)
    }
    public func deadLetters(subscriptionID: String, limit: Int = 100) throws -> [DeadLetter] {
        try storage.deadLetters(subscriptionID: subscriptionID, limit: limit)
    }
}
