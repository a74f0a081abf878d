import GeoCore

/// A connected piece of the network (ignoring direction), reported rather than dropped: a
/// small piece far from the rest usually means a digitising gap or a bridge tagged wrong.
public struct NetworkComponent: Sendable, Hashable {
    public var nodes: [Int]
    public var edgeCount: Int
    public var lengthMeters: Double
    public var envelope: Envelope
}

extension RoadGraph {
    /// Connected components, largest (by length) first. With a mode, only edges it may use
    /// in at least one direction count, and nodes touching none are left out.
    public func components(mode: TravelMode? = nil) -> [NetworkComponent] {
        var parent = Array(nodes.indices)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var c = x
            while parent[c] != r { let n = parent[c]; parent[c] = r; c = n }
            return r
        }
        var usable = [Bool](repeating: mode == nil, count: edges.count)
        if let mode {
            for e in edges.indices { let a = allows(mode, edge: e); usable[e] = a.forward || a.backward }
        }
        var touched = [Bool](repeating: mode == nil, count: nodes.count)
        for (i, e) in edges.enumerated() where usable[i] {
            touched[e.from] = true; touched[e.to] = true
            let a = find(e.from), b = find(e.to)
            if a != b { parent[a] = b }
        }
        var byRoot: [Int: NetworkComponent] = [:]
        for v in nodes.indices where touched[v] {
            byRoot[find(v), default: NetworkComponent(nodes: [], edgeCount: 0, lengthMeters: 0, envelope: .empty)]
                .nodes.append(v)
            byRoot[find(v)]!.envelope.expand(toInclude: nodes[v])
        }
        for (i, e) in edges.enumerated() where usable[i] {
            let r = find(e.from)
            byRoot[r]!.edgeCount += 1
            byRoot[r]!.lengthMeters += e.lengthMeters
            for p in e.geometry.points { byRoot[r]!.envelope.expand(toInclude: p) }
        }
        return byRoot.values.sorted { $0.lengthMeters > $1.lengthMeters || ($0.lengthMeters == $1.lengthMeters && $0.nodes[0] < $1.nodes[0]) }
    }
}
