internal import CPROJ
import GeoCore
import Synchronization

/// A coordinate transformation between two systems, made once and applied to many points.
///
/// Axis order is always x = easting/longitude, y = northing/latitude, whatever the EPSG
/// definitions say (EPSG:4326 is latitude first, EPSG:4549 northing first): the PROJ operation
/// is passed through `proj_normalize_for_visualization`.
///
/// Ownership and threads: a `Transform` owns its `PJ_CONTEXT` and `PJ` and frees them together
/// in deinit. PROJ objects are not thread-safe, so calls are serialised by a lock: a `Transform`
/// is `Sendable` and can be shared, but concurrent callers take turns. For parallel bulk work
/// (an import on several cores) give each worker its own `Transform`.
public final class Transform: Sendable {
    public let source: CoordinateSystem
    public let target: CoordinateSystem

    private let lock = Mutex(())
    /// Touched only under `lock`; PROJ's objects are not Sendable.
    private nonisolated(unsafe) let state: TransformState

    public init(from source: CoordinateSystem, to target: CoordinateSystem) throws {
        self.source = source
        self.target = target
        state = try TransformState(from: source, to: target)
    }

    /// The transformation in the other direction.
    public func inverted() throws -> Transform {
        try Transform(from: target, to: source)
    }

    /// One point; z passes through (or is transformed when the systems have a vertical part).
    public func transform(_ point: Point) throws -> Point {
        var points = [point]
        try transform(&points)
        return points[0]
    }

    /// Many points in one `proj_trans_generic` call. On failure the array is left unchanged and
    /// the error names the first point that failed, by index and input coordinates.
    public func transform(_ points: inout [Point]) throws {
        for (index, p) in points.enumerated() where !p.isFinite {
            throw ProjError.nonFiniteCoordinate(index: index, point: p)
        }
        var x = points.map(\.x), y = points.map(\.y)
        let hasZ = points.contains { $0.z != nil }
        var z: [Double]? = hasZ ? points.map { $0.z ?? 0 } : nil
        try lock.withLock { _ in try state.run(x: &x, y: &y, z: &z, original: { points[$0] }) }
        for i in points.indices {
            points[i] = Point(x: x[i], y: y[i], z: points[i].z == nil ? nil : z?[i])
        }
    }

    /// Parallel x/y arrays, transformed in place (the layout an importer reading columns has).
    public func transform(x: inout [Double], y: inout [Double]) throws {
        guard x.count == y.count else {
            throw ProjError.invalidParameter(function: #function, parameter: "y",
                                             reason: "has \(y.count) values but x has \(x.count)")
        }
        for i in x.indices where !x[i].isFinite || !y[i].isFinite {
            throw ProjError.nonFiniteCoordinate(index: i, point: Point(x: x[i], y: y[i]))
        }
        var workX = x, workY = y
        var z: [Double]? = nil
        try lock.withLock { _ in
            try state.run(x: &workX, y: &workY, z: &z, original: { Point(x: x[$0], y: y[$0]) })
        }
        x = workX
        y = workY
    }

    /// Every vertex of a geometry. Errors name the vertex by its index in `allPoints` order.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        var points = geometry.allPoints
        try transform(&points)
        var next = 0
        return geometry.mapPoints { _ in
            defer { next += 1 }
            return points[next]
        }
    }
}
