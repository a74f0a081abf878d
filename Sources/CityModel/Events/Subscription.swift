import Foundation

/// A webhook: committed case steps that pass its filter are POSTed to its URL, signed with its
/// secret (HMAC-SHA256), at least once, in commit order, retried with backoff and set aside after
/// too many failures. The filter is the query `/api/v1/events` takes (`subDistrict=豫园街道&events=case.report`),
/// so a subscription and a live stream are asked the same way.
public struct Subscription: Hashable, Sendable {
    public var id: String
    public var ownerAccountID: String?
    public var ownerName: String
    /// The webhook's receiver; nil for a fence watched by streams only (`/api/v1/events?subscription=`).
    public var url: String?
    /// The HMAC key: shown once when made, kept to sign every delivery.
    public var secret: String
    public var filter: String
    /// The filter's place as a fence officers enter and leave (`FenceArea`'s JSON), when the filter
    /// has one and asks for `officer.enter` or `officer.leave`: written once, read by every writer
    /// of fixes (the server, the command line) without parsing the filter again.
    public var fence: String?
    public var createdAt: Date
    public var disabledAt: Date?

    public init(id: String, ownerAccountID: String?, ownerName: String, url: String?, secret: String, filter: String,
                fence: String? = nil, createdAt: Date, disabledAt: Date? = nil) {
        self.id = id
        self.ownerAccountID = ownerAccountID
        self.ownerName = ownerName
        self.url = url
        self.secret = secret
        self.filter = filter
        self.fence = fence
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

/// Where a subscription's deliveries stand: every step up to `cursor` was delivered (or set aside).
public struct SubscriptionState: Hashable, Sendable {
    public var cursor: Int64
    /// Failures in a row of the batch now being delivered.
    public var failures: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var delivered: Int64

    public init(cursor: Int64, failures: Int = 0, nextAttemptAt: Date? = nil, lastError: String? = nil, delivered: Int64 = 0) {
        self.cursor = cursor
        self.failures = failures
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.delivered = delivered
    }
}

/// A step set aside after every attempt to deliver it failed: kept for the operator to see
/// (`GET /api/v1/subscriptions/{id}`), never retried by itself.
public struct DeadLetter: Hashable, Sendable {
    public var subscriptionID: String
    public var eventID: Int64
    public var attempts: Int
    public var error: String
    public var at: Date

    public init(subscriptionID: String, eventID: Int64, attempts: Int, error: String, at: Date) {
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.attempts = attempts
        self.error = error
        self.at = at
    }
}
