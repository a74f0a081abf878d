internal import CGEOS

/// The one place where GEOS's failure values become `GEOSError` (as swift-nio's `System.swift`
/// does for syscalls). GEOS signals an exception three ways, by return type: NULL for a new
/// object, 2 for a predicate (`char`), 0 for a status (`int`); the reason arrives through the
/// error handler, so messages are cleared before each call and read after it.
extension GEOSContext {
    func call<Result>(_ function: String, failsWhen failed: (Result) -> Bool,
                      _ body: (GEOSContextHandle_t) -> Result) throws -> Result {
        clearMessages()
        let result = body(handle)
        if failed(result) {
            throw GEOSError.operationFailed(
                function: function, message: lastError ?? "GEOS returned its failure value without a message")
        }
        return result
    }

    /// A call that returns a new geometry the caller owns (NULL on exception).
    func geometry(_ function: String, _ body: (GEOSContextHandle_t) -> OpaquePointer?) throws -> OwnedGeometry {
        let pointer = try call(function, failsWhen: { $0 == nil }, body)
        return OwnedGeometry(pointer!, handle: handle)
    }

    /// A predicate: 0 false, 1 true, 2 exception.
    func predicate(_ function: String, _ body: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        try call(function, failsWhen: { $0 == 2 }, body) == 1
    }

    /// A measure written through an out-parameter; the status is 0 on exception.
    func measure(_ function: String, _ body: (GEOSContextHandle_t, UnsafeMutablePointer<Double>) -> Int32) throws -> Double {
        var value = 0.0
        _ = try call(function, failsWhen: { $0 == 0 }) { body($0, &value) }
        return value
    }
}

/// A GEOS geometry owned by exactly one Swift value: destroyed in `deinit`, or handed to GEOS
/// (which then owns it, as `GEOSGeom_createPolygon_r` and `GEOSGeom_createCollection_r` do)
/// through the consuming `release()`.
struct OwnedGeometry: ~Copyable {
    let pointer: OpaquePointer
    private let handle: GEOSContextHandle_t

    init(_ pointer: OpaquePointer, handle: GEOSContextHandle_t) {
        self.pointer = pointer
        self.handle = handle
    }

    consuming func release() -> OpaquePointer {
        let pointer = self.pointer
        discard self
        return pointer
    }

    deinit {
        GEOSGeom_destroy_r(handle, pointer)
    }
}

/// Several geometries on their way into a GEOS collection or polygon: whatever has not been
/// released when this value dies (an error while building the rest) is destroyed here.
struct OwnedGeometries: ~Copyable {
    private var pointers: [OpaquePointer] = []
    private let handle: GEOSContextHandle_t

    init(handle: GEOSContextHandle_t) {
        self.handle = handle
    }

    var count: Int { pointers.count }

    mutating func append(_ geometry: consuming OwnedGeometry) {
        pointers.append(geometry.release())
    }

    /// Hands every pointer over; the caller must pass them to a GEOS function that takes ownership.
    mutating func release() -> [OpaquePointer] {
        defer { pointers = [] }
        return pointers
    }

    deinit {
        for pointer in pointers { GEOSGeom_destroy_r(handle, pointer) }
    }
}
