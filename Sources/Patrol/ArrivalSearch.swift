/// Many sources to one target in one search: a Dijkstra from the target over the reversed arcs
/// settles the nodes in order of their seconds TO the target; each settled node turns at once
/// into arrival times for the sources that can leave onto it (ModeNetwork.forEachDeparture).
///
/// Arrivals are given out in order, and only when final: a source's best known time is final
/// once it is below the frontier's key, since every way through an unsettled node costs at least
/// that key (partial edges cost >= 0). So the search may stop as soon as `limit` arrivals are
/// final, or the frontier passes `maxSeconds`, or every node a source can leave onto is settled.
struct ArrivalSearch {
    let network: ModeNetwork
    let reverse: ReverseNetwork

    /// The arrivals, fastest first, and how many nodes the search settled (tests check that a
    /// limit or a cut-off does stop it early).
    func run(at target: EdgePosition, from sources: [EdgePosition], edges: [RoadEdge],
             limit: Int, maxSeconds: Double) -> (arrivals: [StreetArrival], settledNodes: Int) {
        let n = reverse.nodeCount
        // Per source: the best time known, its metres, and whether it has been given out.
        var best = [Double](repeating: .infinity, count: sources.count)
        var bestMeters = [Double](repeating: .infinity, count: sources.count)
        var given = [Bool](repeating: false, count: sources.count)
        // Sources' best times, lazily: an entry whose key is no longer its source's best is stale.
        var candidates = BinaryHeap()
        func offer(_ s: Int, _ seconds: Double, _ meters: Double) {
            guard seconds < best[s], seconds <= maxSeconds else { return }
            best[s] = seconds; bestMeters[s] = meters
            candidates.push(seconds, Int32(s))
        }

        // Each source's ways onto the network, threaded per node: `first[v]` and `next` list the
        // departures that leave onto node v. `waiting` counts such nodes not yet settled.
        var first = [Int32](repeating: -1, count: n)
        var next: [Int32] = [], leaver: [Int32] = [], leaveSeconds: [Double] = [], leaveMeters: [Double] = []
        next.reserveCapacity(2 * sources.count); leaver.reserveCapacity(2 * sources.count)
        leaveSeconds.reserveCapacity(2 * sources.count); leaveMeters.reserveCapacity(2 * sources.count)
        var waiting = 0
        let targetEdge = edges[target.edge]
        for (s, p) in sources.enumerated() {
            // Along the target's own edge first, so that it wins a tie as in the forward search.
            if p.edge == target.edge, let d = network.direct(from: p, to: target, along: targetEdge) {
                offer(s, d.seconds, d.meters)
            }
            network.forEachDeparture(from: p, along: edges[p.edge]) { _, node, seconds, meters in
                if first[node] < 0 { waiting += 1 }
                next.append(first[node]); first[node] = Int32(leaver.count)
                leaver.append(Int32(s)); leaveSeconds.append(seconds); leaveMeters.append(meters)
            }
        }

        var out: [StreetArrival] = []
        /// Gives out every best time below `bound`, which no unsettled node can improve. Within
        /// one call the order is fixed by sorting; across calls it holds because a later time
        /// comes from a node settled later, at or above the earlier bound. True when `limit` is met.
        func giveOut(below bound: Double) -> Bool {
            let start = out.count
            while let key = candidates.keys.first, key < bound {
                let s = Int(candidates.pop().value)
                guard !given[s], key == best[s] else { continue }
                given[s] = true
                out.append(StreetArrival(source: s, seconds: key, meters: bestMeters[s]))
            }
            if out.count - start > 1 {
                out[start...].sort { ($0.seconds, $0.source) < ($1.seconds, $1.source) }
            }
            if out.count >= limit { out.removeLast(out.count - limit); return true }
            return false
        }

        // Seconds (and metres) from each node to the target, grown from the target's edge ends.
        var cost = [Double](repeating: .infinity, count: n), length = [Double](repeating: .infinity, count: n)
        var settled = [Bool](repeating: false, count: n), settledCount = 0
        var frontier = BinaryHeap()
        network.forEachApproach(to: target, along: targetEdge) { _, node, seconds, meters in
            if seconds < cost[node] { cost[node] = seconds; length[node] = meters; frontier.push(seconds, Int32(node)) }
        }
        let offsets = reverse.offsets, tails = reverse.sources, costs = reverse.costs, lengths = reverse.lengths
        while waiting > 0, !frontier.isEmpty {
            let (key, value) = frontier.pop()
            let v = Int(value)
            if settled[v] { continue }
            if key > maxSeconds { break }
            if giveOut(below: key) { return (out, settledCount) }
            settled[v] = true; settledCount += 1
            let d = cost[v], m = length[v]
            if first[v] >= 0 {
                waiting -= 1
                var i = Int(first[v])
                while i >= 0 {
                    offer(Int(leaver[i]), leaveSeconds[i] + d, leaveMeters[i] + m)
                    i = Int(next[i])
                }
            }
            for r in Int(offsets[v])..<Int(offsets[v + 1]) {
                let u = Int(tails[r])
                let c = d + costs[r]
                // Beyond maxSeconds a node can give no source an arrival worth reporting.
                if !settled[u], c < cost[u], c <= maxSeconds {
                    cost[u] = c; length[u] = m + lengths[r]
                    frontier.push(c, Int32(u))
                }
            }
        }
        // Stopped with every departure node settled, the frontier past maxSeconds (every
        // candidate is at or below it), or nothing left to settle: all that is known is final.
        _ = giveOut(below: .infinity)
        return (out, settledCount)
    }
}
