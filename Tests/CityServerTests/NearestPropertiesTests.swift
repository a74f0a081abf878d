import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// `properties` on the nearest route: the same cases, in the same order, with the same geometry
/// and distance as the full answer, and of their properties exactly the ones named (the full
/// answer, filtered, is the truth).
@Suite struct NearestPropertiesTests {
    static func store() throws -> CityStore {
        let store = try Fixture.makeStore()
        var batch = WriteBatch()
        for k in 1...6 {
            // Nested objects, arrays and text with commas, quotes, braces and escapes: the member
            // boundaries the selection must find.
            let props = #"""
                {"description":"案件\#(k), \"引号\" {括号}","history":[{"at":"2026-11-0\#(k)","note":"a,b}]"}],"nested":{"k":[1,{"x":"]"}]},"typeCode":"010\#(k % 3)"}
                """#
            batch.insert(StoredFeature(layer: .cases, id: "C\(k)", geometry: .point(Point(x: Double(10 * k), y: 5)),
                                       properties: Array(props.utf8), category: "010\(k % 3)", status: k == 6 ? "closed" : "reported"))
        }
        try store.commit(batch)
        return store
    }

    static let origin = Fixture.toLonLat(Point(x: 0, y: 0))
    static let uri = "/api/v1/nearest?lon=\(origin.x)&lat=\(origin.y)&k=10"

    @Test(arguments: ["typeCode,history", "description", "", "nested,noSuchThing", "status,category"])
    func selectedPropertiesAreTheFullAnswerFiltered(names: String) async throws {
        let app = Fixture.app(store: try Self.store())
        try await app.test(.router) { client in
            let full = try await client.execute(uri: Self.uri, method: .get) { try $0.json() }
            let lean = try await client.execute(uri: Self.uri + "&properties=" + names, method: .get) { response in
                #expect(response.status == .ok)
                return try response.json()
            }
            let fullFeatures = try #require(full["features"]?.arrayValue)
            let leanFeatures = try #require(lean["features"]?.arrayValue)
            #expect(fullFeatures.count == 5)
            #expect(leanFeatures.map { $0["id"] } == fullFeatures.map { $0["id"] })
            let wanted = Set(names.split(separator: ",").map(String.init) + ["distanceMeters"])
            for (l, f) in zip(leanFeatures, fullFeatures) {
                #expect(l["geometry"] == f["geometry"])
                let expected = (f["properties"]?.objectValue ?? [:]).filter { wanted.contains($0.key) }
                #expect(l["properties"]?.objectValue.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key, $0.value) }) }
                        == Dictionary(uniqueKeysWithValues: expected.map { ($0.key, $0.value) }), "\(names)")
            }
        }
    }

    @Test(arguments: ["a,,b", "a b", "x\"y", String(repeating: "p,", count: 64) + "p"])
    func malformedNamesAreRefusedByName(names: String) async throws {
        let app = Fixture.app(store: try Self.store())
        try await app.test(.router) { client in
            let query = names.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? names
            try await client.execute(uri: Self.uri + "&properties=" + query, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("\"properties\""), "\(response.text)")
            }
        }
    }
}
