import CityModel
import CityStore
import Foundation
import GeoCore
import Patrol

/// How much of the road-chief segments an officer's stored track passed along: the GPS coverage
/// audit (`Patrol.CoverageAuditor`) fed from the tracks the duty app sends, so "did the patrol
/// walk its streets today" is asked of what was recorded, not of a file handed in afterwards.
public struct TrackCoverage: Sendable {
    public var officer: Officer
    public var fixes: Int
    public var audit: CoverageAudit
    public var toleranceMeters: Double
    public var coveredFraction: Double
}

extension CityQueries {
    /// The officer's track from `from` to `to` against the segments named, or a chief's whole patch.
    public func coverage(officerID: String, segmentIDs: [String]? = nil, chiefID: String? = nil, from: Date? = nil, to: Date? = nil,
                         toleranceMeters: Double = 20, coveredFraction: Double = 0.8) throws -> TrackCoverage {
        guard (segmentIDs == nil) != (chiefID == nil) else {
            throw CityQueryError.badParameter(name: "segment", value: "", reason: "give the segments (segment=) or a road chief (chief=), one of them")
        }
        guard toleranceMeters > 0, toleranceMeters <= 200 else {
            throw CityQueryError.badParameter(name: "tolerance", value: "\(toleranceMeters)", reason: "must be more than 0 and at most 200 metres")
        }
        guard coveredFraction > 0, coveredFraction <= 1 else {
            throw CityQueryError.badParameter(name: "fraction", value: "\(coveredFraction)", reason: "must be more than 0 and at most 1")
        }
        let officer = try self.officer(id: officerID)
        var seen = Set<String>()
        let ids = try (segmentIDs ?? segments(ofChief: chiefID!).map(\.segment.id)).filter { seen.insert($0).inserted }
        guard !ids.isEmpty, ids.count <= 5_000 else {
            throw CityQueryError.badParameter(name: "segment", value: "\(ids.count) segments", reason: "give between 1 and 5,000 segments")
        }
        let lines: [(id: String, geometry: LineString)] = try store.read { view in
            try ids.flatMap { id -> [(id: String, geometry: LineString)] in
                guard let g = view[.segments].feature(id: id)?.geometry else { throw CityQueryError.notFound(layer: "segments", id: id) }
                switch g {
                case .lineString(let l): return [(id, l)]
                case .multiLineString(let m): return m.lineStrings.map { (id, $0) }
                default: throw CityQueryError.unprocessable(name: "segment", reason: "\(id) is not a line")
                }
            }
        }
        let track = try self.track(officerID: officerID, from: from, to: to, limit: 100_000).map(\.point)
        let audit = try CoverageAuditor.audit(track: track, segments: lines, toleranceMeters: toleranceMeters, coveredFraction: coveredFraction)
        return TrackCoverage(officer: officer, fixes: track.count, audit: audit,
                             toleranceMeters: toleranceMeters, coveredFraction: coveredFraction)
    }
}
