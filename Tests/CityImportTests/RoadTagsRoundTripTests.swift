import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import Testing

/// A road's one-way direction, bridge, tunnel and layer survive every way in and out: OSM-style
/// GeoJSON properties and GDAL's `other_tags`, a shapefile export that ogrinfo reads, and the
/// export imported again. Unknown layers stay unknown; a value that is neither is refused by field.
@Suite struct RoadTagsRoundTripTests {
    struct Expected: Equatable {
        var oneway: RoadOneway, bridge: Bool, tunnel: Bool, layer: Int?, highway: String
    }

    /// Five short ways near People's Square (CRS84), each with what its tags say.
    static let ways: [(id: String, properties: [String: JSONValue], expected: Expected)] = [
        ("w1", ["highway": "primary", "oneway": "yes", "bridge": "viaduct", "layer": 1],
         Expected(oneway: .forward, bridge: true, tunnel: false, layer: 1, highway: "primary")),
        ("w2", ["highway": "residential", "oneway": "-1", "tunnel": "yes", "layer": -1],
         Expected(oneway: .backward, bridge: false, tunnel: true, layer: -1, highway: "residential")),
        ("w3", ["highway": "trunk_link", "oneway": "no", "bridge": "yes"],
         Expected(oneway: .no, bridge: true, tunnel: false, layer: nil, highway: "trunk_link")),
        // GDAL's OSM driver keeps what it has no column for in other_tags.
        ("w4", ["highway": "secondary", "other_tags": #""oneway"=>"-1","bridge"=>"yes","layer"=>"2","surface"=>"asphalt""#],
         Expected(oneway: .backward, bridge: true, tunnel: false, layer: 2, highway: "secondary")),
        ("w5", ["highway": "tertiary", "other_tags": #""junction"=>"roundabout""#, "layer": 0],
         Expected(oneway: .forward, bridge: false, tunnel: false, layer: 0, highway: "tertiary")),
    ]

    static func geoJSON(_ ways: [(id: String, properties: [String: JSONValue], expected: Expected)]) -> String {
        let features = ways.enumerated().map { i, w -> JSONValue in
            let x = 121.47 + Double(i) * 0.001
            var properties = w.properties
            properties["osm_id"] = .string(w.id)
            properties["name"] = .string("路\(i)")
            return ["type": "Feature",
                    "geometry": ["type": "LineString", "coordinates": [[.number(x), 31.23], [.number(x), 31.231]]],
                    "properties": .object(JSONObject(properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))]
        }
        return JSONValue.object(["type": "FeatureCollection", "features": .array(features)]).jsonString
    }

    static func roads(_ store: CityStore) throws -> [String: Road] {
        try store.read { view in
            try Dictionary(uniqueKeysWithValues: view[.roads].features.values.map { ($0.id, try $0.decode(Road.self)) })
        }
    }

    static func check(_ roads: [String: Road], _ source: String) {
        #expect(roads.count == ways.count, "\(source)")
        for w in ways {
            let r = roads[w.id]
            let got = r.map { Expected(oneway: $0.oneway, bridge: $0.bridge, tunnel: $0.tunnel, layer: $0.layer, highway: $0.osmHighway) }
            #expect(got == w.expected, "\(source) \(w.id)")
        }
    }

    @Test func tagsSurviveGeoJSONShapefileOgrinfoAndBack() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        writeText(Self.geoJSON(Self.ways), to: dir + "/roads.geojson")
        let store = try memoryStore()
        try importLayer(.roads, dir + "/roads.geojson", into: store)
        Self.check(try Self.roads(store), "GeoJSON")

        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        for format in [LayerExporter.Format.shp, .geojson] {
            let path = dir + "/out/roads." + (format == .shp ? "shp" : "geojson")
            _ = try LayerExporter(provider: ProjCRSProvider()).export(.roads, from: store, format: format, to: path)
            // GDAL reads the columns as the schema names them, empty where the way says nothing.
            let read = Dictionary(uniqueKeysWithValues: try ogrFeatures(path).map { ($0["ROAD_ID"]!, $0) })
            for w in Self.ways {
                let f = try #require(read[w.id], "\(format) \(w.id)")
                let oneway = ["forward": "yes", "backward": "-1"][w.expected.oneway.rawValue] ?? "(null)"
                #expect(f["ONEWAY"] == oneway, "\(format) \(w.id) ONEWAY \(f["ONEWAY"] ?? "-")")
                #expect(f["BRIDGE"] == (w.expected.bridge ? "yes" : "(null)"), "\(format) \(w.id) BRIDGE")
                #expect(f["TUNNEL"] == (w.expected.tunnel ? "yes" : "(null)"), "\(format) \(w.id) TUNNEL")
                #expect(f["LAYER"] == (w.expected.layer.map(String.init) ?? "(null)"), "\(format) \(w.id) LAYER \(f["LAYER"] ?? "-")")
                #expect(f["CLASS"] == w.expected.highway, "\(format) \(w.id) CLASS")
            }
            let again = try memoryStore()
            try importLayer(.roads, path, into: again)
            Self.check(try Self.roads(again), "\(format) re-import")
        }
    }

    @Test(arguments: [
        (#"{"oneway":"sometimes"}"#, "ONEWAY"),
        (#"{"bridge":"perhaps"}"#, "BRIDGE"),
        (#"{"layer":"1.5"}"#, "LAYER"),
        (#"{"layer":9}"#, "LAYER"),
    ])
    func aValueThatIsNeitherIsRefusedByField(properties: String, field: String) throws {
        let dir = temporaryFolder("bad-\(field)-\(properties.count)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let extra = try JSONValue(parsing: properties).objectValue!
        var props: [String: JSONValue] = ["highway": "residential"]
        for (k, v) in extra { props[k] = v }
        writeText(Self.geoJSON([("w1", props, Self.ways[0].expected)]), to: dir + "/roads.geojson")
        let store = try memoryStore()
        do {
            try importLayer(.roads, dir + "/roads.geojson", into: store)
            Issue.record("\(properties) was accepted")
        } catch let error as CityImportError {
            let text = "\(error)"
            #expect(text.contains("roads.geojson") && text.contains("record 1") && text.contains(field), "\(text)")
        }
        #expect(store.read { $0[.roads].count } == 0)
    }
}
