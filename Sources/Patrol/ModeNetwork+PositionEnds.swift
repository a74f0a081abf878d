/// Which end of its edge a mid-edge position is left by or reached through.
enum EdgeEnd { case from, to }

extension ModeNetwork {
    /// How near an edge's end a position is at its node: standing at a junction, one may leave
    /// by any street, not only along the one-way edge the point happened to snap to.
    static let atNodeMeters = 1e-6

    /// The ways a traveller at `p` gets onto the network: at no cost to the node he stands on,
    /// and along his edge to either end the mode may travel toward, paying the partial edge.
    /// `body(end, node, seconds, metres)` is called in a fixed order (the node he stands on
    /// first), so that equal times resolve the same way in every search that uses it.
    @inline(__always)
    func forEachDeparture(from p: EdgePosition, along e: RoadEdge, _ body: (EdgeEnd, Int, Double, Double) -> Void) {
        if p.offsetMeters <= Self.atNodeMeters { body(.from, e.from, 0, 0) }
        if p.offsetMeters >= e.lengthMeters - Self.atNodeMeters { body(.to, e.to, 0, 0) }
        let frac = e.lengthMeters > 0 ? p.offsetMeters / e.lengthMeters : 0
        if backwardCost[p.edge].isFinite { body(.from, e.from, backwardCost[p.edge] * frac, p.offsetMeters) }
        if forwardCost[p.edge].isFinite {
            body(.to, e.to, forwardCost[p.edge] * (1 - frac), e.lengthMeters - p.offsetMeters)
        }
    }

    /// The ways a traveller reaches `p` from the network: on reaching the node it stands on,
    /// whichever way its edge runs, or from either end along its edge where the mode may travel
    /// toward it, paying the partial edge. Same order rule as `forEachDeparture`.
    @inline(__always)
    func forEachApproach(to p: EdgePosition, along e: RoadEdge, _ body: (EdgeEnd, Int, Double, Double) -> Void) {
        if p.offsetMeters <= Self.atNodeMeters { body(.from, e.from, 0, 0) }
        if p.offsetMeters >= e.lengthMeters - Self.atNodeMeters { body(.to, e.to, 0, 0) }
        let frac = e.lengthMeters > 0 ? p.offsetMeters / e.lengthMeters : 0
        if forwardCost[p.edge].isFinite { body(.from, e.from, forwardCost[p.edge] * frac, p.offsetMeters) }
        if backwardCost[p.edge].isFinite {
            body(.to, e.to, backwardCost[p.edge] * (1 - frac), e.lengthMeters - p.offsetMeters)
        }
    }

    /// Travelling from `a` to `b` on their shared edge without leaving it: seconds and metres, or
    /// nil when the mode may not go that way along the edge (a car downstream on a one-way street).
    /// Standing on the spot is arriving, whichever way the edge runs (a car at a case on a street
    /// one-way against its digitised direction is not sent round the block).
    func direct(from a: EdgePosition, to b: EdgePosition, along e: RoadEdge) -> (seconds: Double, meters: Double)? {
        guard a.edge == b.edge else { return nil }
        let d = b.offsetMeters - a.offsetMeters
        if d == 0 { return (0, 0) }
        let along = d >= 0 ? forwardCost[a.edge] : backwardCost[a.edge]
        guard along.isFinite else { return nil }
        return (along * abs(d) / max(e.lengthMeters, .leastNonzeroMagnitude), abs(d))
    }
}
