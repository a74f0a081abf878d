import CityModel
import CityStore
import GeoCore
import SpatialIndex

extension CityQueries {
    /// Where a point belongs: its grid cell, parcel, nearest road-chief segment with the chief, and
    /// its relation to the road red line.
    public func locate(_ point: Point, crs: InputCRS = .wgs84) throws -> LocateResult {
        let p = try bridge.working(point, from: crs)
        return try store.read { view in try locate(working: p, in: view) }
    }

    /// `locate` for a point already in the working CRS, on a view the caller holds (so that a
    /// report attributes and commits against the same state).
    public func locate(working p: Point, in view: CityView) throws -> LocateResult {
        try Locator(configuration: configuration).locate(working: p, in: view)
    }
}

/// The attribution rules on their own, needing only the tolerances: the import pipeline runs them
/// inside its own transaction, before any query object exists.
public struct Locator: Sendable {
    public var configuration: QueryConfiguration

    public init(configuration: QueryConfiguration = QueryConfiguration()) {
        self.configuration = configuration
    }

    public func locate(working p: Point, in view: CityView) throws -> LocateResult {
        let at = IndexBox(x: p.x, y: p.y)

        // A point on the shared edge of two cells is covered by both: the smaller code wins, so the
        // answer does not depend on index order.
        let cellFeature = view[.grids].index.search(at)
            .compactMap { view[.grids].features[Int64($0)] }
            .filter { $0.geometry?.covers(p) == true }
            .min { $0.id < $1.id }
        let cell = try cellFeature.map { f -> LocateResult.Cell in
            let c = try f.decode(GridCell.self)
            return .init(code: c.code.description, subDistrict: c.subDistrictName, community: c.communityName, officer: c.officer)
        }

        let parcelFeature = view[.parcels].index.search(at)
            .compactMap { view[.parcels].features[Int64($0)] }
            .filter { $0.geometry?.covers(p) == true }
            .min { $0.id < $1.id }
        let parcel = try parcelFeature.map { f -> LocateResult.ParcelRef in
            let parcel = try f.decode(Parcel.self)
            return .init(number: parcel.number, landUse: parcel.landUse.rawValue, holder: parcel.holder)
        }

        let segments = view[.segments]
        func nearestSegments(_ k: Int) -> [(id: Int, distance: Double)] {
            segments.index.nearest(x: p.x, y: p.y, k: k, maxDistance: configuration.segmentToleranceMeters,
                                   exactDistance: { segments.features[Int64($0)]?.geometry?.distance(to: p) ?? .infinity })
                .map { ($0.id, $0.distance) }
        }
        // Equidistant segments (a point off the joint of two) go to the lower id, whatever order
        // the index holds them in: the same report reaches the same chief on every store.
        var k = 2, hits = nearestSegments(2)
        while hits.count == k, hits[k - 1].distance == hits[0].distance {
            k *= 2
            hits = nearestSegments(k)
        }
        let nearestSegment = hits.filter { $0.distance == hits[0].distance }
            .compactMap { hit in segments.features[Int64(hit.id)].map { (feature: $0, distance: hit.distance) } }
            .min { $0.feature.id < $1.feature.id }
        let segment = try nearestSegment.flatMap { hit -> LocateResult.SegmentRef? in
            let f = hit.feature
            let s = try f.decode(ChiefSegment.self)
            return .init(id: s.segment.id, roadName: s.segment.roadName, distanceMeters: hit.distance, chief: s.chief)
        }

        let redLine = try nearestRedLine(to: p, in: view)
        let verdict = redLine?.verdict ?? .outside
        return LocateResult(x: p.x, y: p.y, cell: cell, parcel: parcel, segment: segment, redLine: redLine,
                            redLineVerdict: verdict,
                            constructionWasteLiability: LiabilityBasis.forConstructionWaste(verdict))
    }

    /// The red line the point is deepest inside, or else the nearest within the search distance.
    func nearestRedLine(to p: Point, in view: CityView) throws -> LocateResult.RedLineRef? {
        let redlines = view[.redlines]
        let search = configuration.redLineSearchMeters
        var best: (feature: StoredFeature, signed: Double)?
        for rowid in redlines.index.within(x: p.x, y: p.y, distance: search) {
            guard let f = redlines.features[Int64(rowid)], let signed = f.geometry?.signedDistance(p) else { continue }
            guard signed >= -search else { continue }
            if best == nil || signed > best!.signed || (signed == best!.signed && f.id < best!.feature.id) {
                best = (f, signed)
            }
        }
        guard let best else { return nil }
        let line = try best.feature.decode(RedLine.self)
        let tolerance = configuration.redLineToleranceMeters
        return .init(id: line.id, roadName: line.roadName, signedDistanceMeters: best.signed, toleranceMeters: tolerance,
                     verdict: RedLineVerdict.from(signedDistance: best.signed, tolerance: tolerance))
    }
}
