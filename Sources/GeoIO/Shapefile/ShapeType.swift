/// ESRI shape types (ESRI Shapefile Technical Description, July 1998, table 1).
public enum ShapeType: Int, Hashable, Sendable, CaseIterable {
    case null = 0
    case point = 1, polyLine = 3, polygon = 5, multiPoint = 8
    case pointZ = 11, polyLineZ = 13, polygonZ = 15, multiPointZ = 18
    case pointM = 21, polyLineM = 23, polygonM = 25, multiPointM = 28
    case multiPatch = 31

    public var name: String {
        switch self {
        case .null: "Null"
        case .point: "Point"
        case .polyLine: "PolyLine"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .pointZ: "PointZ"
        case .polyLineZ: "PolyLineZ"
        case .polygonZ: "PolygonZ"
        case .multiPointZ: "MultiPointZ"
        case .pointM: "PointM"
        case .polyLineM: "PolyLineM"
        case .polygonM: "PolygonM"
        case .multiPointM: "MultiPointM"
        case .multiPatch: "MultiPatch"
        }
    }

    /// The family without Z or M: `.point`, `.polyLine`, `.polygon`, `.multiPoint` (or itself).
    public var base: ShapeType {
        switch self {
        case .pointZ, .pointM: .point
        case .polyLineZ, .polyLineM: .polyLine
        case .polygonZ, .polygonM: .polygon
        case .multiPointZ, .multiPointM: .multiPoint
        default: self
        }
    }

    public var hasZ: Bool { [.pointZ, .polyLineZ, .polygonZ, .multiPointZ, .multiPatch].contains(self) }
    /// Whether records may carry measures (Z types carry them optionally).
    public var hasM: Bool { rawValue >= 11 && rawValue <= 28 }

    /// The shape type for a family with or without Z.
    public static func family(_ base: ShapeType, z: Bool) -> ShapeType {
        z ? ShapeType(rawValue: base.rawValue + 10) ?? base : base
    }
}
