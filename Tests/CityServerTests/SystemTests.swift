import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SystemTests {
    /// Every route Hummingbird's router holds is in the OpenAPI document, and nothing else is.
    @Test func openAPIDescribesExactlyTheRegisteredRoutes() async throws {
        let store = try Fixture.makeStore()
        let router = buildRouter(queries: Fixture.queries(store), configuration: Fixture.configuration())
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(registered.count >= 14)
        let app = RecordedApplication(base: Application(router: router))
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.headers[.contentType] == "application/vnd.oai.openapi+json;version=3.1")
                let doc = try response.json()
                #expect(doc["openapi"]?.stringValue == "3.1.0")
                var documented: Set<String> = []
                for (path, item) in doc["paths"]?.objectValue ?? [:] {
                    for (method, operation) in item.objectValue ?? [:] {
                        documented.insert("\(method.uppercased()) \(path)")
                        // Every {capture} of the path is a documented path parameter.
                        let captures = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
                        let pathParameters = operation["parameters"]?.arrayValue?.filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue } ?? []
                        #expect(captures == pathParameters, "\(method) \(path)")
                        #expect(operation["responses"]?.objectValue?.isEmpty == false)
                        // Every JSON body, read or answered, is a named schema that exists, never a bare object.
                        let bodies = (operation["responses"]?.objectValue ?? [:]).map { ($0.key, $0.value["content"]) }
                            + [("request", operation["requestBody"]?["content"])]
                        for (status, content) in bodies {
                            for (type, media) in content?.objectValue ?? [:] where type.contains("json") || type.hasPrefix("application/x-www-form-urlencoded") {
                                let ref = media["schema"]?["$ref"]?.stringValue ?? ""
                                let name = String(ref.dropFirst("#/components/schemas/".count))
                                #expect(ref.hasPrefix("#/components/schemas/") && doc["components"]?["schemas"]?[name] != nil,
                                        "\(method) \(path) \(status) \(type)")
                            }
                        }
                    }
                }
                #expect(documented == registered)
            }
        }
    }

    @Test func metricsCountRequestsPerRouteAndStatus() async throws {
        let metrics = MetricsRegistry()
        let app = Fixture.app(store: try Fixture.makeStore(), metrics: metrics)
        try await app.test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/ogc/collections/grids/items", method: .get) { _ in } }
            try await client.execute(uri: "/ogc/collections/grids/items?limit=0", method: .get) { _ in }
            try await client.execute(uri: "/no/such/path", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let lines = Set(response.text.split(separator: "\n").map(String.init))
                #expect(lines.contains(#"citygrid_http_requests_total{method="GET",route="/ogc/collections/{collectionId}/items",status="200"} 3"#))
                #expect(lines.contains(#"citygrid_http_requests_total{method="GET",route="/ogc/collections/{collectionId}/items",status="400"} 1"#))
                #expect(lines.contains(#"citygrid_http_request_duration_seconds_count{method="GET",route="/ogc/collections/{collectionId}/items"} 4"#))
                #expect(lines.contains(#"citygrid_http_request_duration_seconds_bucket{method="GET",route="/ogc/collections/{collectionId}/items",le="+Inf"} 4"#))
                #expect(lines.contains("# TYPE citygrid_http_requests_total counter"))
                #expect(lines.contains("# TYPE citygrid_http_request_duration_seconds histogram"))
                #expect(lines.contains { $0.hasPrefix("citygrid_http_requests_total{") && $0.contains(#"status="404""#) })
            }
        }
    }

    @Test func healthReportsLayerCounts() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                let doc = try response.json()
                #expect(doc["status"] == "ok")
                #expect(doc["layers"]?["grids"]?.intValue == 3)
                #expect(doc["layers"]?["storefronts"]?.intValue == 25)
            }
        }
    }

    @Test func configurationFileIsReadAndCheckedField() throws {
        let good = #"{"host":"0.0.0.0","port":9000,"readsRequireToken":true,"maxPageSize":500,"routeSnapMeters":40}"#
        let settings = try ServeSettings(json: Array(good.utf8))
        let config = settings.server
        #expect(config.host == "0.0.0.0" && config.port == 9000 && config.readsRequireToken)
        #expect(settings.queries.maxPageSize == 500 && settings.queries.defaultPageSize == 100 && settings.queries.routeSnapMeters == 40)
        let bad: [(String, String)] = [
            (#"{"prot":8080}"#, "prot"),
            (#"{"port":70000}"#, "port"),
            // Plain-text tokens in the file are refused, pointing at `citygrid users`.
            (#"{"tokens":[{"token":"abcdefghijklmnop","name":"x","roles":["officer"]}]}"#, "tokens"),
            (#"{"maxPageSize":50,"defaultPageSize":100}"#, "defaultPageSize"),
            (#"{"routeSnapMeters":-1}"#, "routeSnapMeters"),
            (#"{"duplicateWindowDays":"7"}"#, "duplicateWindowDays"),
        ]
        for (text, field) in bad {
            #expect {
                try ServeSettings(json: Array(text.utf8))
            } throws: { error in
                guard case let .configuration(_, f, _) = error as? ServerError else { return false }
                return f == field
            }
        }
    }
}
