import GeoCore

/// A dozen points around Shanghai with their projected coordinates as computed by PROJ's own
/// command-line tool, independently of ProjKit:
///   awk '{print $2, $1}' points | cs2cs -f %.6f EPSG:4326 EPSG:4549    (and EPSG:32651)
/// cs2cs takes EPSG:4326 as latitude, longitude and prints EPSG:4549 as northing, easting (the
/// EPSG axis orders); the values below are already swapped to x = easting, y = northing.
/// PROJ 9.1.1 (proj-bin / proj-data of Debian 12).
enum ShanghaiTruth {
    struct Row {
        var lon, lat: Double
        var gkX, gkY: Double       // EPSG:4549, CGCS2000 / 3-degree GK CM 120E
        var utmX, utmY: Double     // EPSG:32651, WGS 84 / UTM zone 51N
    }

    static let rows: [Row] = [
        Row(lon: 121.4737, lat: 31.2304, gkX: 640412.315037, gkY: 3457455.488582, utmX: 354633.648993, utmY: 3456140.529642),
        Row(lon: 121.5018, lat: 31.2397, gkX: 643075.910872, gkY: 3458522.834017, utmX: 357324.189349, utmY: 3457134.768616),
        Row(lon: 121.4440, lat: 31.1930, gkX: 637636.428688, gkY: 3453270.850940, utmX: 351746.313233, utmY: 3452034.283996),
        Row(lon: 121.3550, lat: 31.2200, gkX: 629115.841499, gkY: 3456157.464204, utmX: 343309.983057, utmY: 3455149.964077),
        Row(lon: 121.6000, lat: 31.2000, gkX: 652496.224229, gkY: 3454251.747319, utmX: 366621.074174, utmY: 3452611.546701),
        Row(lon: 121.8050, lat: 31.1443, gkX: 672138.407701, gkY: 3448375.606549, utmX: 386086.335745, utmY: 3446208.624657),
        Row(lon: 121.2650, lat: 31.3800, gkX: 620335.672465, gkY: 3473797.752242, utmX: 335015.202131, utmY: 3473017.700969),
        Row(lon: 121.4990, lat: 31.2420, gkX: 642805.666054, gkY: 3458774.259927, utmX: 357060.977579, utmY: 3457393.337299),
        Row(lon: 121.1000, lat: 30.8900, gkX: 605178.164293, gkY: 3419297.165531, utmX: 318390.751429, utmY: 3418957.550946),
        Row(lon: 121.9500, lat: 31.5000, gkX: 685270.889101, gkY: 3488058.910837, utmX: 400284.909627, utmY: 3485494.079592),
        Row(lon: 120.9000, lat: 31.0000, gkX: 585955.508408, gkY: 3431322.039838, utmX: 299500.038906, utmY: 3431494.894579),
        Row(lon: 121.7300, lat: 30.9000, gkX: 665406.503804, gkY: 3421170.100065, utmX: 378627.035387, utmY: 3419210.372374),
    ]

    /// `projinfo -o WKT1_ESRI EPSG:4549`: what ArcGIS writes into a shapefile's .prj.
    static let esriPrj4549 = """
        PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
        """

    /// `projinfo -o WKT1_ESRI EPSG:32651`.
    static let esriPrj32651 = """
        PROJCS["WGS_1984_UTM_Zone_51N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",123.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
        """

    static let millimetre = 0.001
    /// About a millimetre in latitude or longitude at Shanghai.
    static let millimetreInDegrees = 1e-8
}
