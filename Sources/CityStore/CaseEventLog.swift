import CityModel
import Foundation

/// One event as the store keeps it in its outbox (`event`): a case step (copied there by a
/// trigger from the case's history, in the same transaction), an officer entering or leaving a
/// fence (written with the fix that crossed it), a case gone overdue or an officer gone stale
/// (written by the watch). The rows' ids grow in commit order (given out under the writers'
/// lock), so "every event after id N" is what a stream resumes from after a disconnect, with no
/// gap and no event from a write that rolled back.
public struct EventRow: Sendable, Hashable {
    /// `case.report`, `case.dispatch`, `case.overdue`, `officer.enter`, `officer.leave`, `officer.stale`.
    public var type: String
    /// The case's or the officer's id.
    public var subject: String
    /// When it happened (RFC 3339): the step's time, the fix's time, the deadline.
    public var at: String
    public var actor: String
    public var fromStatus: String?
    public var toStatus: String?
    public var note: String
    /// The subscription whose fence an officer entered or left.
    public var fence: String?
    /// Set for what must happen once only (`overdue:<case>:<due>`, `stale:<officer>:<fix>`): a
    /// second row with the same key is dropped, by whichever node or restart writes it.
    public var onceKey: String?

    public init(type: String, subject: String, at: String, actor: String = "", fromStatus: String? = nil, toStatus: String? = nil,
                note: String = "", fence: String? = nil, onceKey: String? = nil) {
        self.type = type
        self.subject = subject
        self.at = at
        self.actor = actor
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.note = note
        self.fence = fence
        self.onceKey = onceKey
    }
}

/// An event with its place in the outbox.
public struct LoggedEvent: Sendable, Hashable {
    public var id: Int64
    public var row: EventRow

    public init(id: Int64, row: EventRow) {
        self.id = id
        self.row = row
    }
}

extension CityStore {
    /// The events committed after `id`, oldest first, at most `limit`.
    public func events(after id: Int64, limit: Int) throws -> [LoggedEvent] {
        try storage.events(after: id, limit: limit)
    }

    /// The id of the last committed event (0 for none): where a stream joining now starts.
    public func lastEventID() throws -> Int64 { try storage.lastEventID() }

    /// Which of `keys` some event already carries as its once-key.
    public func emittedOnceKeys(_ keys: [String]) throws -> Set<String> { try storage.emittedOnceKeys(keys) }

    /// The instant the watch named `name` began on this store: set by the first call, kept after.
    public func watchSince(_ name: String, now: Date) throws -> Date { try storage.watchSince(name, now: now) }
}

extension CityStore {
    // Webhook subscriptions, read and written as they are (no memory follows them).
    public func addSubscription(_ s: Subscription, cursor: Int64, audit: AuditEntry) throws { try storage.addSubscription(s, cursor: cursor, audit: audit) }
    public func disableSubscription(id: String, at: Date, audit: AuditEntry) throws -> Bool {
        try storage.disableSubscription(id: id, at: at, audit: audit)
    }
    public func subscriptions(webhooksOnly: Bool = false) throws -> [(subscription: Subscription, state: SubscriptionState)] {
        try storage.subscriptions(webhooksOnly: webhooksOnly)
    }
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
