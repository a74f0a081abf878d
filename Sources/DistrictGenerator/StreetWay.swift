import GeoCore

/// One street centreline as the roads layer carries it, in the working CRS (EPSG:4549, metres).
public struct StreetWay: Hashable, Sendable {
    public var id: String
    /// The road name; unnamed OSM ways get `StreetWay.unnamed`.
    public var name: String
    /// The OSM `highway` value (primary, secondary_link, residential…).
    public var highway: String
    /// "yes", "-1" (against the drawing direction) or "" (both ways).
    public var oneway: String
    public var bridge: Bool
    public var tunnel: Bool
    /// OSM `layer`; nil where the way has no layer tag (unknown, not 0).
    public var layer: Int?
    public var line: LineString

    public static let unnamed = "无名道路"

    public init(id: String, name: String, highway: String, oneway: String = "", bridge: Bool = false,
                tunnel: Bool = false, layer: Int? = nil, line: LineString) {
        self.id = id
        self.name = name
        self.highway = highway
        self.oneway = oneway
        self.bridge = bridge
        self.tunnel = tunnel
        self.layer = layer
        self.line = line
    }

    /// Busier roads carry shops on their frontages and are cut into road-chief segments first.
    public var isBusy: Bool { RoadWidths.busyClasses.contains(highway) }
}

/// Red-line (道路红线) widths by OSM class: the planned road reserve, wall to wall, in metres.
/// Typical Shanghai planning widths: arterials 40 m, secondary 30 m, branch roads 20 m, lanes 12 m.
public enum RoadWidths {
    public static let table: [String: Double] = [
        "motorway": 50, "trunk": 40, "primary": 40, "secondary": 30, "tertiary": 20,
        "unclassified": 12, "residential": 12, "living_street": 12, "service": 8,
        "motorway_link": 10, "trunk_link": 10, "primary_link": 10, "secondary_link": 10, "tertiary_link": 8,
    ]
    static let busyClasses: Set<String> = ["primary", "secondary", "tertiary"]

    /// The red-line width for a class; 8 m for anything the table does not list.
    public static func width(highway: String) -> Double { table[highway] ?? 8 }
}
