import GeoCore

/// A GeoCore value that CityModel entities can encode. GeoCore's values are plain geometry and
/// carry no `Codable` conformance; CityModel does not add one retroactively (GeoCore may add its
/// own one day, and two would clash), so entities wrap their geometry in `GeoJSONCoded`.
/// The encoded form is an RFC 7946 geometry object, `{"type": "Polygon", "coordinates": …}`,
/// in whatever CRS the entity is kept in (the deployment's metric CRS).
public protocol GeoJSONGeometryCodable: Hashable, Sendable {
    static func decodeGeoJSON(from decoder: any Decoder) throws -> Self
    func encodeGeoJSON(to encoder: any Encoder) throws
}

/// Wraps a geometry property so that the entity's synthesised `Codable` writes GeoJSON.
@propertyWrapper
public struct GeoJSONCoded<Value: GeoJSONGeometryCodable>: Codable, Hashable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public init(from decoder: any Decoder) throws { wrappedValue = try Value.decodeGeoJSON(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try wrappedValue.encodeGeoJSON(to: encoder) }
}

/// A point's GeoJSON as a member list, so that a shop's point (a million of them in an import)
/// goes straight into the store's encoder; the bytes are those of `encode(to:)`'s keyed
/// container, `{"coordinates":[x,y],"type":"Point"}`.
extension GeoJSONCoded: JSONMembers where Value == Point {
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("coordinates", position(wrappedValue))
        try w.member("type", "Point")
    }
}

extension KeyedDecodingContainer {
    /// An optional geometry may be absent as well as null (synthesised decoding would demand the key).
    public func decode<G>(_ type: GeoJSONCoded<G?>.Type, forKey key: Key) throws -> GeoJSONCoded<G?> {
        try decodeIfPresent(type, forKey: key) ?? GeoJSONCoded(wrappedValue: nil)
    }
}

extension Optional: GeoJSONGeometryCodable where Wrapped: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> Self {
        if try decoder.singleValueContainer().decodeNil() { return nil }
        return try Wrapped.decodeGeoJSON(from: decoder)
    }

    public func encodeGeoJSON(to encoder: any Encoder) throws {
        if let value = self { try value.encodeGeoJSON(to: encoder) } else {
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }
}

private enum GeoJSONKeys: String, CodingKey { case type, coordinates }

private func decodeObject<C: Decodable>(_ decoder: any Decoder, type: String, as: C.Type) throws -> C {
    let container = try decoder.container(keyedBy: GeoJSONKeys.self)
    let found = try container.decode(String.self, forKey: .type)
    guard found == type else {
        throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                               debugDescription: "expected GeoJSON type \(type), found \(found)")
    }
    return try container.decode(C.self, forKey: .coordinates)
}

private func encodeObject<C: Encodable>(_ encoder: any Encoder, type: String, coordinates: C) throws {
    var container = encoder.container(keyedBy: GeoJSONKeys.self)
    try container.encode(type, forKey: .type)
    try container.encode(coordinates, forKey: .coordinates)
}

private func position(_ p: Point) -> [Double] { p.z.map { [p.x, p.y, $0] } ?? [p.x, p.y] }

private func point(_ a: [Double], _ decoder: any Decoder) throws -> Point {
    guard a.count == 2 || a.count == 3 else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "a position has 2 or 3 numbers, found \(a.count)"))
    }
    return Point(x: a[0], y: a[1], z: a.count == 3 ? a[2] : nil)
}

private func ringPositions(_ p: Polygon) -> [[[Double]]] { p.rings.map { $0.points.map(position) } }

private func polygon(_ a: [[[Double]]], _ decoder: any Decoder) throws -> Polygon {
    let rings = try a.map { LinearRing(try $0.map { try point($0, decoder) }) }
    guard let exterior = rings.first else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "a polygon needs an exterior ring"))
    }
    return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
}

extension Point: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> Point {
        try point(decodeObject(decoder, type: "Point", as: [Double].self), decoder)
    }
    public func encodeGeoJSON(to encoder: any Encoder) throws {
        try encodeObject(encoder, type: "Point", coordinates: position(self))
    }
}

extension LineString: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> LineString {
        LineString(try decodeObject(decoder, type: "LineString", as: [[Double]].self).map { try point($0, decoder) })
    }
    public func encodeGeoJSON(to encoder: any Encoder) throws {
        try encodeObject(encoder, type: "LineString", coordinates: points.map(position))
    }
}

extension MultiLineString: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> MultiLineString {
        let parts = try decodeObject(decoder, type: "MultiLineString", as: [[[Double]]].self)
        return MultiLineString(try parts.map { LineString(try $0.map { try point($0, decoder) }) })
    }
    public func encodeGeoJSON(to encoder: any Encoder) throws {
        try encodeObject(encoder, type: "MultiLineString", coordinates: lineStrings.map { $0.points.map(position) })
    }
}

extension Polygon: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> Polygon {
        try polygon(decodeObject(decoder, type: "Polygon", as: [[[Double]]].self), decoder)
    }
    public func encodeGeoJSON(to encoder: any Encoder) throws {
        try encodeObject(encoder, type: "Polygon", coordinates: ringPositions(self))
    }
}

extension MultiPolygon: GeoJSONGeometryCodable {
    public static func decodeGeoJSON(from decoder: any Decoder) throws -> MultiPolygon {
        let parts = try decodeObject(decoder, type: "MultiPolygon", as: [[[[Double]]]].self)
        return MultiPolygon(try parts.map { try polygon($0, decoder) })
    }
    public func encodeGeoJSON(to encoder: any Encoder) throws {
        try encodeObject(encoder, type: "MultiPolygon", coordinates: polygons.map(ringPositions))
    }
}
