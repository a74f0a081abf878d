import Foundation

/// The coordinate offsets Chinese web maps apply, as pure math.
/// GCJ-02 ("Mars coordinates", Amap/Gaode, Tencent) is WGS84 shifted by a published-by-leak
/// polynomial on the Krasovsky 1940 ellipsoid; BD-09 (Baidu) is GCJ-02 rotated and shifted again.
/// The forward formulas are the ones every open implementation shares (googollee/eviltransform,
/// wandergis/coordtransform); the inverses here iterate the forward formula to convergence
/// instead of the usual one-step approximation, so round trips are exact to about 1e-10 degrees.
/// Outside the rough bounding box of China the offset is zero (GCJ-02 equals WGS84).
/// `x` is longitude and `y` latitude, in degrees; z passes through.
public enum ChinaOffsets {
    /// Krasovsky 1940 semi-major axis and first eccentricity squared, as GCJ-02 uses them.
    static let a = 6378245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0

    /// The rough box in which GCJ-02 applies (lon 72.004...137.8347, lat 0.8293...55.8271).
    public static func isOutsideChina(_ p: Point) -> Bool {
        p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271
    }

    public static func wgs84ToGCJ02(_ p: Point) -> Point {
        if isOutsideChina(p) { return p }
        let (dLon, dLat) = delta(lon: p.x, lat: p.y)
        return Point(x: p.x + dLon, y: p.y + dLat, z: p.z)
    }

    /// Inverse of `wgs84ToGCJ02` by fixed-point iteration (the offset changes slowly, so each step
    /// gains about five digits); stops below 1e-12 degrees or after 30 steps.
    public static func gcj02ToWGS84(_ p: Point) -> Point {
        if isOutsideChina(p) { return p }
        return invert(p, forward: wgs84ToGCJ02)
    }

    public static func gcj02ToBD09(_ p: Point) -> Point {
        let x = p.x, y = p.y
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Point(x: z * cos(theta) + 0.0065, y: z * sin(theta) + 0.006, z: p.z)
    }

    /// Inverse of `gcj02ToBD09`: the published one-step inverse, refined by iteration.
    public static func bd09ToGCJ02(_ p: Point) -> Point {
        let x = p.x - 0.0065, y = p.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        let start = Point(x: z * cos(theta), y: z * sin(theta), z: p.z)
        return invert(p, forward: gcj02ToBD09, start: start)
    }

    public static func wgs84ToBD09(_ p: Point) -> Point { gcj02ToBD09(wgs84ToGCJ02(p)) }
    public static func bd09ToWGS84(_ p: Point) -> Point { gcj02ToWGS84(bd09ToGCJ02(p)) }

    /// Solves forward(q) = target for q, starting from `start` (default: the target itself).
    static func invert(_ target: Point, forward: (Point) -> Point, start: Point? = nil) -> Point {
        var q = start ?? target
        for _ in 0..<30 {
            let f = forward(q)
            let ex = f.x - target.x, ey = f.y - target.y
            q = Point(x: q.x - ex, y: q.y - ey, z: target.z)
            if abs(ex) < 1e-12 && abs(ey) < 1e-12 { break }
        }
        return q
    }

    /// The GCJ-02 offset in degrees at a WGS84 position.
    static func delta(lon: Double, lat: Double) -> (dLon: Double, dLat: Double) {
        var dLat = transformLat(lon - 105.0, lat - 35.0)
        var dLon = transformLon(lon - 105.0, lat - 35.0)
        let radLat = lat / 180.0 * Double.pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * Double.pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * Double.pi)
        return (dLon, dLat)
    }

    static func transformLat(_ x: Double, _ y: Double) -> Double {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        ret += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        ret += (20.0 * sin(y * Double.pi) + 40.0 * sin(y / 3.0 * Double.pi)) * 2.0 / 3.0
        ret += (160.0 * sin(y / 12.0 * Double.pi) + 320 * sin(y * Double.pi / 30.0)) * 2.0 / 3.0
        return ret
    }

    static func transformLon(_ x: Double, _ y: Double) -> Double {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        ret += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        ret += (20.0 * sin(x * Double.pi) + 40.0 * sin(x / 3.0 * Double.pi)) * 2.0 / 3.0
        ret += (150.0 * sin(x / 12.0 * Double.pi) + 300.0 * sin(x / 30.0 * Double.pi)) * 2.0 / 3.0
        return ret
    }
}
