import GeoCore

/// Road classes after OpenStreetMap's `highway=*` values, which Chinese road data maps onto well
/// (快速路 motorway/trunk, 主干路 primary, 次干路 secondary, 支路 tertiary/residential).
public enum RoadClass: String, CaseIterable, Hashable, Sendable, Codable {
    case motorway, trunk, primary, secondary, tertiary, unclassified, residential, service
    case livingStreet, pedestrian, footway, cycleway, track, other

    public var labelZH: String {
        switch self {
        case .motorway: "高速公路"
        case .trunk: "快速路"
        case .primary: "主干路"
        case .secondary: "次干路"
        case .tertiary: "支路"
        case .unclassified: "未分级道路"
        case .residential: "街坊路"
        case .service: "服务性道路"
        case .livingStreet: "生活街道"
        case .pedestrian: "步行街"
        case .footway: "人行道"
        case .cycleway: "非机动车道"
        case .track: "便道"
        case .other: "其他道路"
        }
    }

    /// Maps an OSM `highway` tag value (link roads fold into their class).
    public init(osmHighway value: String) {
        let base = value.hasSuffix("_link") ? String(value.dropLast(5)) : value
        switch base {
        case "living_street": self = .livingStreet
        default: self = RoadClass(rawValue: base) ?? .other
        }
    }
}

/// A named road with its whole centreline (possibly in several parts).
public struct Road: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var roadClass: RoadClass
    @GeoJSONCoded public var centreline: MultiLineString

    public init(id: String, name: String, roadClass: RoadClass, centreline: MultiLineString) {
        self.id = id
        self.name = name
        self.roadClass = roadClass
        self._centreline = GeoJSONCoded(wrappedValue: centreline)
    }

    public var lengthMeters: Double { centreline.lineStrings.reduce(0) { $0 + $1.length } }

    public func validate() throws {
        let check = EntityCheck(entity: "Road", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        guard !centreline.lineStrings.isEmpty else { throw check.failure("centreline", "has no parts") }
        for (i, part) in centreline.lineStrings.enumerated() { try check.lineString(part, "centreline[\(i)]") }
    }
}

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

/// A road chief (路长): a named official answerable for one or more segments.
public struct RoadChief: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// The chief's work unit (工作单位), e.g. the sub-district office.
    public var unit: String
    public var phone: String

    public init(id: String, name: String, unit: String, phone: String) {
        self.id = id
        self.name = name
        self.unit = unit
        self.phone = phone
    }

    public func validate() throws {
        let check = EntityCheck(entity: "RoadChief", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        try check.nonEmpty(unit, "unit")
        // Mobile (11 digits) or landline with area code (021-xxxxxxxx); separators allowed.
        let allowed = phone.allSatisfy { ($0.isASCII && $0.isNumber) || " -+()".contains($0) }
        let digitCount = phone.filter { $0.isASCII && $0.isNumber }.count
        guard allowed, (7...15).contains(digitCount) else {
            throw check.failure("phone", "\"\(phone)\" is not a phone number (7–15 digits, separators - + ( ) and space)")
        }
    }
}

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
