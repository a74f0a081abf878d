/// Minimum-weight perfect matching of an even number of nodes, heuristically: greedy on the
/// cheapest pairs, then pair swaps ((a,b),(c,d) → (a,c),(b,d) or (a,d),(b,c)) until none helps.
/// Not Edmonds' blossom algorithm: close to optimal on street networks, not guaranteed optimal.
enum Matching {
    static func greedyImproved(_ nodes: [Int], cost: (Int, Int) -> Double) -> [(Int, Int)] {
        guard nodes.count >= 2 else { return [] }
        var candidates: [(Double, Int, Int)] = []
        for i in 0..<nodes.count { for j in (i + 1)..<nodes.count { candidates.append((cost(nodes[i], nodes[j]), i, j)) } }
        candidates.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var taken = [Bool](repeating: false, count: nodes.count)
        var pairs: [(Int, Int)] = []
        for (_, i, j) in candidates where !taken[i] && !taken[j] {
            taken[i] = true; taken[j] = true
            pairs.append((nodes[i], nodes[j]))
        }
        var improved = true
        while improved {
            improved = false
            for p in 0..<pairs.count {
                for q in (p + 1)..<pairs.count {
                    let (a, b) = pairs[p], (c, d) = pairs[q]
                    let now = cost(a, b) + cost(c, d)
                    let x = cost(a, c) + cost(b, d), y = cost(a, d) + cost(b, c)
                    if x < now - 1e-9 && x <= y { pairs[p] = (a, c); pairs[q] = (b, d); improved = true }
                    else if y < now - 1e-9 { pairs[p] = (a, d); pairs[q] = (b, c); improved = true }
                }
            }
        }
        return pairs
    }
}

/// Min-cost transportation (supplies to demands, equal totals) by successive shortest paths
/// with Bellman–Ford on the residual bipartite network: exact, and small here (tens of nodes).
enum Transportation {
    static func solve(supply: [Int], demand: [Int], cost: (Int, Int) -> Double) throws -> [(Int, Int, Int)] {
        let s = supply.count, t = demand.count
        let big = 1e15
        var c = [[Double]](repeating: [Double](repeating: 0, count: t), count: s)
        for i in 0..<s { for j in 0..<t { let x = cost(i, j); c[i][j] = x.isFinite ? x : big } }
        var flow = [[Int]](repeating: [Int](repeating: 0, count: t), count: s)
        var left = supply, need = demand
        while let _ = left.firstIndex(where: { $0 > 0 }) {
            // Bellman–Ford over nodes: sources 0..<s, sinks s..<s+t; forward arcs i→j any time,
            // backward arcs j→i where flow > 0 (at negative cost).
            var dist = [Double](repeating: .infinity, count: s + t)
            var pred = [Int](repeating: -1, count: s + t)
            for i in 0..<s where left[i] > 0 { dist[i] = 0 }
            var changed = true, rounds = 0
            while changed && rounds <= s + t {
                changed = false; rounds += 1
                for i in 0..<s where dist[i].isFinite {
                    for j in 0..<t where dist[i] + c[i][j] < dist[s + j] - 1e-9 { dist[s + j] = dist[i] + c[i][j]; pred[s + j] = i; changed = true }
                }
                for j in 0..<t where dist[s + j].isFinite {
                    for i in 0..<s where flow[i][j] > 0 && dist[s + j] - c[i][j] < dist[i] - 1e-9 {
                        dist[i] = dist[s + j] - c[i][j]; pred[i] = s + j; changed = true
                    }
                }
            }
            guard let sink = (0..<t).filter({ need[$0] > 0 && dist[s + $0].isFinite }).min(by: { dist[s + $0] < dist[s + $1] }) else { break }
            // Walk back to the source, finding the bottleneck.
            var path: [(Int, Int, Bool)] = []  // (i, j, forward)
            var x = s + sink
            var amount = need[sink]
            while true {
                let p = pred[x]
                if x >= s { path.append((p, x - s, true)); x = p }
                else if p < 0 { amount = min(amount, left[x]); break }
                else { let j = p - s; path.append((x, j, false)); amount = min(amount, flow[x][j]); x = p }
            }
            for (i, j, forward) in path { flow[i][j] += forward ? amount : -amount }
            left[x] -= amount; need[sink] -= amount
        }
        var out: [(Int, Int, Int)] = []
        for i in 0..<s { for j in 0..<t where flow[i][j] > 0 { out.append((i, j, flow[i][j])) } }
        return out
    }
}
