import CityQuery
import Foundation

/// Request counts and latency histograms per route, rendered in the Prometheus text exposition
/// format 0.0.4. One lock guards it: an update is a few dictionary operations, far cheaper than the
/// request it measures.
public final class MetricsRegistry: @unchecked Sendable {
    /// Upper bounds, in seconds, of the latency buckets (Prometheus's default buckets, with 1 ms).
    static let bucketBounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct CounterKey: Hashable, Comparable {
        var method: String, route: String, status: Int
        static func < (a: Self, b: Self) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    struct HistogramKey: Hashable, Comparable {
        var method: String, route: String
        static func < (a: Self, b: Self) -> Bool { (a.route, a.method) < (b.route, b.method) }
    }

    struct Histogram {
        /// Non-cumulative count per bucket; the last slot is +Inf.
        var counts = [Int](repeating: 0, count: MetricsRegistry.bucketBounds.count + 1)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [CounterKey: Int] = [:]
    private var durations: [HistogramKey: Histogram] = [:]

    public init() {}

    /// Records one finished request.
    public func record(method: String, route: String, status: Int, seconds: Double) {
        let bucket = Self.bucketBounds.firstIndex { seconds <= $0 } ?? Self.bucketBounds.count
        lock.withLock {
            requests[CounterKey(method: method, route: route, status: status), default: 0] += 1
            let key = HistogramKey(method: method, route: route)
            var h = durations[key] ?? Histogram()
            h.counts[bucket] += 1
            h.sum += seconds
            h.count += 1
            durations[key] = h
        }
    }

    /// The number of requests recorded for a route, every method and status (for tests and /healthz).
    public func requestCount(route: String) -> Int {
        lock.withLock { requests.filter { $0.key.route == route }.values.reduce(0, +) }
    }

    /// The exposition text, sorted so that two scrapes of the same state are identical.
    public func render() -> String {
        let (requests, durations) = lock.withLock { (self.requests, self.durations) }
        var out = "# HELP citygrid_http_requests_total HTTP requests answered, by route, method and status.\n"
        out += "# TYPE citygrid_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { $0.key < $1.key }) {
            out += "citygrid_http_requests_total{method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP citygrid_http_request_duration_seconds Time from request head to response, by route and method.\n"
        out += "# TYPE citygrid_http_request_duration_seconds histogram\n"
        for (key, h) in durations.sorted(by: { $0.key < $1.key }) {
            let labels = "method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\""
            var cumulative = 0
            for (k, bound) in Self.bucketBounds.enumerated() {
                cumulative += h.counts[k]
                out += "citygrid_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += h.counts[Self.bucketBounds.count]
            out += "citygrid_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(cumulative)\n"
            out += "citygrid_http_request_duration_seconds_sum{\(labels)} \(h.sum)\n"
            out += "citygrid_http_request_duration_seconds_count{\(labels)} \(h.count)\n"
        }
        // An attribute read that fails is answered with {} rather than failing the request; it
        // must at least be seen here.
        out += "# HELP citygrid_store_attribute_read_failures_total Feature attributes that could not be read from the store.\n"
        out += "# TYPE citygrid_store_attribute_read_failures_total counter\n"
        out += "citygrid_store_attribute_read_failures_total \(CityFeature.failedAttributeReads)\n"
        return out
    }

    /// Label values escape backslash, double quote and newline (exposition format 0.0.4).
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
