import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LayersAPITests {
    static let newFeature = #"{"type":"Feature","id":"S99","geometry":{"type":"Point","coordinates":[121.0123,31.0045]},"properties":{"name":"新店","licence":"valid"}}"#

    @Test func writesNeedTheAdminRoleAndRefusalsChangeNothing() async throws {
        let store = try Fixture.makeStore()
        let app = Fixture.app(store: store)
        let json: HTTPFields = [.contentType: "application/geo+json"]
        try await app.test(.router) { client in
            let body = ByteBuffer(string: Self.newFeature)
            let cases: [(HTTPFields, HTTPResponse.Status)] = [
                (json, .unauthorized),
                (json + [.authorization: "Bearer not-a-token-of-ours-at-all"], .unauthorized),
                (json + [.authorization: "Basic dXNlcjpwYXNz"], .unauthorized),
                (json + bearer(Fixture.viewer), .forbidden),
                (json + bearer(Fixture.officer), .forbidden),
            ]
            for (headers, status) in cases {
                try await client.execute(uri: "/api/v1/layers/storefronts", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == status)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                try await client.execute(uri: "/api/v1/layers/storefronts/S01", method: .delete, headers: headers) { response in
                    #expect(response.status == status)
                }
            }
            #expect(store.read { $0[.storefronts].count } == 25)
            #expect(store.read { $0[.storefronts].feature(id: "S99") } == nil)
            #expect(store.read { $0[.storefronts].feature(id: "S01") } != nil)

            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post, headers: json + bearer(Fixture.admin), body: body) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location]?.hasSuffix("/api/v1/layers/storefronts/S99") == true)
            }
            // Stored in the working CRS: (121.0123 − 121) × 1e5 = 1230 m, (31.0045 − 31) × 1e5 = 450 m.
            let stored = try #require(store.read { $0[.storefronts].feature(id: "S99") })
            guard case .point(let p)? = stored.geometry else { Issue.record("not a point"); return }
            #expect(abs(p.x - 1230) < 1e-6 && abs(p.y - 450) < 1e-6)
            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post, headers: json + bearer(Fixture.admin), body: body) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/layers/storefronts/S99", method: .delete, headers: bearer(Fixture.admin)) { response in
                #expect(response.status == .noContent)
            }
            #expect(store.read { $0[.storefronts].count } == 25)
        }
    }

    @Test func bodiesOverTheLimitAre413AndChangeNothing() async throws {
        let store = try Fixture.makeStore()
        let app = Fixture.app(store: store, configuration: Fixture.configuration(maxBodyBytes: 256))
        let padding = String(repeating: "长", count: 200)
        let big = #"{"type":"Feature","id":"S98","geometry":null,"properties":{"note":"\#(padding)"}}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post,
                                     headers: [.contentType: "application/json"] + bearer(Fixture.admin), body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
                let doc = try response.json()
                #expect(doc["status"]?.intValue == 413)
            }
        }
        #expect(store.read { $0[.storefronts].feature(id: "S98") } == nil)
    }

    @Test(arguments: [
        (#"{"type":"Feature","geometry":null,"properties":{}}"#, "id"),
        (#"{"type":"Feature","id":"X","geometry":{"type":"Point","coordinates":[1]},"properties":{}}"#, "geometry.coordinates"),
        (#"{"type":"Feature","id":"X","geometry":{"type":"Point","coordinates":[121,31]},"properties":[]}"#, "properties"),
        (#"{"type":"Feature","id":"X""#, "body"),
        (#"[1,2,3]"#, "body"),
    ])
    func malformedFeaturesAre400(body: String, parameter: String) async throws {
        let store = try Fixture.makeStore()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/layers/grids", method: .post,
                                     headers: [.contentType: "application/json"] + bearer(Fixture.admin), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let doc = try response.json()
                let name = doc["invalid-params"]?[0]?["name"]?.stringValue ?? ""
                #expect(name.hasPrefix(parameter), "\(name)")
            }
        }
        #expect(store.read { $0[.grids].count } == 3)
    }

    @Test func cursorPagesCoverTheLayerInIDOrder() async throws {
        let store = try Fixture.makeStore()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            var cursor: String?
            var ids: [String] = []
            repeat {
                let uri = "/api/v1/layers/storefronts?limit=6" + (cursor.map { "&cursor=\($0)" } ?? "")
                let doc = try await client.execute(uri: uri, method: .get) { try $0.json() }
                ids += doc["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                cursor = doc["nextCursor"]?.stringValue
            } while cursor != nil
            #expect(ids == (1...25).map { String(format: "S%02d", $0) })
            try await client.execute(uri: "/api/v1/layers/storefronts?cursor=%%%", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/layers/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/layers", method: .get) { response in
                let doc = try response.json()
                let counts = doc["layers"]?.arrayValue?.map { ($0["id"]?.stringValue ?? "", $0["count"]?.intValue ?? -1) } ?? []
                #expect(counts.first { $0.0 == "storefronts" }?.1 == 25)
                #expect(counts.count == Layer.allCases.count)
            }
        }
    }

    @Test func readsCanRequireAViewerToken() async throws {
        let app = Fixture.app(store: try Fixture.makeStore(), configuration: Fixture.configuration(readsRequireToken: true))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/ogc/collections", method: .get, headers: bearer(Fixture.viewer)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}

extension HTTPFields {
    static func + (a: HTTPFields, b: HTTPFields) -> HTTPFields {
        var out = a
        out.append(contentsOf: b)
        return out
    }
}
