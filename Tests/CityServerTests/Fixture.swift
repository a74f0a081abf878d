import CityModel
import CityQuery
import CityServer
import CityStore
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// A small store whose answers are known by construction, and a transform whose inverse is exact:
/// one working-CRS metre is 1e-5 degree, origin at (121°E, 31°N).
enum Fixture {
    static func toLonLat(_ p: Point) -> Point { Point(x: 121 + p.x / 100_000, y: 31 + p.y / 100_000) }
    static func fromLonLat(_ p: Point) -> Point { Point(x: (p.x - 121) * 100_000, y: (p.y - 31) * 100_000) }

    /// A demonstration account's secret, name and roles; `app(store:)` puts the three below in the
    /// store, city-wide, as `citygrid users` would.
    struct AccessToken: Sendable {
        var token: String
        var name: String
        var roles: Set<Role>
    }

    static let viewer = AccessToken(token: "viewer-token-0123456789", name: "查看员", roles: [.viewer])
    static let officer = AccessToken(token: "officer-token-0123456789", name: "执法队员", roles: [.officer])
    static let admin = AccessToken(token: "admin-token-0123456789ab", name: "管理员", roles: [.admin])

    static func configuration(readsRequireToken: Bool = false, maxBodyBytes: Int = 4096) -> ServerConfiguration {
        ServerConfiguration(readsRequireToken: readsRequireToken, maxBodyBytes: maxBodyBytes)
    }

    static func square(_ x: Double, _ y: Double, _ size: Double) -> [Point] {
        [Point(x: x, y: y), Point(x: x + size, y: y), Point(x: x + size, y: y + size), Point(x: x, y: y + size), Point(x: x, y: y)]
    }

    /// Storefront k (1...25) sits at (97k, 61k) metres; licence valid for even k, floors k mod 3.
    static func storefrontPoint(_ k: Int) -> Point { Point(x: Double(97 * k), y: Double(61 * k)) }

    static func makeStore(in place: StorageBackend.Place? = nil) throws -> CityStore {
        let store = try CityStore(storage: place?.open() ?? CityDatabase.inMemory())
        var batch = WriteBatch()
        // Three grid cells: two adjacent kilometre squares and one far off.
        for (id, x) in [("G1", 0.0), ("G2", 1000.0), ("G3", 5000.0)] {
            let props = "{\"name\":\"网格\(id)\",\"street\":\"南京东路街道\"}"
            batch.insert(StoredFeature(layer: .grids, id: id, geometry: .polygon(Polygon(exterior: LinearRing(square(x, 0, 1000)))),
                                       properties: Array(props.utf8)))
        }
        for k in 1...25 {
            let props = "{\"name\":\"店\(k)\",\"licence\":\"\(k % 2 == 0 ? "valid" : "expired")\",\"floors\":\(k % 3)}"
            batch.insert(StoredFeature(layer: .storefronts, id: String(format: "S%02d", k), geometry: .point(storefrontPoint(k)),
                                       properties: Array(props.utf8), category: k % 2 == 0 ? "licensed" : "unlicensed"))
        }
        // A road crossing the box x 400...600, y 400...600 with no vertex inside it, and one far away.
        batch.insert(StoredFeature(layer: .roads, id: "R1", geometry: .lineString(LineString([Point(x: 0, y: 1000), Point(x: 1000, y: 0)])),
                                   properties: Array("{\"name\":\"中山东一路\"}".utf8)))
        batch.insert(StoredFeature(layer: .roads, id: "R2", geometry: .lineString(LineString([Point(x: 3000, y: 3000), Point(x: 4000, y: 3000)])),
                                   properties: Array("{\"name\":\"延安东路\"}".utf8)))
        // A parcel 0...1000 square with a hole 300...700.
        batch.insert(StoredFeature(layer: .parcels, id: "P1",
                                   geometry: .polygon(Polygon(exterior: LinearRing(square(0, 0, 1000)), holes: [LinearRing(square(300, 300, 400))])),
                                   properties: Array("{}".utf8)))
        try store.commit(batch)
        // Opened anew from the storage, so that reads go through what it gave back.
        return try place?.store() ?? store
    }

    /// The fixture's exact transform as the deployment's working-CRS pair.
    static let bridge = CoordinateBridge(toWorking: { fromLonLat($0) }, toLonLat: { toLonLat($0) })

    /// The queries the server answers, on the store.
    static func queries(_ store: CityStore, bridge: CoordinateBridge = bridge, photos: PhotoLibrary? = nil) -> CityQueries {
        try! CityQueries(store: store, bridge: bridge, configuration: limits, photos: photos)
    }

    /// Pages of ten, so that the fixture's 25 shops take three.
    static var limits: QueryConfiguration {
        var c = QueryConfiguration()
        c.defaultPageSize = 10
        return c
    }

    /// The server on `store`; its test client records what it answers (`RecordedApplication`).
    static func app(store: CityStore, configuration: ServerConfiguration = configuration(), metrics: MetricsRegistry = MetricsRegistry(),
                    bridge: CoordinateBridge = bridge) -> RecordedApplication<some ApplicationProtocol> {
        let queries = queries(store, bridge: bridge)
        seedAccounts(queries)
        return RecordedApplication(base: buildApplication(queries: queries, configuration: configuration, metrics: metrics))
    }

    /// The viewer, officer and admin accounts, city-wide, unless the store has them already.
    static func seedAccounts(_ queries: CityQueries) {
        for holder in [viewer, officer, admin] where queries.authenticate(secret: holder.token) == nil {
            _ = try! queries.addAccount(name: holder.name, unit: "测试", roles: holder.roles, areas: [.city], secret: holder.token,
                                        by: Caller.commandLine("test fixture"))
        }
    }
}

extension TestResponse {
    func json() throws -> JSONValue { try JSONValue(parsing: String(buffer: body)) }
    var text: String { String(buffer: body) }
}

func bearer(_ token: Fixture.AccessToken) -> HTTPFields { [.authorization: "Bearer \(token.token)"] }

/// The `href` of the link with this rel, if any.
func linkHref(_ document: JSONValue, rel: String) -> String? {
    document["links"]?.arrayValue?.first { $0["rel"]?.stringValue == rel }?["href"]?.stringValue
}

/// The path and query of an absolute link, for the router test client.
func pathAndQuery(_ href: String) -> String {
    guard let url = URL(string: href) else { return href }
    return url.path + (url.query.map { "?" + $0 } ?? "")
}
