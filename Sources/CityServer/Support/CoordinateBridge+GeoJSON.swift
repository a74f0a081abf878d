import GeoCore

import CityQuery

/// The server's uses of the deployment's one working-CRS ↔ lon/lat pair, CityQuery's
/// `CoordinateBridge` (the CLI's, the queries' and the server's are the same one): geometries to
/// CRS84 for GeoJSON and OGC API – Features, client geometries and boxes back, with the server's
/// errors.
extension CoordinateBridge {
    /// Degrees kept in output coordinates: 1e-8° is about a millimetre, below any survey here,
    /// and keeps a 10 000-feature page a third smaller than full doubles.
    static let decimals = 1e8

    func lonLat(_ geometry: Geometry) throws(ServerError) -> Geometry {
        do {
            return try geometry.mapPoints { p in
                let q = try toLonLat(p)
                guard q.isFinite else { throw ServerError.internalFailure("transform of (\(p.x), \(p.y)) gave a non-finite point") }
                return Point(x: (q.x * Self.decimals).rounded() / Self.decimals,
                             y: (q.y * Self.decimals).rounded() / Self.decimals, z: p.z)
            }
        } catch let e as ServerError {
            throw e
        } catch {
            throw .internalFailure("transform to lon/lat failed: \(error)")
        }
    }

    /// Lon/lat → working CRS, for geometries clients send; a point outside the transform's domain
    /// is the client's error.
    func working(_ geometry: Geometry, path: String) throws(ServerError) -> Geometry {
        do {
            return try geometry.mapPoints { p in
                let q = try toWorking(p)
                guard q.isFinite else { throw ServerError.invalidBody(path: path, reason: "(\(p.x), \(p.y)) is outside the working CRS") }
                return Point(x: q.x, y: q.y, z: p.z)
            }
        } catch let e as ServerError {
            throw e
        } catch {
            throw .invalidBody(path: path, reason: "cannot be transformed to the working CRS: \(error)")
        }
    }

    /// The envelope, in the target CRS, of an envelope's image: the edges are sampled, because a
    /// straight edge in one CRS is curved in the other and its corners alone can miss the bulge.
    /// `margin` (a fraction of the size) widens the result to cover what sampling still misses.
    static func imageEnvelope(of e: Envelope, samplesPerEdge n: Int = 16, margin: Double = 0,
                              _ transform: (Point) throws -> Point) throws -> Envelope {
        var out = Envelope.empty
        for k in 0...n {
            let t = Double(k) / Double(n)
            let x = e.minX + (e.maxX - e.minX) * t, y = e.minY + (e.maxY - e.minY) * t
            for p in [Point(x: x, y: e.minY), Point(x: x, y: e.maxY), Point(x: e.minX, y: y), Point(x: e.maxX, y: y)] {
                let q = try transform(p)
                guard q.isFinite else { throw ServerError.internalFailure("transform of (\(p.x), \(p.y)) gave a non-finite point") }
                out.expand(toInclude: q)
            }
        }
        let pad = max(out.width, out.height) * margin
        return out.expanded(by: pad)
    }

    /// The CRS84 extent of a working-CRS envelope.
    func lonLatEnvelope(_ e: Envelope) throws(ServerError) -> Envelope {
        do { return try Self.imageEnvelope(of: e, toLonLat) } catch { throw .internalFailure("extent transform failed: \(error)") }
    }

    /// The working-CRS search window for a CRS84 box: a superset of it (widened by 1% plus a metre),
    /// since the exact test that follows is done in lon/lat.
    func searchWindow(_ box: BoundingBox) throws(ServerError) -> Envelope {
        do {
            return try Self.imageEnvelope(of: box.envelope, margin: 0.01, toWorking).expanded(by: 1)
        } catch {
            throw .invalidParameter(name: "bbox", value: box.parameterText, reason: "outside the area the working CRS covers")
        }
    }
}
