import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// Encodings shared by the query routes: Codable answers as JSON, stored features as GeoJSON in
/// CRS84, pages as FeatureCollections with their counts and next cursor.
enum QueryEncoding {
    /// A Codable value as a JSONValue, so it can be embedded in a larger document: written by the
    /// family's encoder (`SortedJSONEncoder.city`, the store's too), so an answer and a stored
    /// entity spell keys, numbers and times alike.
    static func value<T: Encodable>(_ v: T) throws -> JSONValue {
        try JSONValue(parsing: SortedJSONEncoder.city.encode(v))
    }

    static func feature(_ f: CityFeature, _ transform: CoordinateBridge) throws -> JSONValue {
        try SelectedFeature(feature: f).geoJSON(transform: transform)
    }

    static func page(_ page: Page, _ transform: CoordinateBridge) throws -> JSONValue {
        var features: [JSONValue] = []
        for f in page.items { features.append(try feature(f, transform)) }
        var o: JSONObject = ["type": "FeatureCollection", "features": .array(features),
                             "numberMatched": .number(Double(page.numberMatched)),
                             "numberReturned": .number(Double(page.items.count))]
        o["nextCursor"] = page.nextCursor.map { .string(Cursor.token(after: $0)) } ?? .null
        return .object(o)
    }

    static func featureCollection(_ items: [(CityFeature, JSONObject)], _ transform: CoordinateBridge) throws -> JSONValue {
        var features: [JSONValue] = []
        for (f, extra) in items {
            var g = try feature(f, transform).objectValue ?? JSONObject()
            if var props = g["properties"]?.objectValue {
                for (k, v) in extra.members { props[k] = v }
                g["properties"] = .object(props)
            }
            features.append(.object(g))
        }
        return .object(["type": "FeatureCollection", "features": .array(features),
                        "numberMatched": .number(Double(items.count)), "numberReturned": .number(Double(items.count))])
    }
}

extension QueryParameters {
    /// A point from lon/lat (or x/y in the working CRS with crs=working).
    func point() throws(ServerError) -> (Point, InputCRS) {
        let crs: InputCRS
        do { crs = try InputCRS(parameter: self["crs"]) } catch {
            throw .invalidParameter(name: "crs", value: self["crs"] ?? "", reason: "expected wgs84, gcj02, bd09 or working")
        }
        let (xName, yName) = crs == .working ? ("x", "y") : ("lon", "lat")
        return (Point(x: try number(xName), y: try number(yName)), crs)
    }

    func number(_ name: String) throws(ServerError) -> Double {
        guard let text = self[name] else { throw .invalidParameter(name: name, value: "", reason: "required") }
        guard let v = Double(text), v.isFinite else { throw .invalidParameter(name: name, value: text, reason: "expected a finite number") }
        return v
    }

    func optionalNumber(_ name: String) throws(ServerError) -> Double? {
        self[name] == nil ? nil : try number(name)
    }

    /// A comma-separated set, e.g. type=0103,0104.
    func set(_ name: String) -> Set<String>? {
        self[name].map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
    }

    /// `properties`: the names of the properties a client wants, nil when it wants them all.
    /// Empty (`properties=`) asks for none; a name must be a plain word.
    func propertyNames() throws(ServerError) -> [String]? {
        guard let text = self["properties"] else { return nil }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if names == [""] { return [] }
        for name in names where name.isEmpty || name.count > 64 || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw .invalidParameter(name: "properties", value: text, reason: "expected comma-separated property names (letters, digits, _), got \"\(name)\"")
        }
        guard names.count <= 64 else { throw .invalidParameter(name: "properties", value: text, reason: "at most 64 names") }
        return names
    }

    func date(_ name: String) throws(ServerError) -> Date? {
        guard let text = self[name] else { return nil }
        guard let d = CityTime.parse(text) else {
            throw .invalidParameter(name: name, value: text, reason: "expected an RFC 3339 date-time or a date (YYYY-MM-DD, Shanghai time)")
        }
        return d
    }
}
