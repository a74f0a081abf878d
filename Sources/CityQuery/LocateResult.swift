import CityModel
import GeoCore

/// Where a reported point belongs: the answer of `locate`, and what a new case, storefront or
/// structure is attributed with.
public struct LocateResult: Codable, Sendable, Hashable {
    public struct Cell: Codable, Sendable, Hashable {
        public var code: String
        public var subDistrict: String
        public var community: String
        public var officer: String?
    }

    public struct ParcelRef: Codable, Sendable, Hashable {
        public var number: String
        public var landUse: String
        public var holder: String?
    }

    public struct SegmentRef: Codable, Sendable, Hashable {
        public var id: String
        public var roadName: String
        public var distanceMeters: Double
        public var chief: RoadChief?
    }

    public struct RedLineRef: Codable, Sendable, Hashable {
        public var id: String
        public var roadName: String
        /// Positive inside the red line, negative outside.
        public var signedDistanceMeters: Double
        public var toleranceMeters: Double
        public var verdict: RedLineVerdict
    }

    /// The point in the working CRS.
    public var x: Double
    public var y: Double
    public var cell: Cell?
    public var parcel: ParcelRef?
    public var segment: SegmentRef?
    /// The red line the point is in, or the nearest one within the search distance.
    public var redLine: RedLineRef?
    /// The verdict on the red line: outside when no red line is near at all.
    public var redLineVerdict: RedLineVerdict
    /// Construction waste (建筑垃圾) inside the red line is a traffic-safety matter, outside an
    /// environmental-pollution one; within the tolerance band it needs on-site confirmation.
    public var constructionWasteLiability: LiabilityBasis

    /// The domain attribution this answer gives, with the zone versions it was computed on.
    public func attribution(zoneVersions: ZoneVersions) -> Attribution {
        Attribution(
            gridCode: cell.flatMap { try? GridCode(parsing: $0.code) },
            subDistrict: cell?.subDistrict, community: cell?.community,
            parcelNumber: parcel?.number,
            segment: segment.map { SegmentAttribution(segmentID: $0.id, roadName: $0.roadName, chiefID: $0.chief?.id,
                                                      distanceMeters: $0.distanceMeters) },
            redLine: redLine.map { RedLineAttribution(redLineID: $0.id, roadName: $0.roadName,
                                                      signedDistanceMeters: $0.signedDistanceMeters,
                                                      toleranceMeters: $0.toleranceMeters) },
            zoneVersions: zoneVersions)
    }
}
