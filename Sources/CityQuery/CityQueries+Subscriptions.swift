import CityModel
import CityStore
import Crypto
import Foundation
import GeoCore

/// Webhook subscriptions: made and ended by a dispatcher or an admin, each with its audit line;
/// a new one starts with the steps committed after it was made.
extension CityQueries {
    /// Makes a subscription; the secret that signs its deliveries is in the answer and must be
    /// kept by the receiver (it is not shown again). `reading` is `filter` as read: when it makes a
    /// fence (`EventFilter.makesFence`), its place is kept with the subscription for every writer
    /// of fixes to match. Without a URL it is such a fence only, watched by streams
    /// (`/api/v1/events?subscription=`), and its filter must have a place.
    public func addSubscription(url: String?, filter: String, reading: EventFilter, by caller: Caller, now: Date = Date()) throws -> Subscription {
        try AccessPolicy.authorize(.manageSubscriptions, by: caller.principal)
        if let url { try checkWebhookURL(url) } else if !reading.makesFence {
            throw CityQueryError.unprocessable(name: "url", reason: "required unless the filter makes a fence (a place, and officer.enter or officer.leave among its events)")
        }
        let s = Subscription(id: TokenSecret.randomID("s-"), ownerAccountID: caller.principal.accountID, ownerName: caller.principal.name,
                             url: url, secret: TokenSecret.generate(), filter: filter,
                             fence: reading.makesFence ? reading.area?.fenceJSON : nil, createdAt: StoredTime.rounded(now))
        let cursor = try lastEventID()
        try translated {
            try store.addSubscription(s, cursor: cursor, audit: AuditEntry(by: caller.principal, at: s.createdAt, via: caller.via,
                                                                       action: .subscriptionCreated, subject: "subscriptions", subjectID: s.id,
                                                                       detail: JSONValue.object(["url": url.map(JSONValue.string) ?? .null, "filter": .string(filter)]).jsonString))
        }
        fences.invalidate()
        return s
    }

    private func checkWebhookURL(_ url: String) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else {
            throw CityQueryError.unprocessable(name: "url", reason: "'\(url)' is not an http or https URL with a host")
        }
        if let allowed = configuration.webhookHosts, !allowed.contains(host.lowercased()) {
            throw CityQueryError.unprocessable(name: "url", reason: "\(host) is not among the webhook hosts this deployment allows (\(allowed.sorted().joined(separator: ", ")))")
        }
    }

    public func subscriptions(by principal: Principal) throws -> [(subscription: Subscription, state: SubscriptionState)] {
        try AccessPolicy.authorize(.manageSubscriptions, by: principal)
        return try translated { try store.subscriptions() }
    }

    public func subscription(id: String, by principal: Principal) throws -> (subscription: Subscription, state: SubscriptionState, deadLetters: [DeadLetter]) {
        guard let found = try subscriptions(by: principal).first(where: { $0.subscription.id == id }) else {
            throw CityQueryError.notFound(layer: "subscriptions", id: id)
        }
        return (found.subscription, found.state, try translated { try store.deadLetters(subscriptionID: id) })
    }

    public func disableSubscription(id: String, by caller: Caller, now: Date = Date()) throws {
        try AccessPolicy.authorize(.manageSubscriptions, by: caller.principal)
        let done = try translated {
            try store.disableSubscription(id: id, at: now, audit: AuditEntry(by: caller.principal, at: now, via: caller.via,
                                                                              action: .subscriptionDisabled, subject: "subscriptions", subjectID: id))
        }
        guard done else { throw CityQueryError.notFound(layer: "subscriptions", id: id) }
        fences.invalidate()
    }
}

/// The signature a delivery carries (`X-CityGrid-Signature: sha256=<hex>`): HMAC-SHA256 of the
/// body's bytes with the subscription's secret, as GitHub's and Stripe's webhooks do, so a
/// receiver checks that the POST came from this service and was not altered.
public enum WebhookSignature {
    public static func sign(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
