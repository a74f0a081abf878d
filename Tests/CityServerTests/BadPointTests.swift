import CityQuery
import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// A valid WGS84 point the working CRS cannot represent is the caller's error: a 400 naming the
/// parameter, never a 500. The transform here refuses what a 3° Gauss–Krüger zone at 120°E
/// refuses through PROJ ("Point outside of projection domain"): points far from its meridian.
@Suite struct BadPointTests {
    struct OutsideDomain: Error {}

    static let bridge = CoordinateBridge(toWorking: { p in
        guard abs(p.x - 120) < 30 else { throw OutsideDomain() }
        return Fixture.fromLonLat(p)
    }, toLonLat: { Fixture.toLonLat($0) })

    @Test func pointsTheWorkingCRSCannotHoldAreA400NamingTheParameter() async throws {
        let app = Fixture.app(store: try Fixture.makeStore(), bridge: Self.bridge)
        let json: HTTPFields = [.contentType: "application/json"]
        try await app.test(.router) { client in
            for (uri, name) in [("/api/v1/locate?lon=25&lat=0", "lon"), ("/api/v1/nearest?lon=25&lat=0", "lon"),
                                ("/api/v1/locate?lon=-180&lat=-90&crs=bd09", "lon")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri): \(response.text)")
                    let params = try response.json()["invalid-params"]?.arrayValue ?? []
                    #expect(params.first?["name"]?.stringValue == name, "\(uri): \(response.text)")
                    #expect(response.text.contains("outside the deployment area"), "\(uri): \(response.text)")
                }
            }
            try await client.execute(uri: "/api/v1/routes", method: .post, headers: json,
                                     body: ByteBuffer(string: #"{"start":{"lon":25,"lat":0},"stops":[{"id":"a","lon":121,"lat":31}]}"#)) { response in
                #expect(response.status == .badRequest, "\(response.text)")
                #expect(response.text.contains("\"start\""), "\(response.text)")
            }
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: json + bearer(Fixture.officer),
                                     body: ByteBuffer(string: #"{"type":"0103","lon":25,"lat":0}"#)) { response in
                #expect(response.status == .badRequest, "\(response.text)")
            }
        }
    }

    /// `null` or `[]` is no body of options: a reattribution must not read it as "the whole layer".
    @Test(arguments: ["null", "[]", "\"ids\"", "3"])
    func aBodyThatIsNotAnObjectIsRefused(body: String) async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reattribute/cases", method: .post,
                                     headers: [.contentType: "application/json"] + bearer(Fixture.admin),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.text.contains("expected a JSON object"), "\(response.text)")
            }
        }
    }
}

/// The documented error codes are the ones the server answers: 405 with `Allow` for a method a
/// path does not take, 415 for a body without a JSON media type, 400 for a GeoReport path
/// without `.json` (in GeoReport's own error shape).
@Suite struct DocumentedErrorTests {
    @Test func methodsMediaTypesAndOpen311Paths() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            for (method, uri, allow) in [(HTTPRequest.Method.delete, "/api/v1/locate", "GET"), (.put, "/api/v1/cases", "GET, POST"),
                                         (.post, "/api/v1/nearest", "GET"), (.patch, "/api/v1/layers/storefronts/S01", "DELETE, GET, PUT")] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri): \(response.text)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/api/v1/cases", method: .post, headers: bearer(Fixture.officer),
                                     body: ByteBuffer(string: #"{"type":"0103","lon":121.001,"lat":31.001}"#)) { response in
                #expect(response.status == .unsupportedMediaType, "\(response.text)")
            }
            for path in ["/open311/v2/services", "/open311/v2/requests", "/open311/v2/services/0103"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .badRequest, "\(path): \(response.text)")
                    let errors = try response.json().arrayValue ?? []
                    #expect(errors.first?["code"]?.intValue == 400 && (errors.first?["description"]?.stringValue ?? "").contains(".json"), "\(response.text)")
                }
            }
            // A path no route serves at all is still 404.
            try await client.execute(uri: "/api/v1/nowhere", method: .get) { #expect($0.status == .notFound) }
        }
    }
}
