import CoreMetrics
import Prometheus

/// swift-prometheus's `PrometheusMetricsFactory`, plus the HELP text and buckets of the metrics
/// CityGrid names itself.
///
/// Why not the stock factory alone: swift-metrics has no place for a description, so the stock
/// factory registers every family with an empty HELP, and `PrometheusCollectorRegistry` stops the
/// process (fatalError) when a name comes back with another HELP than its first. The text must
/// therefore go with every registration of the name, which only a factory that knows the names
/// can do. Any other label (a library's, once `citygrid serve` has bootstrapped the global system)
/// goes to the stock factory, with no HELP line.
struct DescribedMetricsFactory: MetricsFactory {
    /// What a scrape shows of one of our metrics beside its samples.
    struct Family: Sendable {
        let help: String
        /// For a timer: the histogram's upper bounds (a timer without them goes to the stock
        /// factory's default buckets).
        var buckets: [Duration]? = nil
    }

    let stock: PrometheusMetricsFactory
    let families: [String: Family]

    init(registry: PrometheusCollectorRegistry, families: [String: Family]) {
        stock = PrometheusMetricsFactory(registry: registry)
        self.families = families
    }

    var registry: PrometheusCollectorRegistry { stock.registry }

    /// The label is the whole Prometheus name (`unitName` empty adds nothing to it).
    private func descriptor(_ label: String, _ family: Family) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: family.help)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let family = families[label] else { return stock.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: descriptor(label, family), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let family = families[label], let buckets = family.buckets else {
            return stock.makeTimer(label: label, dimensions: dimensions)
        }
        return registry.makeDurationHistogram(descriptor: descriptor(label, family), labels: dimensions, buckets: buckets)
    }

    // The rest CityGrid does not name: as the stock factory makes them.
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        stock.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        stock.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        stock.makeMeter(label: label, dimensions: dimensions)
    }

    // Destroying unregisters from the same registry, whichever of the two made the handler.
    func destroyCounter(_ handler: any CounterHandler) { stock.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { stock.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { stock.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { stock.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { stock.destroyTimer(handler) }
}
