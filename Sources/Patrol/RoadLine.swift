import GeoCore

/// How a team moves. Car honours one-way streets; foot ignores them; bike honours them but may
/// walk against the flow at foot speed (a dismounted rider pushing the bike on the pavement,
/// which Shanghai's enforcement teams do), so a bike never gets stranded by a one-way block.
public enum TravelMode: String, Sendable, CaseIterable, Codable {
    case foot, bike, car

    /// "on foot", "by bike", "by car", for messages.
    public var phrase: String { self == .foot ? "on foot" : "by \(rawValue)" }
}

/// OSM `oneway`: `yes` means travel only in digitised direction, `reverse` (OSM `-1`) only against.
public enum Oneway: String, Sendable, Codable {
    case no, yes, reverse

    /// Parses OSM values: yes/true/1 → yes, -1/reverse → reverse, anything else → no.
    public init(osm value: String?) {
        switch value?.lowercased() {
        case "yes", "true", "1": self = .yes
        case "-1", "reverse": self = .reverse
        default: self = .no
        }
    }
}

/// One road line as the road layer gives it, in a metric CRS (metres).
public struct RoadLine: Sendable, Hashable {
    public var id: String
    public var geometry: LineString
    public var name: String?
    /// OSM highway value (`primary`, `residential`, ...), looked up in the speed table.
    public var roadClass: String
    public var oneway: Oneway
    public var bridge: Bool
    public var tunnel: Bool
    /// OSM layer; nil means "not tagged".
    public var layer: Int?
    /// The road-chief segment this line belongs to, if any.
    public var segmentID: String?

    public init(id: String, geometry: LineString, name: String? = nil, roadClass: String,
                oneway: Oneway = .no, bridge: Bool = false, tunnel: Bool = false, layer: Int? = nil,
                segmentID: String? = nil) {
        self.id = id
        self.geometry = geometry
        self.name = name
        self.roadClass = roadClass
        self.oneway = oneway
        self.bridge = bridge
        self.tunnel = tunnel
        self.layer = layer
        self.segmentID = segmentID
    }

    /// A bridge or tunnel meets other lines only at its ends or at a shared vertex on its level.
    public var isBridgeOrTunnel: Bool { bridge || tunnel }

    /// The vertical level used for noding: OSM's `layer` when tagged, else +1 for a bridge and -1
    /// for a tunnel (the OSM wiki's implied layer), else 0. An untagged layer is unknown, not 0:
    /// a bridge whose source says nothing of its layer is still above the street.
    public var level: Int {
        if let layer { return layer }
        if bridge { return 1 }
        if tunnel { return -1 }
        return 0
    }
}
