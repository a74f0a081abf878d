import GeoCore

/// The nearest road segment and its chief.
public struct SegmentAttribution: Hashable, Sendable, Codable {
    public var segmentID: String
    public var roadName: String
    public var chiefID: String?
    public var distanceMeters: Double

    public init(segmentID: String, roadName: String, chiefID: String?, distanceMeters: Double) {
        self.segmentID = segmentID
        self.roadName = roadName
        self.chiefID = chiefID
        self.distanceMeters = distanceMeters
    }
}

/// The red-line finding for a point.
public struct RedLineAttribution: Hashable, Sendable, Codable {
    public var redLineID: String
    public var roadName: String
    /// Positive inside the red line, negative outside, in metres.
    public var signedDistanceMeters: Double
    public var toleranceMeters: Double
    public var verdict: RedLineVerdict

    /// The verdict is derived from the distance and tolerance, so the two can never disagree.
    public init(redLineID: String, roadName: String, signedDistanceMeters: Double,
                toleranceMeters: Double = RedLineVerdict.defaultToleranceMeters) {
        self.redLineID = redLineID
        self.roadName = roadName
        self.signedDistanceMeters = signedDistanceMeters
        self.toleranceMeters = toleranceMeters
        self.verdict = RedLineVerdict.from(signedDistance: signedDistanceMeters, tolerance: toleranceMeters)
    }
}

/// Version ids of the zone layers an attribution was computed against, so that a case keeps what
/// it had when reported even after the grid or the red lines are redrawn.
public struct ZoneVersions: Hashable, Sendable, Codable {
    public var grids: String?
    public var parcels: String?
    public var segments: String?
    public var redLines: String?

    public init(grids: String? = nil, parcels: String? = nil, segments: String? = nil, redLines: String? = nil) {
        self.grids = grids
        self.parcels = parcels
        self.segments = segments
        self.redLines = redLines
    }
}

// Each attribution type's JSON members, the one list its `encode(to:)` and the store's encoder
// write (every imported shop, structure and case carries an attribution); decoding stays
// synthesised. In key order (`JSONMembers`); optionals left out when nil, enumerations written as
// their raw values, as the synthesised encoding does.

extension SegmentAttribution: JSONMembers {
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("chiefID", ifPresent: chiefID)
        try w.member("distanceMeters", distanceMeters)
        try w.member("roadName", roadName)
        try w.member("segmentID", segmentID)
    }

    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

extension RedLineAttribution: JSONMembers {
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("redLineID", redLineID)
        try w.member("roadName", roadName)
        try w.member("signedDistanceMeters", signedDistanceMeters)
        try w.member("toleranceMeters", toleranceMeters)
        try w.member("verdict", verdict.rawValue)
    }

    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

extension ZoneVersions: JSONMembers {
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("grids", ifPresent: grids)
        try w.member("parcels", ifPresent: parcels)
        try w.member("redLines", ifPresent: redLines)
        try w.member("segments", ifPresent: segments)
    }

    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

extension Attribution: JSONMembers {
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("community", ifPresent: community)
        try w.member("gridCode", ifPresent: gridCode)
        try w.member("parcelNumber", ifPresent: parcelNumber)
        try w.member("redLine", ifPresent: redLine)
        try w.member("segment", ifPresent: segment)
        try w.member("subDistrict", ifPresent: subDistrict)
        try w.member("zoneVersions", zoneVersions)
    }

    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

/// Where a point belongs: grid cell, parcel, road segment and chief, red line. Computed elsewhere
/// (it needs GEOS and the spatial index); this is the value the case keeps.
public struct Attribution: Hashable, Sendable, Codable {
    public var gridCode: GridCode?
    public var subDistrict: String?
    public var community: String?
    public var parcelNumber: String?
    public var segment: SegmentAttribution?
    public var redLine: RedLineAttribution?
    public var zoneVersions: ZoneVersions

    public init(gridCode: GridCode? = nil, subDistrict: String? = nil, community: String? = nil,
                parcelNumber: String? = nil, segment: SegmentAttribution? = nil, redLine: RedLineAttribution? = nil,
                zoneVersions: ZoneVersions = ZoneVersions()) {
        self.gridCode = gridCode
        self.subDistrict = subDistrict
        self.community = community
        self.parcelNumber = parcelNumber
        self.segment = segment
        self.redLine = redLine
        self.zoneVersions = zoneVersions
    }

    /// Checks the numbers; `check` names the owning entity (the case that keeps the attribution).
    func validate(_ check: EntityCheck, field: String) throws {
        if let segment {
            try check.nonEmpty(segment.segmentID, "\(field).segment.segmentID")
            try check.nonNegative(segment.distanceMeters, "\(field).segment.distanceMeters")
        }
        if let redLine {
            try check.nonEmpty(redLine.redLineID, "\(field).redLine.redLineID")
            try check.finite(redLine.signedDistanceMeters, "\(field).redLine.signedDistanceMeters")
            try check.nonNegative(redLine.toleranceMeters, "\(field).redLine.toleranceMeters")
            let derived = RedLineVerdict.from(signedDistance: redLine.signedDistanceMeters, tolerance: redLine.toleranceMeters)
            guard derived == redLine.verdict else {
                throw check.failure("\(field).redLine.verdict", "is \(redLine.verdict.rawValue) but the distance gives \(derived.rawValue)")
            }
        }
    }

    /// The liability basis for a case of `type`: nil unless the red line decides liability for the
    /// type (construction waste); `needsConfirmation` when no red line was found near the point.
    public func liabilityBasis(for type: CaseType) -> LiabilityBasis? {
        guard type.redLineDecidesLiability else { return nil }
        guard let redLine else { return .needsConfirmation }
        return LiabilityBasis.forConstructionWaste(redLine.verdict)
    }
}
