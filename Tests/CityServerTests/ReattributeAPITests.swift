import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// The re-attribution route's wiring: admin only, the layer and body checked and named. What it
/// changes is checked against known cells in CityQueryTests' ReattributionTests.
@Suite struct ReattributeAPITests {
    @Test func adminOnlyAndBadInputNamed() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        let json: HTTPFields = [.contentType: "application/json"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reattribute/cases", method: .post, headers: json + bearer(Fixture.viewer),
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/reattribute/cases", method: .post, headers: json + bearer(Fixture.admin),
                                     body: ByteBuffer(string: #"{"dryRun":true}"#)) { response in
                #expect(response.status == .ok)
                let body = try JSONValue(parsing: Array(response.body.readableBytesView))
                #expect(body["examined"]?.doubleValue == 0)
                #expect(body["dryRun"]?.boolValue == true)
                #expect(body["layer"]?.stringValue == "cases")
            }
            for (uri, payload, name) in [("/api/v1/reattribute/grids", "{}", "layer"),
                                         ("/api/v1/reattribute/cases", #"{"ids":"C1"}"#, "ids"),
                                         ("/api/v1/reattribute/cases", #"{"ids":[1]}"#, "ids[0]"),
                                         ("/api/v1/reattribute/cases", #"{"dryRun":"yes"}"#, "dryRun")] {
                try await client.execute(uri: uri, method: .post, headers: json + bearer(Fixture.admin),
                                         body: ByteBuffer(string: payload)) { response in
                    #expect(response.status == .badRequest, "\(uri) \(payload)")
                    let text = String(buffer: response.body)
                    #expect(text.contains("\"\(name)\""), "\(text)")
                }
            }
            try await client.execute(uri: "/api/v1/reattribute/cases", method: .post, headers: json + bearer(Fixture.admin),
                                     body: ByteBuffer(string: #"{"ids":["no-such-case"]}"#)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
