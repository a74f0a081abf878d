internal import CGEOS
import GeoCore

/// How every public operation reaches GEOS: the calling thread's context, the inputs copied into
/// GEOS for the length of one synchronous call, the result copied back out, and every GEOS object
/// destroyed before returning. No GEOS pointer outlives the call or leaves the thread.
extension Geometry {
    func withGEOS<Result>(_ function: String,
                          _ body: (GEOSContext, borrowing OwnedGeometry) throws -> Result) throws -> Result {
        let context = GEOSContext.current
        let geometry = try context.make(self, function: function)
        return try body(context, geometry)
    }

    func withGEOS<Result>(_ other: Geometry, _ function: String,
                          _ body: (GEOSContext, borrowing OwnedGeometry, borrowing OwnedGeometry) throws -> Result) throws -> Result {
        let context = GEOSContext.current
        let a = try context.make(self, function: function)
        let b = try context.make(other, function: function)
        return try body(context, a, b)
    }

    /// A GEOS function that makes a new geometry from this one.
    func constructed(_ function: String,
                     _ make: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        try withGEOS(function) { context, geometry in
            let result = try context.geometry(function) { make($0, geometry.pointer) }
            return try context.read(result.pointer, function: function)
        }
    }

    /// A GEOS function that makes a new geometry from this one and `other`.
    func constructed(_ other: Geometry, _ function: String,
                     _ make: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        try withGEOS(other, function) { context, a, b in
            let result = try context.geometry(function) { make($0, a.pointer, b.pointer) }
            return try context.read(result.pointer, function: function)
        }
    }

    func predicate(_ other: Geometry, _ function: String,
                   _ test: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        try withGEOS(other, function) { context, a, b in
            try context.predicate(function) { test($0, a.pointer, b.pointer) }
        }
    }
}
