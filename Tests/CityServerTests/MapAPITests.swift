import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// /api/v1/map over HTTP: the level chosen and the counts as the GeoJSON says them, the base and
/// the heat squares, and a bad bbox, zoom or status as a 400 naming the parameter (the counts
/// themselves are checked against brute force in CityQueryTests' CaseMapTests).
@Suite struct MapAPITests {
    static func store() throws -> CityStore {
        let store = try Fixture.makeStore()
        var batch = WriteBatch()
        for k in 0..<30 {
            batch.insert(StoredFeature(layer: .cases, id: "M\(k)", geometry: .point(Point(x: Double(20 * k), y: Double(10 * (k % 7)))),
                                       properties: Array(#"{"typeCode":"0103"}"#.utf8), category: "0103", status: k % 3 == 0 ? "closed" : "reported"))
        }
        try store.commit(batch)
        return store
    }

    static let box: String = {
        let a = Fixture.toLonLat(Point(x: -100, y: -100)), b = Fixture.toLonLat(Point(x: 1000, y: 1000))
        return "\(a.x),\(a.y),\(b.x),\(b.y)"
    }()

    @Test func casesAtEachLevel() async throws {
        let app = Fixture.app(store: try Self.store())
        try await app.test(.router) { client in
            let few = try await client.execute(uri: "/api/v1/map/cases?bbox=\(Self.box)&zoom=12", method: .get) { response in
                #expect(response.status == .ok)
                return try response.json()
            }
            #expect(few["level"] == "cases")
            #expect(few["numberMatched"] == 20)
            #expect(few["features"]?.arrayValue?.count == 20)
            let all = try await client.execute(uri: "/api/v1/map/cases?bbox=\(Self.box)&zoom=12&status=all", method: .get) { try $0.json() }
            #expect(all["numberMatched"] == 30)
            let heat = try await client.execute(uri: "/api/v1/map/heat?bbox=\(Self.box)&zoom=14&status=all", method: .get) { response in
                #expect(response.status == .ok)
                return try response.json()
            }
            let counts = heat["cells"]?.arrayValue?.compactMap { $0.arrayValue?[2].doubleValue } ?? []
            #expect(counts.reduce(0, +) == 30)
            try await client.execute(uri: "/api/v1/map/base?bbox=\(Self.box)&zoom=15", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: [("bbox=1,2,3&zoom=12", "bbox"), ("bbox=\(box)&zoom=40", "zoom"), ("bbox=\(box)", "zoom"),
                      ("zoom=12", "bbox"), ("bbox=\(box)&zoom=12&status=late", "status"), ("bbox=\(box)&zoom=12&crs=gcj02", "crs"),
                      ("bbox=-1e300,0,1e300,1&zoom=3&crs=working", "bbox"), ("bbox=\(box)&zoom=12&color=red", "color")])
    func badInputNamesTheParameter(query: String, parameter: String) async throws {
        let app = Fixture.app(store: try Self.store())
        try await app.test(.router) { client in
            for route in ["cases", "heat"] {
                try await client.execute(uri: "/api/v1/map/\(route)?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(route)?\(query)")
                    #expect(String(buffer: response.body).contains(parameter), "\(route)?\(query): \(String(buffer: response.body))")
                }
            }
        }
    }
}
