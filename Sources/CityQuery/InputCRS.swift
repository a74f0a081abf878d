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

/// A coordinate system features can be served in and boxes given in, by its OGC URI
/// (`http://www.opengis.net/def/crs/EPSG/0/4490`), with the transforms from and to the working
/// CRS in the axis order its authority defines (latitude first for EPSG:4326 and 4490, northing
/// first for EPSG:4549): `bridge.toLonLat` is working → this system, `bridge.toWorking` the reverse.
public struct ServedCRS: Sendable {
    public let uri: String
    public let isGeographic: Bool
    public let bridge: CoordinateBridge

    public init(uri: String, isGeographic: Bool, bridge: CoordinateBridge) {
        self.uri = uri
        self.isGeographic = isGeographic
        self.bridge = bridge
    }
}

/// Conversions between the outside world's lon/lat and the working CRS, supplied by whoever
/// builds the queries (the CLI and the server hand in PROJ transforms), so this module needs no C.
public struct CoordinateBridge: Sendable {
    public let toWorking: @Sendable (Point) throws -> Point
    public let toLonLat: @Sendable (Point) throws -> Point
    /// Other systems features are served in (OGC API – Features Part 2), beside CRS84 which this
    /// bridge is; empty when whoever built the bridge offers none.
    public let served: [ServedCRS]
    /// The URI of the working CRS, when it is among `served`: the OGC API's `storageCrs`.
    public let storageCRS: String?

    public init(toWorking: @escaping @Sendable (Point) throws -> Point,
                toLonLat: @escaping @Sendable (Point) throws -> Point,
                served: [ServedCRS] = [], storageCRS: String? = nil) {
        self.toWorking = toWorking
        self.toLonLat = toLonLat
        self.served = served
        self.storageCRS = storageCRS
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
