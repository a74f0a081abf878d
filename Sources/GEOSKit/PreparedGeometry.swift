internal import CGEOS
import GeoCore
import Synchronization

/// A geometry prepared once for many predicate tests against it (`GEOSPrepare_r`): GEOS builds
/// indexes of its segments on first use, which makes repeated point-in-polygon tests against a
/// grid cell or red-line zone far faster than `Geometry.covers(_:)`.
///
/// Unlike the rest of GEOSKit, this keeps GEOS objects alive between calls, so it owns a private
/// GEOS context (GEOS objects belong to the context that made them) and serialises calls with a
/// lock: it is `Sendable` and may be shared, but concurrent callers take turns. Workers that test
/// the same geometry in parallel and care about throughput should each prepare their own.
public final class PreparedGeometry: Sendable {
    public let geometry: Geometry
    /// Guards `state`. The GEOS objects themselves are not Sendable, so they sit outside the
    /// mutex and every access goes through `lock.withLock`.
    private let lock = Mutex(())
    private nonisolated(unsafe) let state: PreparedState

    public init(_ geometry: Geometry) throws {
        self.geometry = geometry
        let context = GEOSContext()
        let base = try context.make(geometry, function: "PreparedGeometry.init")
        let prepared = try context.call("PreparedGeometry.init", failsWhen: { $0 == nil }) {
            GEOSPrepare_r($0, base.pointer)
        }!
        state = PreparedState(context: context, base: base.release(), prepared: prepared)
    }

    /// True when `point` is in the interior (a point on the boundary is not contained).
    public func contains(_ point: Point) throws -> Bool {
        try test(point, #function) { GEOSPreparedContains_r($0, $1, $2) }
    }

    /// True when `point` is in the interior or on the boundary.
    public func covers(_ point: Point) throws -> Bool {
        try test(point, #function) { GEOSPreparedCovers_r($0, $1, $2) }
    }

    public func intersects(_ point: Point) throws -> Bool {
        try test(point, #function) { GEOSPreparedIntersects_r($0, $1, $2) }
    }

    public func contains(_ other: Geometry) throws -> Bool {
        try test(other, #function) { GEOSPreparedContains_r($0, $1, $2) }
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try test(other, #function) { GEOSPreparedCovers_r($0, $1, $2) }
    }

    public func intersects(_ other: Geometry) throws -> Bool {
        try test(other, #function) { GEOSPreparedIntersects_r($0, $1, $2) }
    }

    public func isWithinDistance(_ distance: Double, of other: Geometry) throws -> Bool {
        guard distance.isFinite, distance >= 0 else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "distance",
                                             reason: "must be finite and not negative, got \(distance)")
        }
        return try test(other, #function) { GEOSPreparedDistanceWithin_r($0, $1, $2, distance) }
    }

    // GEOS 3.11 has no GEOSPreparedContainsXY (added in 3.12), so a point is built per test in
    // the private context; it costs one small allocation.
    private func test(_ point: Point, _ function: String,
                      _ predicate: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        try lock.withLock { _ in
            let g = try state.context.make(point, function: function)
            return try state.context.predicate(function) { predicate($0, state.prepared, g.pointer) }
        }
    }

    private func test(_ other: Geometry, _ function: String,
                      _ predicate: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        try lock.withLock { _ in
            let g = try state.context.make(other, function: function)
            return try state.context.predicate(function) { predicate($0, state.prepared, g.pointer) }
        }
    }
}

/// The GEOS objects behind a `PreparedGeometry`, freed together (prepared first: it points into
/// the base geometry), before their context finishes.
private struct PreparedState: ~Copyable {
    let context: GEOSContext
    let base: OpaquePointer
    let prepared: OpaquePointer

    deinit {
        GEOSPreparedGeom_destroy_r(context.handle, prepared)
        GEOSGeom_destroy_r(context.handle, base)
    }
}
