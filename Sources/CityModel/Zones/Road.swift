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
