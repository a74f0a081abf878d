import CityModel
import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OGCTests {
    @Test func landingPageLinksTheFourResources() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let doc = try response.json()
                let links = doc["links"]?.arrayValue ?? []
                let byRel = Dictionary(links.map { ($0["rel"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                #expect(Set(byRel.keys) == ["self", "service-desc", "conformance", "data"])
                #expect(byRel["service-desc"]?["href"]?.stringValue?.hasSuffix("/openapi.json") == true)
                #expect(byRel["service-desc"]?["type"]?.stringValue == "application/vnd.oai.openapi+json;version=3.1")
                #expect(byRel["data"]?["href"]?.stringValue?.hasSuffix("/ogc/collections") == true)
            }
        }
    }

    /// Core, GeoJSON, Part 2's CRS, Part 3's filters with the CQL2 classes offered; not oas30: the definition is OpenAPI 3.1, and the class requires 3.0.
    @Test func conformanceDeclaresWhatIsOffered() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/conformance", method: .get) { response in
                let classes = Set(try response.json()["conformsTo"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                #expect(classes == [
                    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
                    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
                    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                ])
            }
        }
    }

    @Test func collectionsListEveryLayerWithItsCRS84Extent() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections", method: .get) { response in
                let collections = try response.json()["collections"]?.arrayValue ?? []
                #expect(collections.compactMap { $0["id"]?.stringValue } == Layer.allCases.map(\.rawValue))
                let grids = try #require(collections.first { $0["id"] == "grids" })
                #expect(grids["title"]?.stringValue == "单元网格")
                #expect(grids["description"]?.stringValue == "Grid cells")
                // Grid cells span x 0...6000 m, y 0...1000 m: 121...121.06°E, 31...31.01°N.
                let bbox = try #require(grids["extent"]?["spatial"]?["bbox"]?[0]?.arrayValue?.compactMap { $0.doubleValue })
                for (got, want) in zip(bbox, [121.0, 31.0, 121.06, 31.01]) { #expect(abs(got - want) < 1e-9) }
                #expect(linkHref(grids, rel: "items")?.hasSuffix("/ogc/collections/grids/items") == true)
                #expect(collections.first { $0["id"] == "cases" }?["extent"] == nil, "an empty layer has no extent")
            }
            try await client.execute(uri: "/ogc/collections/roads", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"]) { response in
                #expect(response.status == .ok)
                let doc = try response.json()
                #expect(doc["title"]?.stringValue == "Roads")
            }
        }
    }

    @Test func bboxSelectsExactlyThePointsInside() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        // Storefront k is at (97k, 61k) m = (121 + 97k/1e5, 31 + 61k/1e5)°; the box spans x 500...1500 m, y 300...1200 m.
        let expected = (1...25).filter { k in (500...1500).contains(97 * k) && (300...1200).contains(61 * k) }
            .map { String(format: "S%02d", $0) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections/storefronts/items?bbox=121.005,31.003,121.015,31.012&limit=100", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let doc = try response.json()
                let ids = doc["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids == expected)
                #expect(doc["numberMatched"]?.intValue == expected.count)
                #expect(doc["numberReturned"]?.intValue == expected.count)
                #expect(doc["timeStamp"]?.stringValue?.hasSuffix("+08:00") == true)   // one clock: Shanghai time
                let first = try #require(doc["features"]?[0])
                let k = Int(expected[0].dropFirst())!
                let coordinates = first["geometry"]?["coordinates"]?.arrayValue?.compactMap(\.doubleValue) ?? []
                #expect(coordinates.count == 2)
                #expect(abs(coordinates[0] - (121 + Double(97 * k) / 1e5)) < 1e-8)
                #expect(abs(coordinates[1] - (31 + Double(61 * k) / 1e5)) < 1e-8)
            }
        }
    }

    @Test func bboxIsExactForLinesAndPolygonHoles() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            // x 400...600, y 400...600: R1 (x + y = 1000) crosses it with no vertex inside; the box
            // lies in P1's hole (300...700), so P1 does not meet it.
            let box = "121.004,31.004,121.006,31.006"
            try await client.execute(uri: "/ogc/collections/roads/items?bbox=\(box)", method: .get) { response in
                let doc = try response.json()
                #expect(doc["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["R1"])
            }
            try await client.execute(uri: "/ogc/collections/parcels/items?bbox=\(box)", method: .get) { response in
                let doc = try response.json()
                #expect(doc["numberMatched"]?.intValue == 0)
            }
            // x 100...200, y 100...200: inside P1's ring, no edge crossing: P1 meets it. R1 (x + y =
            // 1000) does not, though its envelope covers the box.
            let inner = "121.001,31.001,121.002,31.002"
            try await client.execute(uri: "/ogc/collections/parcels/items?bbox=\(inner)", method: .get) { response in
                let doc = try response.json()
                #expect(doc["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["P1"])
            }
            try await client.execute(uri: "/ogc/collections/roads/items?bbox=\(inner)", method: .get) { response in
                let doc = try response.json()
                #expect(doc["numberMatched"]?.intValue == 0)
            }
        }
    }

    @Test func nextLinksWalkEveryFeatureOnce() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            var uri: String? = "/ogc/collections/storefronts/items?limit=7"
            var ids: [String] = []
            var pages = 0
            while let next = uri {
                let doc = try await client.execute(uri: next, method: .get) { try $0.json() }
                #expect(doc["numberMatched"]?.intValue == 25)
                ids += doc["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                if pages > 0 { #expect(linkHref(doc, rel: "prev") != nil) } else { #expect(linkHref(doc, rel: "prev") == nil) }
                let links = doc["links"]?.arrayValue ?? []
                #expect(links.allSatisfy { $0["type"]?.stringValue == ($0["rel"] == "collection" ? "application/json" : "application/geo+json") })
                uri = linkHref(doc, rel: "next").map(pathAndQuery)
                pages += 1
            }
            #expect(pages == 4)
            #expect(ids == (1...25).map { String(format: "S%02d", $0) })
            try await client.execute(uri: "/ogc/collections/storefronts/items?limit=5&offset=20", method: .get) { response in
                let doc = try response.json()
                #expect(doc["numberReturned"]?.intValue == 5)
                #expect(linkHref(doc, rel: "next") == nil)
            }
        }
    }

    @Test func propertyFiltersCompareByJSONType() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections/storefronts/items?licence=valid&limit=100", method: .get) { response in
                let ids = try response.json()["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids == (1...25).filter { $0 % 2 == 0 }.map { String(format: "S%02d", $0) })
            }
            try await client.execute(uri: "/ogc/collections/storefronts/items?floors=2&licence=expired&limit=100", method: .get) { response in
                let ids = try response.json()["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids == (1...25).filter { $0 % 3 == 2 && $0 % 2 == 1 }.map { String(format: "S%02d", $0) })
            }
            // A Chinese value, percent-encoded, and the store's category column exposed as a property.
            try await client.execute(uri: "/ogc/collections/storefronts/items?name=%E5%BA%977", method: .get) { response in
                let features = try response.json()["features"]?.arrayValue ?? []
                #expect(features.compactMap { $0["id"]?.stringValue } == ["S07"])
                #expect(features.first?["properties"]?["category"] == "unlicensed")
            }
        }
    }

    @Test func singleItemAndNotFound() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections/grids/items/G2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let doc = try response.json()
                #expect(doc["id"] == "G2")
                #expect(doc["properties"]?["street"] == "南京东路街道")
                #expect(doc["geometry"]?["type"] == "Polygon")
                #expect(linkHref(doc, rel: "self")?.hasSuffix("/ogc/collections/grids/items/G2") == true)
                let ring = doc["geometry"]?["coordinates"]?[0]?.arrayValue ?? []
                let lons = ring.compactMap { $0[0]?.doubleValue }
                #expect(abs(lons.min()! - 121.01) < 1e-9 && abs(lons.max()! - 121.02) < 1e-9)
            }
            for uri in ["/ogc/collections/grids/items/G9", "/ogc/collections/nothing/items", "/ogc/collections/nothing", "/ogc/nowhere"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let doc = try response.json()
                    #expect(doc["status"]?.intValue == 404)
                }
            }
        }
    }

    @Test(arguments: [
        ("bbox=1,2,3", "bbox"), ("bbox=121,31,abc,32", "bbox"), ("bbox=121,32,122,31", "bbox"), ("bbox=121,31,122,95", "bbox"),
        ("bbox=nan,31,122,32", "bbox"), ("limit=0", "limit"), ("limit=10001", "limit"), ("limit=ten", "limit"),
        ("limit=-5", "limit"), ("offset=-1", "offset"), ("limit=5&limit=6", "limit"), ("crs=EPSG:4326", "crs"), ("f=xml", "f"), ("nosuchproperty=1", "nosuchproperty"),
    ])
    func malformedParametersAreProblems(query: String, parameter: String) async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/ogc/collections/grids/items?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let doc = try response.json()
                #expect(doc["type"]?.stringValue == "urn:citygrid:problem:invalid-parameter")
                #expect(doc["title"] != nil && doc["detail"] != nil)
                #expect(doc["status"]?.intValue == 400)
                #expect(doc["invalid-params"]?[0]?["name"]?.stringValue == parameter)
            }
        }
    }
}
