import CityModel
import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@Suite struct LayersAPITests {
    /// A valid storefront at (121.0123, 31.0045): 1230 m east, 450 m north in the fixture's CRS.
    static let newFeature = #"{"type":"Feature","id":"S99","geometry":{"type":"Point","coordinates":[121.0123,31.0045]},"properties":{"name":"新店","address":"南京东路100号","licenceStatus":"licensed","licenceNumber":"91310101MA1FL1234C","trade":"餐饮","flags":[]}}"#

    /// Two grid cells and a storefront and a case, as entities, so that the write path's entity
    /// checks and attribution have real zones to work on.
    static func entityStore(in place: StorageBackend.Place? = nil) throws -> CityStore {
        let store = try CityStore(storage: place?.open() ?? CityDatabase.inMemory())
        var batch = WriteBatch()
        for (k, x) in [(1, 0.0), (2, 1000.0)] {
            let cell = GridCell(code: try GridCode(parsing: "310101-001-001-000\(k)"), subDistrictName: "南京东路街道", communityName: "贵州东居委会",
                                polygon: Polygon(exterior: LinearRing(Fixture.square(x, 0, 1000))))
            batch.insert(try StoredFeature(cell))
        }
        batch.insert(try StoredFeature(Storefront(id: "S01", name: "老店", address: "福州路1号", licenceStatus: .unlicensed, trade: "零售",
                                                  point: Point(x: 100, y: 100))))
        try store.commit(batch)
        // Opened anew from the storage, so that reads go through what it gave back.
        return try place?.store() ?? store
    }

    @Test(arguments: StorageBackend.available)
    func writesNeedTheAdminRoleAndRefusalsChangeNothing(backend: StorageBackend) async throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let store = try Self.entityStore(in: place)
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
            #expect(store.read { $0[.storefronts].count } == 1)
            #expect(store.read { $0[.storefronts].feature(id: "S99") } == nil)

            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post, headers: json + bearer(Fixture.admin), body: body) { response in
                #expect(response.status == .created, "\(response.text)")
                #expect(response.headers[.location]?.hasSuffix("/api/v1/layers/storefronts/S99") == true)
            }
            // Stored as a storefront, in the working CRS, attributed to the cell it lies in.
            let stored = try #require(store.read { $0[.storefronts].feature(id: "S99") })
            let shop = try stored.decode(Storefront.self)
            #expect(abs(shop.point.x - 1230) < 1e-6 && abs(shop.point.y - 450) < 1e-6)
            #expect(shop.trade == "餐饮" && shop.licenceStatus == .licensed)
            #expect(shop.attribution?.gridCode?.description == "310101-001-001-0002")
            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post, headers: json + bearer(Fixture.admin), body: body) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/layers/storefronts/S99", method: .delete, headers: bearer(Fixture.admin)) { response in
                #expect(response.status == .noContent)
            }
            #expect(store.read { $0[.storefronts].count } == 1)
        }
    }

    /// What the domain refuses is refused by field, as an import would refuse it, and nothing is
    /// stored to fail later.
    @Test(arguments: [
        (#"{"type":"Feature","id":"S98","geometry":{"type":"Polygon","coordinates":[[[121.001,31.001],[121.002,31.001],[121.002,31.002],[121.001,31.001]]]},"properties":{"name":"店","address":"路1号","licenceStatus":"unlicensed","trade":"零售","flags":[]}}"#, 422, "geometry"),
        (#"{"type":"Feature","id":"S98","geometry":{"type":"Point","coordinates":[121.001,31.001]},"properties":{"name":"店","address":"路1号","licenceStatus":"unlicensed","flags":[]}}"#, 422, "properties.trade"),
        (#"{"type":"Feature","id":"S98","geometry":{"type":"Point","coordinates":[121.001,31.001]},"properties":{"name":"店","address":"路1号","licenceStatus":"maybe","trade":"零售","flags":[]}}"#, 422, "properties.licenceStatus"),
        (#"{"type":"Feature","id":"S98","geometry":{"type":"Point","coordinates":[121.001,31.001]},"properties":{"name":"","address":"路1号","licenceStatus":"unlicensed","trade":"零售","flags":[]}}"#, 422, "properties.name"),
        // Off every cell of the deployment (the fixture's cells cover 121.00–121.02 E, 31.00–31.01 N).
        (#"{"type":"Feature","id":"S98","geometry":{"type":"Point","coordinates":[140,31.001]},"properties":{"name":"店","address":"路1号","licenceStatus":"unlicensed","trade":"零售","flags":[]}}"#, 400, "geometry"),
    ])
    func entitiesTheDomainRefusesAreNamed(body: String, status: Int, field: String) async throws {
        let store = try Self.entityStore()
        let app = Fixture.app(store: store)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/layers/storefronts", method: .post,
                                     headers: [.contentType: "application/geo+json"] + bearer(Fixture.admin), body: ByteBuffer(string: body)) { response in
                #expect(Int(response.status.code) == status, "\(response.text)")
                let name = try response.json()["invalid-params"]?[0]?["name"]?.stringValue ?? ""
                #expect(name == field, "\(response.text)")
            }
        }
        #expect(store.read { $0[.storefronts].count } == 1)
    }

    /// Zone layers change by import; a case's status only through its transitions.
    @Test func zoneLayersAndTheWorkflowAreNotEditedHere() async throws {
        let store = try Self.entityStore()
        let app = Fixture.app(store: store)
        let headers: HTTPFields = [.contentType: "application/geo+json"] + bearer(Fixture.admin)
        try await app.test(.router) { client in
            let cell = #"{"type":"Feature","id":"310101-001-001-0003","geometry":{"type":"Polygon","coordinates":[[[121.03,31],[121.04,31],[121.04,31.01],[121.03,31]]]},"properties":{}}"#
            try await client.execute(uri: "/api/v1/layers/grids", method: .post, headers: headers, body: ByteBuffer(string: cell)) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("citygrid import"), "\(response.text)")
            }
            let report = #"{"type":"0103","lon":121.001,"lat":31.001}"#
            let id = try await client.execute(uri: "/api/v1/cases", method: .post, headers: [.contentType: "application/json"] + bearer(Fixture.officer),
                                              body: ByteBuffer(string: report)) { response in
                #expect(response.status == .created, "\(response.text)")
                return try response.json()["case"]?["id"]?.stringValue ?? ""
            }
            // The case as the layers API shows it, with the status changed: refused.
            let shown = try await client.execute(uri: "/api/v1/layers/cases/\(id)", method: .get) { try $0.json() }
            var properties = shown["properties"]?.objectValue ?? JSONObject()
            properties["status"] = "closed"
            let edited = JSONValue.object(["type": "Feature", "id": .string(id), "geometry": shown["geometry"] ?? .null, "properties": .object(properties)])
            try await client.execute(uri: "/api/v1/layers/cases/\(id)", method: .put, headers: headers, body: ByteBuffer(string: edited.jsonString)) { response in
                #expect(response.status == .conflict, "\(response.text)")
                #expect(response.text.contains("transitions"), "\(response.text)")
            }
            // The description may change; the status stays what the workflow made it.
            properties["status"] = "reported"
            properties["description"] = "补充：堆放于人行道"
            let described = JSONValue.object(["type": "Feature", "id": .string(id), "geometry": shown["geometry"] ?? .null, "properties": .object(properties)])
            try await client.execute(uri: "/api/v1/layers/cases/\(id)", method: .put, headers: headers, body: ByteBuffer(string: described.jsonString)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            let c = try #require(store.read { $0[.cases].feature(id: id) }).decode(ViolationCase.self)
            #expect(c.description == "补充：堆放于人行道" && c.status == .reported)
            try await client.execute(uri: "/api/v1/layers/cases/\(id)", method: .delete, headers: bearer(Fixture.admin)) { response in
                #expect(response.status == .conflict)
            }
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

    @Test(arguments: StorageBackend.available)
    func cursorPagesCoverTheLayerInIDOrder(backend: StorageBackend) async throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let store = try Fixture.makeStore(in: place)
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

    /// `properties=` sends only the named properties (what a map styles by), each equal to the full
    /// answer's; filters and pages work as without it; a malformed list is a 400 naming it.
    @Test func propertiesSendsOnlyTheNamedOnes() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            func features(_ uri: String) async throws -> [(id: String, geometry: JSONValue?, properties: JSONObject)] {
                let doc = try await client.execute(uri: uri, method: .get) { try $0.json() }
                return (doc["features"]?.arrayValue ?? []).map { ($0["id"]?.stringValue ?? "", $0["geometry"], $0["properties"]?.objectValue ?? [:]) }
            }
            let full = try await features("/api/v1/layers/storefronts?limit=100")
            let lean = try await features("/api/v1/layers/storefronts?limit=100&properties=category,name,nothere")
            #expect(full.count == 25 && lean.map(\.id) == full.map(\.id))
            for (f, l) in zip(full, lean) {
                #expect(l.geometry == f.geometry, "\(f.id)")
                #expect(l.properties == JSONObject(f.properties.filter { ["category", "name"].contains($0.key) }), "\(f.id): \(l.properties)")
                #expect(l.properties["category"] != nil && l.properties["name"] != nil && l.properties["floors"] == nil, "\(f.id)")
            }
            #expect(try await features("/api/v1/layers/storefronts?limit=100&properties=").allSatisfy { $0.properties.isEmpty })
            let unlicensed = try await features("/api/v1/layers/storefronts?limit=100&licence=expired&properties=name")
            #expect(!unlicensed.isEmpty && unlicensed.map(\.id) == full.filter { $0.properties["licence"]?.stringValue == "expired" }.map(\.id))
            let page = try await client.execute(uri: "/api/v1/layers/storefronts?limit=6&properties=name", method: .get) { try $0.json() }
            let next = page["links"]?.arrayValue?.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue ?? ""
            #expect(next.contains("properties=name"), "\(next)")
            try await client.execute(uri: "/api/v1/layers/storefronts?properties=name,bad%21", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("\"properties\""), "\(String(buffer: response.body))")
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
