import CoreMetrics
import Foundation

/// The swift-metrics instruments of the requests seen, one pair per method, route and status.
///
/// Why a cache: `Counter(label:dimensions:factory:)` asks the factory each time, and the Prometheus
/// registry behind it checks the name and hashes the labels under its lock, then swift-metrics
/// allocates a wrapper. Made once per label set, a request costs one dictionary lookup here, as in
/// Hummingbird's own `MetricsCache`. The label sets are few: route patterns, not paths.
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
