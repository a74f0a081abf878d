import CityServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// /metrics read by an independent parser: the Prometheus project's Python client
/// (`Tests/oracle/prometheus_exposition.py`, installed by scripts/setup), after requests whose
/// counts are known by construction.
@Suite struct MetricsExpositionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let itemsRoute = "/ogc/collections/{collectionId}/items"

    struct Parsed: Decodable {
        struct Sample: Decodable { let name: String, labels: [String: String], value: Double }
        let families: [String: String]
        let samples: [Sample]

        func values(_ name: String, where match: [String: String]) -> [Double] {
            samples.filter { sample in sample.name == name && match.allSatisfy { sample.labels[$0.key] == $0.value } }.map(\.value)
        }
    }

    /// Parses an exposition with the oracle, without blocking a cooperative thread meanwhile.
    static func parse(_ exposition: String) async throws -> Parsed {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(getpid())-\(UUID().uuidString).txt")
        try exposition.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try await ChildProcess.run(
            "/usr/bin/env", ["python3", root.appendingPathComponent("Tests/oracle/prometheus_exposition.py").path, file.path])
        try #require(status == 0, "the Prometheus parser refused the exposition (is prometheus-client installed? scripts/setup)")
        return try JSONDecoder().decode(Parsed.self, from: Data(output.utf8))
    }

    /// Scrapes one application's /metrics through the router.
    static func scrape(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            return response.text
        }
    }

    @Test func countsAfterKnownRequestsAsThePrometheusParserReadsThem() async throws {
        let store = try Fixture.makeStore()
        // Another application in the same process, answering first: its requests must not show in
        // the first one's /metrics (each application keeps its own registry).
        try await Fixture.app(store: store).test(.router) { client in
            for _ in 0..<5 { try await client.execute(uri: "/ogc/collections/grids/items", method: .get) { _ in } }
        }
        try await Fixture.app(store: store).test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/ogc/collections/grids/items", method: .get) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/ogc/collections/storefronts/items?limit=0", method: .get) { #expect($0.status == .badRequest) }
            for _ in 0..<2 { try await client.execute(uri: "/no/such/path", method: .get) { #expect($0.status == .notFound) } }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            let parsed = try await Self.parse(try await Self.scrape(client))

            #expect(parsed.families["citygrid_http_requests"] == "counter")
            #expect(parsed.families["citygrid_http_request_duration_seconds"] == "histogram")
            #expect(parsed.families["citygrid_store_attribute_read_failures"] == "counter")

            // Requests: per route pattern (both collections under one), method and status.
            let requests = "citygrid_http_requests_total"
            #expect(parsed.values(requests, where: ["method": "GET", "route": Self.itemsRoute, "status": "200"]) == [3])
            #expect(parsed.values(requests, where: ["method": "GET", "route": Self.itemsRoute, "status": "400"]) == [1])
            #expect(parsed.values(requests, where: ["method": "GET", "route": "/healthz", "status": "200"]) == [1])
            #expect(parsed.values(requests, where: ["status": "404"]) == [2])
            let routes = Set(parsed.samples.filter { $0.name == requests }.compactMap { $0.labels["route"] })
            #expect(!routes.contains("/no/such/path"), "a path the client chose is no label")
            // Five requests, the scrape itself not yet counted, none of the other application's.
            #expect(parsed.values(requests, where: [:]).reduce(0, +) == 7)

            // The duration histogram: method and route only, the 1 ms … 10 s buckets, cumulative.
            let duration = "citygrid_http_request_duration_seconds"
            let items = ["method": "GET", "route": Self.itemsRoute]
            #expect(parsed.values(duration + "_count", where: items) == [4])
            let buckets = parsed.samples.filter { $0.name == duration + "_bucket" && $0.labels["route"] == Self.itemsRoute }
            // "+Inf" is the exposition format's spelling of the last bound (prometheus_client keeps the text).
            func le(_ sample: Parsed.Sample) -> Double { sample.labels["le"] == "+Inf" ? .infinity : Double(sample.labels["le"] ?? "") ?? .nan }
            let bounds = buckets.map(le)
            #expect(bounds.sorted() == [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, .infinity])
            let cumulative = buckets.sorted { le($0) < le($1) }.map(\.value)
            #expect(cumulative == cumulative.sorted() && cumulative.last == 4)
            #expect(buckets.allSatisfy { $0.labels["status"] == nil })
            let sum = try #require(parsed.values(duration + "_sum", where: items).first)
            #expect(sum > 0)

            #expect(parsed.values("citygrid_store_attribute_read_failures_total", where: [:]).count == 1)
        }
    }
}
