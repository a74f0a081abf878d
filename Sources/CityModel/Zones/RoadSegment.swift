import GeoCore

/// A stretch of a road (路段) with the road chief (路长) answerable for it.
public struct RoadSegment: Hashable, Sendable, Codable {
    public var id: String
    public var roadName: String
    public var roadClass: RoadClass
    @GeoJSONCoded public var centreline: LineString
    /// The `RoadChief.id` of the chief; nil while the segment has none assigned.
    public var chiefID: String?

    public init(id: String, roadName: String, roadClass: RoadClass, centreline: LineString, chiefID: String? = nil) {
        self.id = id
        self.roadName = roadName
        self.roadClass = roadClass
        self._centreline = GeoJSONCoded(wrappedValue: centreline)
        self.chiefID = chiefID
    }

    public var lengthMeters: Double { centreline.length }

    public func validate() throws {
        let check = EntityCheck(entity: "RoadSegment", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(roadName, "roadName")
        try check.lineString(centreline, "centreline")
        if let chiefID { try check.nonEmpty(chiefID, "chiefID") }
    }
}
