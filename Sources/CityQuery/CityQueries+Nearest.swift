import CityModel
import CityStore
import GeoCore

/// One case in a "nearest open cases" answer, with its straight-line distance.
public struct NearbyCase: Sendable, Hashable {
    public var feature: CityFeature
    public var distanceMeters: Double
}

extension CityQueries {
    /// The statuses that count as open: the loop is not closed yet (escalated cases are with the
    /// police, not in the street).
    public static let openStatuses: Set<String> = Set(CaseStatus.allCases.filter(\.isOpen).map(\.rawValue))

    /// The `k` nearest cases to a point, restricted to the given types and statuses (open ones by
    /// default) and to a radius when given. The filter is applied while the R-tree is walked, so
    /// "the ten nearest open 建筑垃圾 cases" does not visit every case.
    public func nearestCases(to point: Point, crs: InputCRS = .wgs84, k: Int = 10, types: Set<String>? = nil,
                             statuses: Set<String>? = nil, radiusMeters: Double? = nil) throws -> [NearbyCase] {
        guard k >= 1, k <= configuration.maxPageSize else {
            throw CityQueryError.badParameter(name: "k", value: "\(k)", reason: "must be between 1 and \(configuration.maxPageSize)")
        }
        if let radiusMeters, !(radiusMeters >= 0 && radiusMeters.isFinite) {
            throw CityQueryError.badParameter(name: "radius", value: "\(radiusMeters)", reason: "must be a non-negative number of metres")
        }
        if let unknown = types?.first(where: { catalogue.caseType(code: $0) == nil }) {
            throw CityQueryError.badParameter(name: "type", value: unknown, reason: "no such case type in the catalogue")
        }
        if let unknown = statuses?.first(where: { CaseStatus(rawValue: $0) == nil }) {
            throw CityQueryError.badParameter(name: "status", value: unknown,
                                              reason: "expected one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let p = try bridge.working(point, from: crs)
        let wantedStatuses = statuses ?? Self.openStatuses
        return store.read { view in
            let cases = view[.cases]
            let tags = cases.tags
            let statusMask = tags.mask(wantedStatuses), typeMask = types.map(tags.mask)
            let hits = cases.index.nearest(x: p.x, y: p.y, k: k, maxDistance: radiusMeters ?? .infinity, filter: { id in
                tags.matches(rowid: Int64(id), status: statusMask, category: typeMask)
            })
            return hits.compactMap { hit in
                cases.features[Int64(hit.id)].map { NearbyCase(feature: CityFeature($0), distanceMeters: hit.distance) }
            }
        }
    }
}
