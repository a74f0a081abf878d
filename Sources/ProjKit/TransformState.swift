internal import CPROJ
import GeoCore

/// The PROJ objects behind a `Transform`: its context and the normalised operation (nil when
/// no PROJ step is needed, as from GCJ-02 to BD-09), plus the web-map offsets applied before and
/// after. Freed in one deinit, operation first, then the context that made it.
final class TransformState {
    private let context: ProjContext
    private let operation: OpaquePointer?
    private let before: ((Point) -> Point)?
    private let after: ((Point) -> Point)?

    init(from source: CoordinateSystem, to target: CoordinateSystem) throws {
        let context = ProjContext()
        self.context = context
        before = switch source.kind {
        case .gcj02: ChinaOffsets.gcj02ToWGS84
        case .bd09: ChinaOffsets.bd09ToWGS84
        case .proj: nil
        }
        after = switch target.kind {
        case .gcj02: ChinaOffsets.wgs84ToGCJ02
        case .bd09: ChinaOffsets.wgs84ToBD09
        case .proj: nil
        }
        if source.definition == target.definition {
            operation = nil
            return
        }
        let noTransformation = { (message: String) in
            ProjError.noTransformation(from: source.description, to: target.description, message: message)
        }
        let sourceCRS = try context.object({ proj_create($0, source.definition) }, orThrow: noTransformation)
        let targetCRS = try context.object({ proj_create($0, target.definition) }, orThrow: noTransformation)
        // With no area of interest PROJ keeps every candidate operation and picks, per point, the
        // best one whose area of use contains it (as cs2cs does).
        let raw = try context.object({ proj_create_crs_to_crs_from_pj($0, sourceCRS.pointer, targetCRS.pointer, nil, nil) },
                                     orThrow: noTransformation)
        let normalised = try context.object({ proj_normalize_for_visualization($0, raw.pointer) }, orThrow: noTransformation)
        operation = normalised.release()
    }

    deinit {
        if let operation { proj_destroy(operation) }
        // `context` is released after this body, so the operation is gone before its context.
    }

    /// Transforms the arrays in place with `proj_trans_generic`. Points PROJ cannot transform come
    /// back as HUGE_VAL; the first is reported with its input coordinates from `original`.
    func run(x: inout [Double], y: inout [Double], z: inout [Double]?, original: (Int) -> Point) throws {
        let count = x.count
        if let before { applyOffset(before, x: &x, y: &y) }
        if let operation {
            context.clearMessages()
            proj_errno_reset(operation)
            let stride = MemoryLayout<Double>.stride
            x.withUnsafeMutableBufferPointer { xs in
                y.withUnsafeMutableBufferPointer { ys in
                    if var zs = z {
                        zs.withUnsafeMutableBufferPointer { zb in
                            _ = proj_trans_generic(operation, PJ_FWD, xs.baseAddress, stride, count,
                                                   ys.baseAddress, stride, count, zb.baseAddress, stride, count,
                                                   nil, 0, 0)
                        }
                        z = zs
                    } else {
                        _ = proj_trans_generic(operation, PJ_FWD, xs.baseAddress, stride, count,
                                               ys.baseAddress, stride, count, nil, 0, 0, nil, 0, 0)
                    }
                }
            }
            for i in 0..<count where !x[i].isFinite || !y[i].isFinite || !(z?[i].isFinite ?? true) {
                throw ProjError.pointNotTransformed(index: i, point: original(i), message: context.failureMessage(operation))
            }
        }
        if let after { applyOffset(after, x: &x, y: &y) }
    }

    private func applyOffset(_ offset: (Point) -> Point, x: inout [Double], y: inout [Double]) {
        for i in x.indices {
            let p = offset(Point(x: x[i], y: y[i]))
            x[i] = p.x
            y[i] = p.y
        }
    }
}
