import CityModel
import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// POST /api/v1/routes with bad input: every refusal is a 400 whose problem document names the
/// field (`start`, `end`, `stops[2].id`, `timeBudgetMinutes`) and says what is wrong in words.
@Suite struct RoutePlanningAPITests {
    /// Streets 200 m apart on a 400 m square (Fixture's transform: 1 m = 1e-5°, origin 121°E,
    /// 31°N), and a 100 m street 3 km away that joins none of them.
    static func store() throws -> CityStore {
        let store = try CityStore(database: CityDatabase.inMemory())
        var batch = WriteBatch()
        func road(_ id: String, _ a: Point, _ b: Point) throws {
            batch.insert(try StoredFeature(Road(id: id, name: "路\(id)", roadClass: .residential,
                                                centreline: MultiLineString([LineString([a, b])]))))
        }
        for k in 0...2 {
            let at = Double(k) * 200
            try road("H\(k)", Point(x: 0, y: at), Point(x: 400, y: at))
            try road("V\(k)", Point(x: at, y: 0), Point(x: at, y: 400))
        }
        try road("ISLAND", Point(x: 3000, y: 3000), Point(x: 3100, y: 3000))
        try store.commit(batch)
        return store
    }

    /// A point `x`, `y` metres from the origin, as the API's {lon, lat}.
    static func at(_ x: Double, _ y: Double) -> String {
        let p = Fixture.toLonLat(Point(x: x, y: y))
        return #"{"lon":\#(p.x),"lat":\#(p.y)}"#
    }

    static func stop(_ id: String, _ x: Double, _ y: Double) -> String {
        let p = Fixture.toLonLat(Point(x: x, y: y))
        return #"{"id":"\#(id)","lon":\#(p.x),"lat":\#(p.y)}"#
    }

    @Test func everyBadInputIsA400NamingItsField() async throws {
        let app = Fixture.app(store: try Self.store())
        let json: HTTPFields = [.contentType: "application/json"]
        let two = "[\(Self.stop("a", 200, 100)), \(Self.stop("b", 300, 200))]"
        let cases: [(body: String, field: String, says: String)] = [
            // 0°, 0° is thousands of kilometres from any street.
            (#"{"start":{"lon":0,"lat":0},"stops":\#(two)}"#, "start", "km from the nearest street"),
            (#"{"start":\#(Self.at(0, 0)),"end":{"lon":0,"lat":0},"stops":\#(two)}"#, "end", "km from the nearest street"),
            (#"{"start":\#(Self.at(0, 0)),"stops":[\#(Self.stop("a", 200, 100)),\#(Self.stop("far", 900, 900))]}"#, "stops[1]", "m from the nearest street"),
            (#"{"start":\#(Self.at(0, 0)),"stops":[\#(Self.stop("b", 200, 100)),\#(Self.stop("a", 300, 200)),\#(Self.stop("a", 0, 300))]}"#,
             "stops[2].id", "also the id of stops[1]"),
            // A start on the island reaches none of the stops, which reach one another.
            (#"{"start":\#(Self.at(3050, 3000)),"stops":\#(two)}"#, "start", "reaches none of the stops"),
            (#"{"start":\#(Self.at(0, 0)),"end":\#(Self.at(3050, 3000)),"stops":\#(two)}"#, "end", "cannot be reached from the start"),
            (#"{"start":\#(Self.at(0, 0)),"stops":{}}"#, "stops", "non-empty array"),
            (#"{"start":\#(Self.at(0, 0)),"stops":[]}"#, "stops", "non-empty array"),
            (#"{"start":\#(Self.at(0, 0)),"stops":[\#(Self.stop("a", 200, 100)),{"id":"x","lon":500,"lat":31}]}"#, "stops[1]", "longitude"),
            (#"{"start":\#(Self.at(0, 0)),"stops":[\#(Self.stop("a", 200, 100)),{"id":["x"],"lon":121,"lat":31}]}"#, "stops[1].id", "string"),
            (#"{"start":\#(Self.at(0, 0)),"stops":\#(two),"timeBudgetMinutes":0}"#, "timeBudgetMinutes", "more than 0"),
            (#"{"start":\#(Self.at(0, 0)),"stops":\#(two),"timeBudgetMinutes":"60"}"#, "timeBudgetMinutes", "a number"),
            (#"{"start":\#(Self.at(0, 0)),"stops":\#(two),"mode":"horse"}"#, "mode", "foot"),
            (#"{"start":\#(Self.at(0, 0)),"bbox":[1,2,3]}"#, "bbox", "minLon"),
            (#"{"start":\#(Self.at(0, 0)),"grid":"G1","stops":\#(two)}"#, "stops", "only one of"),
        ]
        try await app.test(.router) { client in
            for c in cases {
                try await client.execute(uri: "/api/v1/routes", method: .post, headers: json, body: ByteBuffer(string: c.body)) { response in
                    #expect(response.status == .badRequest, "\(c.body): \(response.text)")
                    let problem = try response.json()
                    let params = problem["invalid-params"]?.arrayValue ?? []
                    #expect(params.map { $0["name"]?.stringValue } == [c.field], "\(c.body): \(response.text)")
                    let reason = params.first?["reason"]?.stringValue ?? ""
                    #expect(reason.contains(c.says), "\(c.body): \(reason)")
                    // In words: no Swift value such as unreachableEndpoint(function: "route", …).
                    #expect(!reason.contains("function:") && !reason.contains("("), "\(reason)")
                }
            }
            // The same stops from a start on the streets: a route through both.
            try await client.execute(uri: "/api/v1/routes", method: .post, headers: json,
                                     body: ByteBuffer(string: #"{"start":\#(Self.at(0, 0)),"stops":\#(two)}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let order = try response.json()["features"]?[0]?["properties"]?["order"]?.arrayValue?.compactMap(\.stringValue)
                #expect(Set(order ?? []) == ["a", "b"])
            }
        }
    }
}
