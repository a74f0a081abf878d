internal import CPROJ
import Foundation
import GeoCore

/// A coordinate reference system, as a value: the definition text PROJ accepts plus PROJ's name
/// for it. Checked against PROJ when made, so a `CoordinateSystem` always names something real.
///
/// Besides what PROJ knows, two Chinese web-map systems are supported: GCJ-02 (Amap/Gaode,
/// Tencent) and BD-09 (Baidu). They are not datums but obfuscating offsets of WGS84 longitude and
/// latitude, applied by GeoCore's `ChinaOffsets` around the PROJ step of a `Transform`.
public struct CoordinateSystem: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        /// Text PROJ's `proj_create` accepts.
        case proj(String)
        case gcj02
        case bd09
    }

    let kind: Kind
    /// PROJ's name for the system ("CGCS2000 / 3-degree Gauss-Kruger CM 120E"), or "GCJ-02"/"BD-09".
    public let name: String
    /// True for longitude/latitude systems (x is longitude in degrees).
    public let isGeographic: Bool

    /// WGS 84 longitude/latitude (EPSG:4326, with x = longitude after normalisation): the outside
    /// world's system, GPS and GeoJSON.
    public static let wgs84 = CoordinateSystem(kind: .proj("EPSG:4326"), name: "WGS 84", isGeographic: true)
    /// CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549): CityGrid's working system, metres.
    public static let cgcs2000GK120 = CoordinateSystem(
        kind: .proj("EPSG:4549"), name: "CGCS2000 / 3-degree Gauss-Kruger CM 120E", isGeographic: false)
    /// The system CityGrid stores and measures in.
    public static let working = cgcs2000GK120
    public static let gcj02 = CoordinateSystem(kind: .gcj02, name: "GCJ-02", isGeographic: true)
    public static let bd09 = CoordinateSystem(kind: .bd09, name: "BD-09", isGeographic: true)

    init(kind: Kind, name: String, isGeographic: Bool) {
        self.kind = kind
        self.name = name
        self.isGeographic = isGeographic
    }

    /// The system with this EPSG code, e.g. 4549 or 32651.
    public init(epsg code: Int) throws {
        try self.init(checking: "EPSG:\(code)", input: "EPSG:\(code)")
    }

    /// Reads any of: an EPSG code ("4549", "EPSG:4549", "epsg:4549"); the names "wgs84",
    /// "crs84" (both longitude/latitude WGS 84), "gcj02", "bd09"; a PROJ string ("+proj=utm
    /// +zone=51 +datum=WGS84"); OGC WKT 1 or 2, or ESRI WKT as found in a shapefile's .prj
    /// (PROJ ≥ 6 recognises the dialect by itself); or an "AUTHORITY:CODE" PROJ knows.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed.lowercased() {
        case "wgs84", "wgs 84", "epsg:4326", "4326": self = .wgs84; return
        case "crs84", "ogc:crs84": try self.init(checking: "OGC:CRS84", input: trimmed); return
        case "gcj02", "gcj-02": self = .gcj02; return
        case "bd09", "bd-09": self = .bd09; return
        default: break
        }
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) {
            try self.init(checking: "EPSG:\(trimmed)", input: trimmed)
        } else if trimmed.hasPrefix("+") || trimmed.hasPrefix("proj=") {
            // A bare PROJ string describes an operation unless it says it is a CRS; cs2cs reads
            // it as a CRS, and so do we.
            let definition = trimmed.contains("type=crs") ? trimmed : trimmed + " +type=crs"
            try self.init(checking: definition, input: trimmed)
        } else {
            try self.init(checking: trimmed, input: trimmed)
        }
    }

    private init(checking definition: String, input: String) throws {
        guard !definition.isEmpty else {
            throw ProjError.invalidCoordinateSystem(input: input, message: "empty definition")
        }
        let context = ProjContext()
        let object = try context.object({ proj_create($0, definition) }) {
            ProjError.invalidCoordinateSystem(input: input, message: $0)
        }
        guard proj_is_crs(object.pointer) != 0 else {
            throw ProjError.invalidCoordinateSystem(input: input, message: "defines an operation, not a coordinate system")
        }
        let type = proj_get_type(object.pointer)
        self.kind = .proj(definition)
        self.name = proj_get_name(object.pointer).map { String(cString: $0) } ?? definition
        self.isGeographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
    }

    /// The text PROJ is given: the definition for PROJ systems, "EPSG:4326" for the web-map
    /// offsets (whose PROJ step runs in WGS 84).
    public var definition: String {
        switch kind {
        case .proj(let text): text
        case .gcj02, .bd09: "EPSG:4326"
        }
    }

    public var description: String {
        switch kind {
        case .proj(let text): "\(name) (\(ProjError.abbreviated(text)))"
        case .gcj02, .bd09: name
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
