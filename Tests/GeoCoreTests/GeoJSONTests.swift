import Testing
@testable import GeoCore

@Suite struct GeoJSONTests {
    /// Shoelace written out here rather than taken from LinearRing, so orientation is checked independently.
    func twiceSignedArea(_ coordinates: JSONValue) -> Double {
        let pts = coordinates.arrayValue!.map { ($0[0]!.doubleValue!, $0[1]!.doubleValue!) }
        var s = 0.0
        for k in 0..<(pts.count - 1) { s += pts[k].0 * pts[k + 1].1 - pts[k + 1].0 * pts[k].1 }
        return s
    }

    @Test func readsAndWritesKnownText() throws {
        #expect(try Geometry(geoJSONString: #"{"type":"Point","coordinates":[121.47,31.23]}"#) == .point(Point(x: 121.47, y: 31.23)))
        #expect(try Geometry(geoJSONString: #"{"coordinates":[1,2,3],"type":"Point"}"#) == .point(Point(x: 1, y: 2, z: 3)))
        #expect(try Geometry(geoJSONString: #"{"type":"Point","coordinates":[1,2,3,4]}"#) == .point(Point(x: 1, y: 2, z: 3)))
        #expect(try Geometry(geoJSONString: #"{"type":"Point","coordinates":[]}"#) == .multiPoint(MultiPoint([])))
        let polygon = Samples.all.first { $0.name == "polygonHole" }!.geometry
        #expect(polygon.geoJSONString
            == #"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}"#)
        #expect(Geometry.point(Point(x: 1, y: 2, z: 0.5)).geoJSONString == #"{"type":"Point","coordinates":[1,2,0.5]}"#)
        #expect(Geometry.geometryCollection(GeometryCollection([.point(Point(x: 1, y: 2))])).geoJSONString
            == #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#)
    }

    @Test(arguments: Samples.all.map(\.name))
    func roundTripsEverySample(name: String) throws {
        let g = Samples.all.first { $0.name == name }!.geometry
        #expect(try Geometry(geoJSONString: g.geoJSONString) == g)
        #expect(try Geometry(geoJSON: g.geoJSON(rightHandRule: false)) == g)
    }

    @Test func appliesTheRightHandRuleUnlessAskedNotTo() throws {
        let clockwiseExterior = Samples.square.reversed()
        let counterClockwiseHole = Samples.hole.reversed()
        let g = Geometry.multiPolygon(MultiPolygon([Polygon(exterior: clockwiseExterior, holes: [counterClockwiseHole])]))
        let rings = g.geoJSON["coordinates"]![0]!
        #expect(twiceSignedArea(rings[0]!) > 0)
        #expect(twiceSignedArea(rings[1]!) < 0)
        let kept = g.geoJSON(rightHandRule: false)["coordinates"]![0]!
        #expect(twiceSignedArea(kept[0]!) < 0)
        #expect(twiceSignedArea(kept[1]!) > 0)
        // Same polygon, only re-oriented: the area is unchanged.
        #expect(try Geometry(geoJSON: g.geoJSON).area == g.area)
    }

    static let malformed: [(String, String, String)] = [
        (#"{"type":"Pointe","coordinates":[1,2]}"#, "type", "unknown geometry type"),
        (#"{"type":"Feature","geometry":null}"#, "type", "a geometry was expected"),
        (#"{"type":7,"coordinates":[1,2]}"#, "type", "must be a string"),
        (#"{"coordinates":[1,2]}"#, "", "missing member \"type\""),
        (#"{"type":"Point"}"#, "", "missing member \"coordinates\""),
        (#"[1,2]"#, "", "expected a geometry object"),
        (#"{"type":"Point","coordinates":"1 2"}"#, "coordinates", "expected an array"),
        (#"{"type":"Point","coordinates":[1]}"#, "coordinates", "at least 2 numbers"),
        (#"{"type":"LineString","coordinates":[[0,0],[1,"a"]]}"#, "coordinates[1][1]", "expected a number, found string"),
        (#"{"type":"LineString","coordinates":[[0,0]]}"#, "coordinates", "at least 2 points"),
        (#"{"type":"Polygon","coordinates":[[0,0],[1,0]]}"#, "coordinates[0][0]", "expected a position (an array of numbers), found number"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, "coordinates[0]", "not closed"),
        (#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[1,1],[2]]]]}"#,
         "coordinates[1][1][3]", "at least 2 numbers"),
        (#"{"type":"MultiPoint","coordinates":[[0,0],[true,1]]}"#, "coordinates[1][0]", "found boolean"),
        (#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},{"type":"Point","coordinates":[null,0]}]}"#,
         "geometries[1].coordinates[0]", "found null"),
        (#"{"type":"GeometryCollection"}"#, "", "missing member \"geometries\""),
    ]

    @Test(arguments: 0..<malformed.count)
    func rejectsMalformedGeometriesWithTheirPath(index: Int) {
        let (text, path, fragment) = Self.malformed[index]
        #expect {
            try Geometry(geoJSONString: text)
        } throws: { error in
            guard case .geoJSON(let message, let at) = error as? GeoCoreError else { return false }
            return at == path && message.contains(fragment)
        }
    }

    @Test func rejectsNonFiniteNumbers() {
        let built: JSONValue = ["type": "LineString", "coordinates": [[0, 0], [1, .number(.nan)]]]
        #expect(throws: GeoCoreError.nonFiniteCoordinate(value: "nan", location: .geoJSONPath("coordinates[1][1]"))) {
            try Geometry(geoJSON: built)
        }
        // As text, NaN is not JSON at all: the JSON parser says where.
        #expect(throws: GeoCoreError.json(message: "NaN and Infinity are not JSON numbers", byteOffset: 31)) {
            try Geometry(geoJSONString: #"{"type":"Point","coordinates":[NaN,1]}"#)
        }
    }

    @Test func collectionErrorsNameTheFeature() {
        let text = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":null,"properties":null},
          {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
          {"type":"Feature","id":3,"geometry":null,"properties":{"a":1}},
          {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],"x",[0,0]]]},"properties":{}}
        ]}
        """
        #expect(throws: GeoCoreError.geoJSON(message: "expected a position (an array of numbers), found string",
                                             path: "features[3].geometry.coordinates[0][2]")) {
            try FeatureCollection(geoJSONString: text)
        }
        #expect(throws: GeoCoreError.geoJSON(message: "a Feature id must be a string or a number, found object", path: "features[0].id")) {
            try FeatureCollection(geoJSONString: #"{"type":"FeatureCollection","features":[{"type":"Feature","id":{},"geometry":null}]}"#)
        }
        #expect(throws: GeoCoreError.geoJSON(message: "\"properties\" must be an object or null, found array", path: "properties")) {
            try Feature(geoJSONString: #"{"type":"Feature","geometry":null,"properties":[]}"#)
        }
        #expect(throws: GeoCoreError.self) { try FeatureCollection(geoJSONString: #"{"type":"Feature"}"#) }
        #expect(throws: GeoCoreError.self) { try FeatureCollection(geoJSONString: #"{"type":"FeatureCollection"}"#) }
    }

    @Test func featuresRoundTrip() throws {
        let polygon = Samples.all.first { $0.name == "polygonHole" }!.geometry
        let features = [
            Feature(id: "SH-HP-0001", geometry: polygon, properties: ["name": "南京东路", "cases": 3, "open": true, "tags": ["a", nil]]),
            Feature(id: 42, geometry: nil),
            Feature(geometry: .point(Point(x: 121.4737, y: 31.2304, z: 4.5)), properties: ["note": "line\nbreak \"quoted\""]),
        ]
        let collection = FeatureCollection(features: features)
        let text = collection.geoJSONString
        #expect(try FeatureCollection(geoJSONString: text) == collection)
        #expect(features[1].geoJSONString == #"{"type":"Feature","id":42,"geometry":null,"properties":{}}"#)
        // Properties keep their order on the way out.
        #expect(features[0].geoJSONString.contains(#""properties":{"name":"南京东路","cases":3,"open":true,"tags":["a",null]}"#))
    }

    /// What a streaming reader does: find the features array, then parse one feature at a time.
    @Test func streamsFeaturesOneByOne() throws {
        let collection = FeatureCollection(features: (0..<5).map { k in
            Feature(id: .number(Double(k)), geometry: .point(Point(x: Double(k), y: 1)))
        })
        let parser = JSONParser(collection.geoJSONString)
        var at = parser.bytes.firstIndex(of: UInt8(ascii: "["))! + 1
        var read: [Feature] = []
        while true {
            let (value, end) = try parser.parseValue(at: at)
            read.append(try Feature(geoJSON: value, path: "features[\(read.count)]"))
            at = parser.skipWhitespace(from: end)
            if parser.bytes[at] == UInt8(ascii: "]") { break }
            at += 1  // the comma
        }
        #expect(read == collection.features)
    }
}
