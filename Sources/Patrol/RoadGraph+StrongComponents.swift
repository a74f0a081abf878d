extension RoadGraph {
    /// Strongly connected node sets for a mode, largest first (Kosaraju, iterative). A car stop
    /// outside the largest set sits in a one-way trap: reachable but not left, or the reverse.
    /// Nodes the mode cannot use at all come out as singletons.
    public func stronglyConnectedComponents(mode: TravelMode) -> [[Int]] {
        let net = network(mode)
        let n = net.nodeCount
        // Reverse adjacency in CSR.
        var rOffsets = [Int](repeating: 0, count: n + 1)
        for a in net.targets.indices { rOffsets[Int(net.targets[a]) + 1] += 1 }
        for u in 0..<n { rOffsets[u + 1] += rOffsets[u] }
        var rTargets = [Int](repeating: 0, count: net.targets.count)
        var fill = rOffsets
        for u in 0..<n { for a in Int(net.offsets[u])..<Int(net.offsets[u + 1]) {
            let v = Int(net.targets[a]); rTargets[fill[v]] = u; fill[v] += 1
        } }
        // Pass 1: finishing order on the forward graph.
        var visited = [Bool](repeating: false, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        for s in 0..<n where !visited[s] {
            visited[s] = true
            var stack: [(node: Int, next: Int)] = [(s, Int(net.offsets[s]))]
            while let top = stack.last {
                if top.next < Int(net.offsets[top.node + 1]) {
                    stack[stack.count - 1].next += 1
                    let v = Int(net.targets[top.next])
                    if !visited[v] { visited[v] = true; stack.append((v, Int(net.offsets[v]))) }
                } else {
                    order.append(top.node); stack.removeLast()
                }
            }
        }
        // Pass 2: reverse graph in decreasing finishing time.
        var component = [Int](repeating: -1, count: n)
        var parts: [[Int]] = []
        for s in order.reversed() where component[s] < 0 {
            var members = [s]; component[s] = parts.count
            var k = 0
            while k < members.count {
                let u = members[k]; k += 1
                for i in rOffsets[u]..<rOffsets[u + 1] where component[rTargets[i]] < 0 {
                    component[rTargets[i]] = parts.count; members.append(rTargets[i])
                }
            }
            parts.append(members.sorted())
        }
        return parts.sorted { $0.count > $1.count || ($0.count == $1.count && $0[0] < $1[0]) }
    }
}
