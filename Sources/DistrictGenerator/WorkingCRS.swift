import GeoCore

/// The working CRS, EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E, metres; x easting,
/// y northing), and the conversion to and from CRS84 longitude/latitude.
public enum WorkingCRS {
    public static let epsg = 4549
    /// The .prj text, as `projinfo EPSG:4549 -o WKT1_ESRI` prints it (what ArcGIS and GDAL write).
    public static let prjWKT = #"PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
}

/// Converts whole point arrays between CRS84 and the working CRS.
struct CRSConversion {
    /// CRS84 longitude/latitude to EPSG:4549 easting/northing.
    let toWorking: ([Point]) throws -> [Point]
    /// EPSG:4549 easting/northing to CRS84 longitude/latitude.
    let toLonLat: ([Point]) throws -> [Point]

    /// RFC 7946 §11.2: six to seven decimals are enough; seven keep about 1 cm and the files small.
    static let lonLatDecimals = 1e7

    func working(_ line: LineString) throws -> LineString {
        LineString(try toWorking(line.points))
    }

    /// The geometry in CRS84, rounded to 7 decimals.
    func lonLat(_ geometry: Geometry) throws -> Geometry {
        let all = geometry.allPoints
        let converted = try toLonLat(all)
        var k = 0
        return geometry.mapPoints { _ in
            let p = converted[k]
            k += 1
            return Point(x: (p.x * Self.lonLatDecimals).rounded() / Self.lonLatDecimals,
                         y: (p.y * Self.lonLatDecimals).rounded() / Self.lonLatDecimals)
        }
    }
}
