import GeoCore

/// Moves a chunk of geometries into the working CRS in one array transform: every vertex of the
/// chunk is gathered into two flat arrays, transformed by PROJ in one call (a call per point costs
/// more than the arithmetic) and written back in the same order. Web-map offsets are removed first.
struct Reprojector {
    let source: SourceCRS
    /// nil when the source is the working CRS itself.
    let transformation: (any CoordinateTransformation)?

    init(source: SourceCRS, working: String, provider: any CRSProvider) throws(CityImportError) {
        self.source = source
        if case .definition(let d) = source, d.caseInsensitiveEquals(working) {
            transformation = nil
            return
        }
        do {
            transformation = try provider.transformation(from: source.projDefinition, to: working)
        } catch {
            throw .crs(parameter: source.description, reason: "\(error)")
        }
    }

    var isIdentity: Bool { transformation == nil }

    func reproject(_ geometries: inout [Geometry?], records: [Int], path: String) throws(CityImportError) {
        guard let transformation else { return }
        var xs: [Double] = [], ys: [Double] = []
        for g in geometries {
            guard let g else { continue }
            for p in g.allPoints {
                let q = source.removingOffset(p)
                xs.append(q.x)
                ys.append(q.y)
            }
        }
        do {
            try transformation.transform(x: &xs, y: &ys)
        } catch {
            throw .crs(parameter: source.description, reason: "\(error)")
        }
        var k = 0
        for i in geometries.indices {
            guard let g = geometries[i] else { continue }
            var failed: Point?
            geometries[i] = g.mapPoints { p in
                let q = Point(x: xs[k], y: ys[k], z: p.z)
                if failed == nil, !q.isFinite { failed = p }
                k += 1
                return q
            }
            if let failed {
                throw .badRecord(path: path, record: records[i], field: "geometry",
                                 reason: "(\(failed.x) \(failed.y)) cannot be transformed from \(source) to the working CRS")
            }
        }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
