import CoreMetrics
import Foundation

/// The swift-metrics instruments of the requests seen, one pair per method, route and status.
///
/// Why a cache: `Counter(label:dimensions:factory:)` asks the factory each time, and the Prometheus
/// registry behind it checks the name and hashes the labels under its lock, then swift-metrics
/// allocates a wrapper. Made once per label set, a request costs one dictionary lookup here, as in
/// Hummingbird's own `MetricsCache`. The label sets are few: route patterns, not paths.
///
/// What the library costs (issue 19 allows 2 % of nearest's throughput): scripts/bench-http,
/// N=200000, 10 s runs, A/B/A/B against the hand-written registry on the shared 2-core machine
/// (load average 8–12): nearest 15,032 and 10,676 req/s before, 15,934 and 14,410 after; server CPU
/// per nearest request 124 and 95 µs before, 105 and 85 µs after. No cost shows through a noise
/// of ±20 %, and every pair favours the library (the old path copied a histogram per request).
final class RequestInstruments: @unchecked Sendable {
    struct Key: Hashable {
        var method: String, route: String, status: Int
    }

    struct Instruments {
        let requests: CoreMetrics.Counter
        /// Per method and route, not status: one histogram, shared by every status's entry.
        let duration: CoreMetrics.Timer
    }

    let factory: any MetricsFactory
    private let lock = NSLock()
    private var made: [Key: Instruments] = [:]

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records one finished request.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let instruments = self.instruments(Key(method: method, route: route, status: status))
        instruments.requests.increment()
        let (seconds, attoseconds) = duration.components
        instruments.duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private func instruments(_ key: Key) -> Instruments {
        lock.withLock {
            if let known = made[key] { return known }
            let new = Instruments(
                requests: CoreMetrics.Counter(label: MetricsRegistry.requestsTotal,
                                              dimensions: [("method", key.method), ("route", key.route), ("status", String(key.status))],
                                              factory: factory),
                duration: CoreMetrics.Timer(label: MetricsRegistry.requestDuration,
                                            dimensions: [("method", key.method), ("route", key.route)], factory: factory))
            made[key] = new
            return new
        }
    }
}
