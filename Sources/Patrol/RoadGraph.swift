import GeoCore

/// One stretch of road between two graph nodes, with its geometry from `from` to `to`.
public struct RoadEdge: Sendable, Hashable {
    public var from: Int
    public var to: Int
    public var geometry: LineString
    public var lengthMeters: Double
    /// Index into `RoadGraph.lines` of the road line this edge was cut from.
    public var line: Int
    public var oneway: Oneway
    /// Cut from a bridge or tunnel: a point as near the street beneath is taken to be on the street.
    public var isBridgeOrTunnel: Bool = false
}

/// A routable road network: noded road lines, with one compact adjacency (CSR) per travel mode.
/// Nodes are vertices shared by several lines, line ends, and crossings of lines on one level.
public struct RoadGraph: Sendable {
    public let lines: [RoadLine]
    public let nodes: [Point]
    public let edges: [RoadEdge]
    public let speeds: SpeedTable
    /// Per-mode directed adjacency, indexed by `TravelMode`.
    let networks: [TravelMode: ModeNetwork]
    /// Per-mode arcs turned around, for searches toward one target from many sources (dispatch).
    /// Built with the graph rather than on first use: a pass over the arcs, 0.08 ms of a 1.7 ms
    /// build on the Hongkou grid and 0.04 ms of 3.2 ms on People's Square (release, one core),
    /// and 130 KiB for the three modes there, which keeps RoadGraph a plain value with no lock.
    let reverseNetworks: [TravelMode: ReverseNetwork]
    let edgeIndex: EdgeLocator

    /// Builds the graph. `snapToleranceMeters`: line ends closer than this to another line's
    /// vertex or segment are joined to it (digitising gaps); defaults to 1 m.
    public init(lines: [RoadLine], speeds: SpeedTable, snapToleranceMeters: Double = 1) throws {
        guard snapToleranceMeters >= 0, snapToleranceMeters.isFinite else {
            throw PatrolError.invalidParameter(function: "RoadGraph.init", parameter: "snapToleranceMeters",
                                               value: "\(snapToleranceMeters)")
        }
        var noder = try Noder(lines: lines, tolerance: snapToleranceMeters)
        let built = noder.split()
        self.lines = lines
        self.nodes = built.nodes
        self.edges = built.edges
        self.speeds = speeds
        var networks: [TravelMode: ModeNetwork] = [:]
        for mode in TravelMode.allCases {
            networks[mode] = ModeNetwork(nodeCount: built.nodes.count, edges: built.edges, lines: lines,
                                         mode: mode, speeds: speeds)
        }
        self.networks = networks
        self.reverseNetworks = networks.mapValues(ReverseNetwork.init(transposing:))
        self.edgeIndex = EdgeLocator(edges: built.edges)
    }

    /// Convenience: the bundled speed table.
    public init(lines: [RoadLine], snapToleranceMeters: Double = 1) throws {
        try self.init(lines: lines, speeds: try SpeedTable.bundled(), snapToleranceMeters: snapToleranceMeters)
    }

    public var envelope: Envelope { Envelope(covering: nodes) }

    func network(_ mode: TravelMode) -> ModeNetwork { networks[mode]! }
    func reverseNetwork(_ mode: TravelMode) -> ReverseNetwork { reverseNetworks[mode]! }

    /// Whether `mode` may travel edge `e` forward (from → to) and backward.
    public func allows(_ mode: TravelMode, edge e: Int) -> (forward: Bool, backward: Bool) {
        let n = network(mode)
        return (n.forwardCost[e].isFinite, n.backwardCost[e].isFinite)
    }

    /// Seconds for `mode` to travel the whole edge in each direction (infinity when not allowed).
    public func travelSeconds(_ mode: TravelMode, edge e: Int) -> (forward: Double, backward: Double) {
        let n = network(mode)
        return (n.forwardCost[e], n.backwardCost[e])
    }
}
