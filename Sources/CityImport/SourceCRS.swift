import Foundation
import GeoCore

/// What a layer's coordinates are in: a definition PROJ reads (`EPSG:4549`, a PROJ string, OGC or
/// ESRI WKT from a .prj), or lon/lat with one of the Chinese web-map offsets, which PROJ does not
/// know and GeoCore's `ChinaOffsets` removes before PROJ takes the WGS84 result on.
public enum SourceCRS: Hashable, Sendable, CustomStringConvertible {
    case definition(String)
    case gcj02
    case bd09

    public static let wgs84 = SourceCRS.definition("EPSG:4326")
    /// RFC 7946: GeoJSON is WGS84 lon/lat (OGC:CRS84, which is EPSG:4326 with lon first).
    public static let crs84 = SourceCRS.definition("OGC:CRS84")

    /// Parses `--crs`: `wgs84`, `gcj02`, `bd09`, an EPSG code (`4549`, `EPSG:4549`), or any other
    /// PROJ-readable definition (`+proj=…`, WKT) passed through as written.
    public init(option text: String) throws(CityImportError) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch t.lowercased() {
        case "": throw .badArgument(parameter: "--crs", reason: "is empty; give an EPSG code, a PROJ string, wgs84, gcj02 or bd09")
        case "wgs84", "wgs-84", "crs84": self = .wgs84
        case "gcj02", "gcj-02": self = .gcj02
        case "bd09", "bd-09": self = .bd09
        default:
            if t.allSatisfy(\.isNumber) { self = .definition("EPSG:\(t)") } else { self = .definition(t) }
        }
    }

    public var description: String {
        switch self {
        case .definition(let d): d.count > 80 ? String(d.prefix(77)) + "…" : d
        case .gcj02: "GCJ-02 (lon/lat with the GCJ-02 offset)"
        case .bd09: "BD-09 (lon/lat with the BD-09 offset)"
        }
    }

    /// The definition PROJ sees after the offsets are removed.
    var projDefinition: String {
        switch self {
        case .definition(let d): d
        case .gcj02, .bd09: "EPSG:4326"
        }
    }

    /// Removes the web-map offset of one lon/lat point (nothing for a PROJ definition).
    func removingOffset(_ p: Point) -> Point {
        switch self {
        case .definition: p
        case .gcj02: ChinaOffsets.gcj02ToWGS84(p)
        case .bd09: ChinaOffsets.bd09ToWGS84(p)
        }
    }
}

/// A transformation between two coordinate systems applied to whole arrays at once (PROJ's
/// `proj_trans_generic`), x first whatever the CRS's axis order.
public protocol CoordinateTransformation {
    /// Transforms in place; a point PROJ cannot transform becomes non-finite.
    func transform(x: inout [Double], y: inout [Double]) throws
}

/// What the import needs of PROJ: a transformation between two definitions, the WKT of the
/// working CRS (for the .prj of an export) and a readable name of a definition.
public protocol CRSProvider {
    func transformation(from source: String, to target: String) throws -> any CoordinateTransformation
    func wkt(of definition: String) throws -> String
    func name(of definition: String) -> String
}
