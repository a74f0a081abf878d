import CityModel
import CityQuery
import Foundation
import GeoCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Delivers the committed events to each webhook subscription, at least once and in commit
/// order: a batch is POSTed (signed, `WebhookSignature`), and only its 2xx moves the
/// subscription's stored cursor, so a crash or a kill -9 repeats a batch rather than losing one.
/// A failure waits `webhookRetrySeconds` doubled after each (at most five minutes); after
/// `webhookMaxAttempts` the batch's steps are set aside as dead letters and delivery goes on.
/// Each subscription is delivered by its own task, so a receiver that hangs or fails delays only
/// itself; a lease in the store lets one node of several deliver each subscription.
final class WebhookDeliverer: Sendable {
    let queries: CityQueries
    let events: EventsController
    let node = "node-" + UUID().uuidString.prefix(8)
    private let inFlight = Mutex<Set<String>>([])
    private let session: URLSession

    init(queries: CityQueries, configuration: ServerConfiguration) {
        self.queries = queries
        self.events = EventsController(queries: queries, configuration: configuration)
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = queries.configuration.webhookTimeoutSeconds
        c.timeoutIntervalForResource = queries.configuration.webhookTimeoutSeconds
        session = URLSession(configuration: c, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// Set when a delivery left more behind it (a full page, a failure to retry): look again.
    private let again = Mutex(true)

    /// Runs until cancelled: every 100 ms, when the store has committed something since the last
    /// look, a retry has come due or a delivery left more, reads the subscriptions and starts a
    /// delivery for each with something due. A node with nothing new reads nothing.
    func run() async {
        var seen: Int64 = -1
        var nextRetry = Date.distantFuture
        while !Task.isCancelled {
            let now = Date()
            let applied = queries.store.appliedSequence
            let look = applied != seen || now >= nextRetry || again.withLock { flag in defer { flag = false }; return flag }
            if look, let all = try? queries.store.subscriptions(webhooksOnly: true) {
                seen = applied
                nextRetry = all.compactMap { $0.subscription.disabledAt == nil ? $0.state.nextAttemptAt : nil }.filter { $0 > now }.min()
                    ?? .distantFuture
                for (s, state) in all where s.disabledAt == nil && (state.nextAttemptAt ?? .distantPast) <= now {
                    guard inFlight.withLock({ $0.insert(s.id).inserted }) else { continue }
                    Task {
                        defer { _ = inFlight.withLock { $0.remove(s.id) } }
                        await deliver(s, state)
                    }
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    func deliver(_ s: Subscription, _ state: SubscriptionState) async {
        let now = Date()
        let page: (events: [LiveEvent], through: Int64)
        do {
            page = try queries.events(after: state.cursor, filter: try events.subscriptionFilter(s), limit: 100)
        } catch {
            record(s, SubscriptionState(cursor: state.cursor, failures: state.failures, nextAttemptAt: now.addingTimeInterval(300),
                                        lastError: "the subscription's filter cannot be read: \(error)", delivered: state.delivered))
            return
        }
        guard page.through > state.cursor else { return }
        // Only now, with something to deliver, the lease (a write): it outlasts one POST by a few
        // seconds, so a node killed mid-delivery holds it no longer.
        let lease = queries.configuration.webhookTimeoutSeconds + 5
        guard (try? queries.store.leaseSubscription(id: s.id, node: node, until: now.addingTimeInterval(lease), now: now)) == true else {
            // Another node holds it (or held it when it was killed): look again until it lapses.
            again.withLock { $0 = true }
            return
        }
        guard !page.events.isEmpty else {
            record(s, SubscriptionState(cursor: page.through, delivered: state.delivered))
            return
        }
        // Personal data is masked: a receiver is no reader the access rules know.
        let body: [UInt8]
        do {
            let list = try page.events.map { try events.eventJSON($0, to: Principal(.anonymous)) }
            body = Array(JSONValue.object(["subscription": .string(s.id), "events": .array(list)]).jsonString.utf8)
        } catch {
            return
        }
        guard let url = s.url.flatMap(URL.init(string:)) else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(WebhookSignature.sign(body, secret: s.secret), forHTTPHeaderField: "X-CityGrid-Signature")
        request.setValue("\(s.id):\(page.events.first!.id)-\(page.events.last!.id)", forHTTPHeaderField: "X-CityGrid-Delivery")
        var failure: String?
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if !(200..<300).contains(status) { failure = "HTTP \(status)" }
        } catch {
            failure = Self.describe(error, timeout: queries.configuration.webhookTimeoutSeconds)
        }
        guard let failure else {
            record(s, SubscriptionState(cursor: page.through, delivered: state.delivered + Int64(page.events.count)))
            return
        }
        let failures = state.failures + 1
        let maxAttempts = Int(queries.configuration.webhookMaxAttempts)
        if failures >= maxAttempts {
            let dead = page.events.map { DeadLetter(subscriptionID: s.id, eventID: $0.id, attempts: failures, error: failure, at: Date()) }
            record(s, SubscriptionState(cursor: page.through, lastError: failure, delivered: state.delivered), dead)
        } else {
            let wait = min(300, queries.configuration.webhookRetrySeconds * pow(2, Double(failures - 1)))
            record(s, SubscriptionState(cursor: state.cursor, failures: failures, nextAttemptAt: Date().addingTimeInterval(wait),
                                        lastError: failure, delivered: state.delivered))
        }
    }

    /// What an operator reading the dead letters needs to know, not Foundation's "the operation
    /// could not be completed (error -1001)".
    static func describe(_ error: any Error, timeout: Double) -> String {
        guard let e = error as? URLError else { return "\(error)" }
        switch e.code {
        case .timedOut: return "timed out: no answer within \(timeout) s"
        case .networkConnectionLost: return "the receiver closed the connection without an answer"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "the receiver's host name does not resolve"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot: return "TLS failed: \(e.localizedDescription)"
        case .badServerResponse: return "the receiver closed the connection without an answer, or answered with something not HTTP"
        default: return "URL error \(e.code.rawValue): \(e.localizedDescription)"
        }
    }

    /// Writes where the delivery left the subscription, and asks for another look: a page may
    /// have had more behind it, and a retry's time is read back with the next look.
    private func record(_ s: Subscription, _ state: SubscriptionState, _ dead: [DeadLetter] = []) {
        try? queries.store.recordDelivery(subscriptionID: s.id, state: state, deadLetters: dead)
        again.withLock { $0 = true }
    }
}

/// A receiver's redirect is not followed: the subscription's URL was checked against
/// `webhookHosts`, a Location header was not, and a redirect would let a receiver send the
/// server's POST anywhere. A 3xx counts as a failed delivery.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
