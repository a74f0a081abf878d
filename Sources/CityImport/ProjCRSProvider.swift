import ProjKit

/// The import's CRS needs met by ProjKit: definitions read by `CoordinateSystem(parsing:)` (EPSG
/// codes, PROJ strings, OGC and ESRI WKT from a .prj), bulk transforms by `Transform`, with x first
/// whatever the axis order of the definition.
public struct ProjCRSProvider: CRSProvider {
    public init() {}

    public func transformation(from source: String, to target: String) throws -> any CoordinateTransformation {
        try ProjTransformation(transform: Transform(from: CoordinateSystem(parsing: source), to: CoordinateSystem(parsing: target)))
    }

    /// ESRI WKT 1 for a .prj, as `projinfo -o WKT1_ESRI` prints it (what ArcGIS and GDAL read best).
    /// ProjKit has no WKT output yet, so the two systems an export writes are spelled out here;
    /// the export tests check with ogrinfo that GDAL identifies them.
    public func wkt(of definition: String) throws -> String {
        switch definition.uppercased() {
        case "EPSG:4549":
            #"PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
        case "EPSG:4326":
            #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
        default:
            throw CityImportError.crs(parameter: definition, reason: "no .prj text known for it (only EPSG:4549 and EPSG:4326)")
        }
    }

    public func name(of definition: String) -> String {
        (try? CoordinateSystem(parsing: definition).name) ?? definition
    }
}

struct ProjTransformation: CoordinateTransformation {
    let transform: Transform

    func transform(x: inout [Double], y: inout [Double]) throws {
        try transform.transform(x: &x, y: &y)
    }
}
