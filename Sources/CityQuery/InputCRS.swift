import GeoCore

/// The coordinate system a caller speaks: lon/lat in WGS84 by default, the Chinese web-map
/// offsets GCJ-02 (Amap, Tencent) and BD-09 (Baidu) that phones report, or the deployment's own
/// working CRS.
public enum InputCRS: String, Sendable, CaseIterable, Codable {
    case wgs84, gcj02, bd09, working

    public init(parameter value: String?, name: String = "crs") throws {
        guard let value, !value.isEmpty else { self = .wgs84; return }
        switch value.lowercased() {
        case "wgs84", "epsg:4326", "4326", "crs84", "epsg:4490", "4490", "cgcs2000": self = .wgs84
        case "gcj02", "gcj-02": self = .gcj02
        case "bd09", "bd-09": self = .bd09
        case "working": self = .working
        default:
            throw CityQueryError.badParameter(name: name, value: value, reason: "expected wgs84, gcj02, bd09 or working")
        }
    }
}

/// Conversions between the outside world's lon/lat and the working CRS, supplied by whoever
/// builds the queries (the CLI and the server hand in PROJ transforms), so this module needs no C.
public struct CoordinateBridge: Sendable {
    public let toWorking: @Sendable (Point) throws -> Point
    public let toLonLat: @Sendable (Point) throws -> Point

    public init(toWorking: @escaping @Sendable (Point) throws -> Point,
                toLonLat: @escaping @Sendable (Point) throws -> Point) {
        self.toWorking = toWorking
        self.toLonLat = toLonLat
    }

    /// The point in the working CRS from coordinates given in `crs`.
    /// `parameter` names the input in errors; by default the longitude (or x) the caller gave,
    /// as the query string and the CLI's first coordinate call it.
    public func working(_ p: Point, from crs: InputCRS, parameter: String? = nil) throws -> Point {
        let parameter = parameter ?? (crs == .working ? "x" : "lon")
        guard p.isFinite else {
            throw CityQueryError.badParameter(name: parameter, value: "\(p.x),\(p.y)", reason: "coordinates must be finite numbers")
        }
        let lonLat: Point
        switch crs {
        case .working: return p
        case .wgs84: lonLat = try checkedLonLat(p, parameter)
        case .gcj02: lonLat = ChinaOffsets.gcj02ToWGS84(try checkedLonLat(p, parameter))
        case .bd09: lonLat = ChinaOffsets.bd09ToWGS84(try checkedLonLat(p, parameter))
        }
        // A point the working CRS cannot represent (lon 25° in a zone at 120°E) is the caller's
        // error, said by name, not a failure of the server.
        let refused = CityQueryError.badParameter(
            name: parameter, value: "\(p.x),\(p.y)",
            reason: "is outside the deployment area: the deployment's coordinate system cannot represent it")
        guard lonLat.isFinite, let q = try? toWorking(lonLat), q.isFinite else { throw refused }
        return q
    }

    private func checkedLonLat(_ p: Point, _ parameter: String) throws -> Point {
        guard (-180...180).contains(p.x), (-90...90).contains(p.y) else {
            throw CityQueryError.badParameter(name: parameter, value: "\(p.x),\(p.y)",
                                              reason: "longitude must lie in -180…180 and latitude in -90…90")
        }
        return p
    }
}
