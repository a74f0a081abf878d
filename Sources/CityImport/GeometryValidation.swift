import GEOSKit
import GeoCore

/// OGC validity through GEOS (`GEOSisValidDetail_r`), and with `repair` GEOS's makeValid. A repair
/// keeps the parts of the layer's dimension (a bow-tie parcel becomes two triangles, and a
/// collapsed sliver that makeValid turns into a line is dropped from a polygon layer).
struct GeometryValidation {
    let target: LayerGeometry
    let repair: Bool

    enum Outcome {
        case valid
        case repaired(Geometry, reason: String)
        case invalid(reason: String)
    }

    func check(_ geometry: Geometry) -> Outcome {
        // A point is valid when finite, which the readers and the reprojection already ensure.
        if case .point = geometry { return .valid }
        if case .multiPoint = geometry { return .valid }
        let report: ValidityReport
        do {
            report = try geometry.validity()
        } catch {
            return .invalid(reason: "\(error)")
        }
        if report.isValid { return .valid }
        let reason = report.description.hasPrefix("invalid: ") ? String(report.description.dropFirst(9)) : report.description
        guard repair else { return .invalid(reason: reason) }
        do {
            let fixed = try geometry.madeValid()
            guard let kept = Self.parts(of: fixed, as: target) else {
                return .invalid(reason: "\(reason); makeValid left no \(target.rawValue)")
            }
            return .repaired(kept, reason: reason)
        } catch {
            return .invalid(reason: "\(reason); makeValid failed: \(error)")
        }
    }

    /// The parts of `g` of the layer's dimension, as one geometry; nil when there are none.
    static func parts(of g: Geometry, as target: LayerGeometry) -> Geometry? {
        var polygons: [Polygon] = [], lines: [LineString] = [], points: [Point] = []
        func collect(_ g: Geometry) {
            switch g {
            case .point(let p): points.append(p)
            case .multiPoint(let m): points += m.points
            case .lineString(let l): lines.append(l)
            case .multiLineString(let m): lines += m.lineStrings
            case .polygon(let p): polygons.append(p)
            case .multiPolygon(let m): polygons += m.polygons
            case .geometryCollection(let c): c.geometries.forEach(collect)
            }
        }
        collect(g)
        switch target {
        case .polygon:
            return polygons.isEmpty ? nil : polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(MultiPolygon(polygons))
        case .lineString:
            return lines.isEmpty ? nil : lines.count == 1 ? .lineString(lines[0]) : .multiLineString(MultiLineString(lines))
        case .point:
            return points.isEmpty ? nil : points.count == 1 ? .point(points[0]) : .multiPoint(MultiPoint(points))
        }
    }
}
