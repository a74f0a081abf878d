import CityModel
import Foundation
import GeoCore

/// Where a subscriber watches: a geofence of the grid, of a road chief's patch, or drawn.
public enum EventArea: Sendable, Hashable {
    case cells(Set<String>)
    case subDistrict(String)
    case segments(Set<String>)
    case chief(String)
    case window(Envelope)
    case circle(center: Point, radiusMeters: Double)
    case polygon(Polygon)

    /// Whether a case or an officer at `point`, attributed to `attribution`, is in the area: by
    /// the attribution for the grid's and the chiefs' areas (a case belongs to one cell even on
    /// its edge), by the point for drawn ones.
    func contains(_ point: Point, attribution a: Attribution?) -> Bool {
        switch self {
        case .cells(let codes): return a?.gridCode.map { codes.contains($0.description) } ?? false
        case .subDistrict(let name): return a?.subDistrict == name || a?.gridCode.map { "\($0.district)-\(Self.pad($0.subDistrict))" == name } == true
        case .segments(let ids): return a?.segment.map { ids.contains($0.segmentID) } ?? false
        case .chief(let id): return a?.segment?.chiefID == id
        case .window(let e): return e.contains(point)
        case .circle(let centre, let r): return centre.distance(to: point) <= r
        case .polygon(let p): return Geometry.polygon(p).covers(point)
        }
    }

    static func pad(_ n: Int) -> String {
        let d = String(n)
        return String(repeating: "0", count: max(0, 3 - d.count)) + d
    }
}

/// `EventArea` as the JSON a subscription keeps (`Subscription.fence`), in the working CRS:
/// `{"cells":[…]}`, `{"subDistrict":"…"}`, `{"segments":[…]}`, `{"chief":"…"}`,
/// `{"window":[minX,minY,maxX,maxY]}`, `{"circle":[x,y,r]}`, `{"polygon":"WKT"}`.
extension EventArea {
    public var fenceJSON: String {
        let o: JSONObject
        switch self {
        case .cells(let codes): o = ["cells": .array(codes.sorted().map(JSONValue.string))]
        case .subDistrict(let name): o = ["subDistrict": .string(name)]
        case .segments(let ids): o = ["segments": .array(ids.sorted().map(JSONValue.string))]
        case .chief(let id): o = ["chief": .string(id)]
        case .window(let e): o = ["window": .array([e.minX, e.minY, e.maxX, e.maxY].map(JSONValue.number))]
        case .circle(let c, let r): o = ["circle": .array([c.x, c.y, r].map(JSONValue.number))]
        case .polygon(let p): o = ["polygon": .string(Geometry.polygon(p).wkt)]
        }
        return JSONValue.object(o).jsonString
    }

    public init(fenceJSON text: String) throws {
        let bad = CityQueryError.unprocessable(name: "fence", reason: "'\(text)' is not a stored fence")
        guard let v = try? JSONValue(parsing: Array(text.utf8)), let o = v.objectValue, let (key, value) = o.members.first else { throw bad }
        func numbers(_ n: Int) throws -> [Double] {
            guard let a = value.arrayValue?.compactMap(\.doubleValue), a.count == n else { throw bad }
            return a
        }
        switch key {
        case "cells": self = .cells(Set(value.arrayValue?.compactMap(\.stringValue) ?? []))
        case "subDistrict": guard let s = value.stringValue else { throw bad }; self = .subDistrict(s)
        case "segments": self = .segments(Set(value.arrayValue?.compactMap(\.stringValue) ?? []))
        case "chief": guard let s = value.stringValue else { throw bad }; self = .chief(s)
        case "window": let a = try numbers(4); self = .window(Envelope(minX: a[0], minY: a[1], maxX: a[2], maxY: a[3]))
        case "circle": let a = try numbers(3); self = .circle(center: Point(x: a[0], y: a[1]), radiusMeters: a[2])
        case "polygon":
            guard let wkt = value.stringValue, case .polygon(let p)? = try? Geometry(wkt: wkt) else { throw bad }
            self = .polygon(p)
        default: throw bad
        }
    }
}
