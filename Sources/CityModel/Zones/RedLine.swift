import GeoCore

/// A road red line (道路红线): the legal boundary of a road's right of way.
public struct RedLine: Hashable, Sendable, Codable {
    public var id: String
    public var roadName: String
    @GeoJSONCoded public var polygon: Polygon
    /// The planned red-line width (规划红线宽度) in metres.
    public var widthMeters: Double

    public init(id: String, roadName: String, polygon: Polygon, widthMeters: Double) {
        self.id = id
        self.roadName = roadName
        self._polygon = GeoJSONCoded(wrappedValue: polygon)
        self.widthMeters = widthMeters
    }

    public func validate() throws {
        let check = EntityCheck(entity: "RedLine", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(roadName, "roadName")
        try check.polygon(polygon, "polygon")
        try check.finite(widthMeters, "widthMeters")
        guard widthMeters > 0 else { throw check.failure("widthMeters", "must be positive (\(widthMeters))") }
    }
}
