import Foundation
import GeoCore
import Testing
@testable import CityModel

@Suite struct CodingTests {
    func json<T: Encodable>(_ value: T) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }

    @Test func geometryIsWrittenAsGeoJSON() throws {
        let p = Parcel(number: "P1", landUse: .commercial, polygon: square(0, 0, 2))
        let object = try #require(try json(p) as? [String: Any])
        let polygon = try #require(object["polygon"] as? [String: Any])
        #expect(polygon["type"] as? String == "Polygon")
        #expect(polygon["coordinates"] as? [[[Double]]] == [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]])
        #expect(object["landUse"] as? String == "05")
        #expect(object["holder"] == nil)

        let shop = Storefront(id: "S", name: "n", address: "a", licenceStatus: .unlicensed, trade: "t", point: Point(x: 1, y: 2, z: 3))
        let shopObject = try #require(try json(shop) as? [String: Any])
        #expect((shopObject["point"] as? [String: Any])?["coordinates"] as? [Double] == [1, 2, 3])
    }

    /// A set's order changes from one process to the next; the stored flags must not.
    @Test func storefrontFlagsAreWrittenInDeclarationOrder() throws {
        var shop = Storefront(id: "S", name: "n", address: "a", licenceStatus: .unlicensed, trade: "t", point: Point(x: 1, y: 2))
        shop.flags = Set(StorefrontFlag.allCases.reversed())
        let object = try #require(try json(shop) as? [String: Any])
        #expect(object["flags"] as? [String] == StorefrontFlag.allCases.map(\.rawValue))
        shop.flags = [.nuisance, .wallBreaking]
        let encoded = try JSONEncoder().encode(shop)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""flags":["wallBreaking","nuisance"]"#))
        #expect(try JSONDecoder().decode(Storefront.self, from: encoded) == shop)
    }

    @Test func optionalGeometryMayBeNullOrAbsent() throws {
        let text = #"{"id":"S","name":"n","address":"a","licenceStatus":"unlicensed","trade":"t","#
            + #""point":{"type":"Point","coordinates":[1,2]},"flags":["wallBreaking"],"records":[]}"#
        let shop = try JSONDecoder().decode(Storefront.self, from: Data(text.utf8))
        #expect(shop.footprint == nil && shop.flags == [.wallBreaking] && shop.point == Point(x: 1, y: 2))
        let withNull = text.replacingOccurrences(of: #""records":[]"#, with: #""records":[],"footprint":null"#)
        #expect(try JSONDecoder().decode(Storefront.self, from: Data(withNull.utf8)) == shop)
        let wrongType = text.replacingOccurrences(of: #"{"type":"Point""#, with: #"{"type":"LineString""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Storefront.self, from: Data(wrongType.utf8)) }
    }

    @Test func everyEntityRoundTrips() throws {
        let line = LineString([Point(x: 0, y: 0), Point(x: 5, y: 5)])
        let cell = GridCell(code: code("310101-002-005-0012"), subDistrictName: "s", communityName: "c",
                            shape: MultiPolygon([square(0, 0, 1), Polygon(exterior: squareRing(5, 5, 4), holes: [squareRing(6, 6, 1)])]))
        #expect(try JSONDecoder().decode(GridCell.self, from: JSONEncoder().encode(cell)) == cell)
        let road = Road(id: "R", name: "n", roadClass: .trunk, centreline: MultiLineString([line, line]))
        #expect(try JSONDecoder().decode(Road.self, from: JSONEncoder().encode(road)) == road)
        let segment = RoadSegment(id: "S", roadName: "n", roadClass: .service, centreline: line)
        #expect(try JSONDecoder().decode(RoadSegment.self, from: JSONEncoder().encode(segment)) == segment)
        let red = RedLine(id: "L", roadName: "n", polygon: square(0, 0, 3), widthMeters: 30)
        #expect(try JSONDecoder().decode(RedLine.self, from: JSONEncoder().encode(red)) == red)
        var structure = IllegalStructure(id: "I", holder: "h", address: "a", footprint: square(0, 0, 3), status: .demolished(shanghai(2026, 1, 5)))
        try structure.append(DossierRecord(kind: .demolition, date: shanghai(2026, 1, 5), officer: "o", note: "拆除", attachments: ["a.pdf"]))
        #expect(try JSONDecoder().decode(IllegalStructure.self, from: JSONEncoder().encode(structure)) == structure)
        let chief = RoadChief(id: "c", name: "n", unit: "u", phone: "13800138000")
        #expect(try JSONDecoder().decode(RoadChief.self, from: JSONEncoder().encode(chief)) == chief)
    }
}
