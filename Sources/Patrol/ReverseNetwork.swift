/// One mode's network turned around: for every node, the arcs that ENTER it, in compressed sparse
/// rows (`offsets[v] ..< offsets[v + 1]`). A Dijkstra over these arcs from a target gives every
/// node's travel seconds TO the target, which is how one search answers "who reaches this case
/// soonest" for any number of officers instead of one search per officer.
///
/// Built by transposing the forward `ModeNetwork`, so the costs are the very numbers the forward
/// search adds, and the one-way rules are the forward network's by construction. Only what the
/// search needs is kept: the arc's tail, seconds and metres (20 bytes an arc; the forward network's
/// edge ids and directions are not copied, since paths are drawn by the forward search).
struct ReverseNetwork: Sendable {
    var offsets: [Int32]
    /// The node each entering arc comes from.
    var sources: [Int32]
    var costs: [Double]
    var lengths: [Double]

    init(transposing net: ModeNetwork) {
        let n = net.nodeCount, arcCount = net.targets.count
        var degree = [Int32](repeating: 0, count: n + 1)
        for a in 0..<arcCount { degree[Int(net.targets[a]) + 1] += 1 }
        for v in 0..<n { degree[v + 1] += degree[v] }
        offsets = degree
        sources = [Int32](repeating: 0, count: arcCount)
        costs = [Double](repeating: 0, count: arcCount)
        lengths = [Double](repeating: 0, count: arcCount)
        var fill = Array(degree.dropLast())
        for u in 0..<n {
            for a in Int(net.offsets[u])..<Int(net.offsets[u + 1]) {
                let v = Int(net.targets[a])
                let r = Int(fill[v]); fill[v] += 1
                sources[r] = Int32(u); costs[r] = net.costs[a]; lengths[r] = net.lengths[a]
            }
        }
    }

    var nodeCount: Int { offsets.count - 1 }
}
