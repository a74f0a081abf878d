import CityModel
import GeoCore
import GEOSKit
import SpatialIndex

/// Overlaps and gaps between the cells of one grid layer, with GEOS. A point in two cells would
/// have two grid officers, so an overlap refuses the import; a gap (a hole in the union of the
/// cells, enclosed by them) is reported, because a district may leave water or a park ungridded.
struct GridTopology {
    var overlaps: [GridOverlap] = []
    var gaps: [GridGap] = []

    /// Slivers below this many square metres are digitising noise, not overlaps or gaps.
    static let minimumArea = 1.0

    /// Checks the cells (record number, code, shape), pairs through an R-tree of their envelopes.
    init(cells: [(record: Int, code: String, shape: Geometry)]) throws {
        let items = cells.enumerated().compactMap { k, c -> (id: Int, box: IndexBox)? in
            let e = c.shape.envelope
            return e.isEmpty ? nil : (k, IndexBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY))
        }
        let index = try SpatialIndex(items: items)
        for (k, box) in items {
            for j in index.search(box) where j > k {
                let area = try cells[k].shape.intersection(cells[j].shape).geosArea()
                guard area >= Self.minimumArea else { continue }
                overlaps.append(GridOverlap(records: [cells[k].record, cells[j].record], codes: [cells[k].code, cells[j].code],
                                            areaSquareMeters: area))
            }
        }
        overlaps.sort { $0.records.lexicographicallyPrecedes($1.records) }
        guard !cells.isEmpty else { return }
        let union = try Geometry.union(of: cells.map(\.shape))
        let polygons: [Polygon]
        switch union {
        case .polygon(let p): polygons = [p]
        case .multiPolygon(let m): polygons = m.polygons
        default: polygons = []
        }
        for hole in polygons.flatMap(\.holes) {
            let gap = Geometry.polygon(Polygon(exterior: hole))
            let area = abs(try gap.geosArea())
            guard area >= Self.minimumArea else { continue }
            let p = try gap.pointOnSurface()
            gaps.append(GridGap(areaSquareMeters: area, x: p.x, y: p.y))
        }
        gaps.sort { ($1.y, $0.x) < ($0.y, $1.x) }   // north to south, west to east
    }
}
