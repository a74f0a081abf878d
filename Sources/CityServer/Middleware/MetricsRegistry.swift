import CityQuery
import CoreMetrics
import Foundation
import Prometheus

/// One application's metrics: a swift-prometheus `PrometheusCollectorRegistry`, which keeps the
/// samples and renders GET /metrics (text exposition format 0.0.4), and the swift-metrics factory
/// that records into it.
///
/// One per application, not swift-metrics' global backend: `MetricsSystem.bootstrap` may run once
/// per process, while the tests build many applications in one process, in parallel, each
/// counting its own requests. So CityGrid's own instruments are made with this registry's factory
/// passed explicitly (`Counter(label:dimensions:factory:)`), and `citygrid serve`, which runs one
/// application, also makes the factory the global one (`bootstrapMetricsSystem()`) so that what a
/// library records through swift-metrics lands in the same /metrics.
///
/// The names are the ones dashboards already scrape; they must not change.
public final class MetricsRegistry: @unchecked Sendable {
    /// Requests answered, labelled method, route (the pattern, never the path) and status.
    static let requestsTotal = "citygrid_http_requests_total"
    /// Time from request head to response, labelled method and route.
    static let requestDuration = "citygrid_http_request_duration_seconds"
    /// Attribute reads that failed in the store (each answered with `{}`), unlabelled.
    static let attributeReadFailures = "citygrid_store_attribute_read_failures_total"

    /// Upper bounds of the latency buckets: Prometheus's default buckets, with 1 ms (most answers
    /// take less than 5 ms).
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static let families: [String: DescribedMetricsFactory.Family] = [
        requestsTotal: .init(help: "HTTP requests answered, by route, method and status."),
        requestDuration: .init(help: "Time from request head to response, by route and method.", buckets: durationBuckets),
        attributeReadFailures: .init(help: "Feature attributes that could not be read from the store."),
    ]

    public let collectors = PrometheusCollectorRegistry()
    /// Records into `collectors`; what the server's middleware is given.
    public let factory: any MetricsFactory

    private let failures: CoreMetrics.Counter
    private let lock = NSLock()
    private var failuresCounted = 0

    public init() {
        factory = DescribedMetricsFactory(registry: collectors, families: Self.families)
        // Made now, so that a scrape shows it at 0 before anything has failed.
        failures = CoreMetrics.Counter(label: Self.attributeReadFailures, factory: factory)
    }

    /// Makes this registry's factory swift-metrics' global backend. Once per process (swift-metrics
    /// crashes on a second bootstrap): `citygrid serve` calls it, tests do not.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// The exposition text, rendered by swift-prometheus. Families and series come in its
    /// (dictionary) order, which Prometheus does not mind.
    public func exposition() -> String {
        countAttributeReadFailures()
        return collectors.emitToString()
    }

    /// The store counts failed attribute reads process-wide in a number of its own (CityStore and
    /// CityQuery know nothing of metrics); the counter catches up with it at each scrape, by the
    /// difference, so it only ever grows.
    private func countAttributeReadFailures() {
        lock.withLock {
            let now = CityFeature.failedAttributeReads
            if now > failuresCounted { failures.increment(by: Int64(now - failuresCounted)) }
            failuresCounted = now
        }
    }
}
