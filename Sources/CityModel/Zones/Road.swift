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

    /// The OSM `highway` value of the class (`living_street`).
    public var osmHighway: String { self == .livingStreet ? "living_street" : rawValue }

    /// Maps an OSM `highway` tag value (link roads fold into their class; `Road.isLink` keeps it).
    public init(osmHighway value: String) {
        let base = value.hasSuffix("_link") ? String(value.dropLast(5)) : value
        switch base {
        case "living_street": self = .livingStreet
        default: self = RoadClass(rawValue: base) ?? .other
        }
    }
}

/// A named road with its whole centreline (possibly in several parts), and what routing needs to
/// know of it: which way traffic may drive it, and whether it runs over or under the streets it
/// crosses. A bridge or tunnel meets other streets only where it shares a vertex with them.
public struct Road: Hashable, Sendable {
    public var id: String
    public var name: String
    public var roadClass: RoadClass
    /// An OSM `*_link` road: a slip road or ramp of its class (`trunk_link` is a trunk ramp).
    public var isLink: Bool
    public var oneway: RoadOneway
    public var bridge: Bool
    public var tunnel: Bool
    /// OSM `layer`: the vertical order where ways cross (−5…5). Nil when the source does not say,
    /// which is not the same as 0: an untagged bridge is above the ground, a bridge tagged 0 is not.
    public var layer: Int?
    @GeoJSONCoded public var centreline: MultiLineString

    public init(id: String, name: String, roadClass: RoadClass, isLink: Bool = false, oneway: RoadOneway = .no,
                bridge: Bool = false, tunnel: Bool = false, layer: Int? = nil, centreline: MultiLineString) {
        self.id = id
        self.name = name
        self.roadClass = roadClass
        self.isLink = isLink
        self.oneway = oneway
        self.bridge = bridge
        self.tunnel = tunnel
        self.layer = layer
        self._centreline = GeoJSONCoded(wrappedValue: centreline)
    }

    public var lengthMeters: Double { centreline.lineStrings.reduce(0) { $0 + $1.length } }

    /// The OSM `highway` value: the class, with `_link` for a ramp (`primary_link`).
    public var osmHighway: String { roadClass.osmHighway + (isLink ? "_link" : "") }

    /// The OSM layers a road may have; beyond them a value is a typing error, not a level.
    public static let layers = -5...5

    public func validate() throws {
        let check = EntityCheck(entity: "Road", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        guard !centreline.lineStrings.isEmpty else { throw check.failure("centreline", "has no parts") }
        for (i, part) in centreline.lineStrings.enumerated() { try check.lineString(part, "centreline[\(i)]") }
        if let layer, !Self.layers.contains(layer) {
            throw check.failure("layer", "is \(layer); OSM layers run from \(Self.layers.lowerBound) to \(Self.layers.upperBound)")
        }
    }
}

extension Road: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, name, roadClass, isLink, oneway, bridge, tunnel, layer, centreline
    }

    /// Roads stored before the traffic fields existed decode as two-way, at grade, layer unknown.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                  roadClass: try c.decode(RoadClass.self, forKey: .roadClass),
                  isLink: try c.decodeIfPresent(Bool.self, forKey: .isLink) ?? false,
                  oneway: try c.decodeIfPresent(RoadOneway.self, forKey: .oneway) ?? .no,
                  bridge: try c.decodeIfPresent(Bool.self, forKey: .bridge) ?? false,
                  tunnel: try c.decodeIfPresent(Bool.self, forKey: .tunnel) ?? false,
                  layer: try c.decodeIfPresent(Int.self, forKey: .layer),
                  centreline: try c.decode(GeoJSONCoded<MultiLineString>.self, forKey: .centreline).wrappedValue)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(roadClass, forKey: .roadClass)
        try c.encode(isLink, forKey: .isLink)
        try c.encode(oneway, forKey: .oneway)
        try c.encode(bridge, forKey: .bridge)
        try c.encode(tunnel, forKey: .tunnel)
        try c.encodeIfPresent(layer, forKey: .layer)
        try c.encode(_centreline, forKey: .centreline)
    }
}
