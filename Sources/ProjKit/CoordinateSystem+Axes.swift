internal import CPROJ

extension CoordinateSystem {
    /// Whether the authority's definition puts northing or latitude first: EPSG:4326 and 4490
    /// (latitude, longitude), EPSG:4549 (northing "X", easting "Y"); not OGC:CRS84 or UTM. Every
    /// `Transform` works in easting-first order; what speaks a CRS by its authority's axes (OGC API –
    /// Features Part 2, WFS 2.0, cs2cs) swaps where this says so. GCJ-02 and BD-09 are longitude first.
    public func authorityAxesNorthFirst() throws -> Bool {
        guard case .proj(let text) = kind else { return false }
        let context = ProjContext()
        let crs = try context.object({ proj_create($0, text) }) { ProjError.invalidCoordinateSystem(input: text, message: $0) }
        // A compound or bound system's horizontal part carries the axes asked about.
        let horizontal = try context.object({ c in
            switch proj_get_type(crs.pointer) {
            case PJ_TYPE_COMPOUND_CRS: proj_crs_get_sub_crs(c, crs.pointer, 0)
            case PJ_TYPE_BOUND_CRS: proj_get_source_crs(c, crs.pointer)
            default: proj_clone(c, crs.pointer)
            }
        }) { ProjError.invalidCoordinateSystem(input: text, message: $0) }
        let cs = try context.object({ proj_crs_get_coordinate_system($0, horizontal.pointer) }) {
            ProjError.invalidCoordinateSystem(input: text, message: "has no coordinate system: \($0)")
        }
        var direction: UnsafePointer<CChar>?
        guard proj_cs_get_axis_info(context.pointer, cs.pointer, 0, nil, nil, &direction, nil, nil, nil, nil) != 0, let direction else {
            throw ProjError.invalidCoordinateSystem(input: text, message: "PROJ gives no first axis: \(context.failureMessage())")
        }
        let first = String(cString: direction).lowercased()
        return first == "north" || first == "south"
    }
}
