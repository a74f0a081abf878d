import GeoCore

/// Reusable scratch for Dijkstra and A* on one mode's network: distances, path lengths and
/// predecessor arcs, reset lazily with a generation stamp so repeated searches cost only what
/// they touch.
struct PathSearch {
    let network: ModeNetwork
    var cost: [Double]
    var length: [Double]
    var predArc: [Int32]
    private var stamp: [UInt32]
    private var generation: UInt32 = 0
    private var settled: [UInt32]
    var heap = BinaryHeap()

    init(network: ModeNetwork) {
        self.network = network
        let n = network.nodeCount
        cost = [Double](repeating: .infinity, count: n)
        length = [Double](repeating: .infinity, count: n)
        predArc = [Int32](repeating: -1, count: n)
        stamp = [UInt32](repeating: 0, count: n)
        settled = [UInt32](repeating: 0, count: n)
    }

    @inline(__always) func costOf(_ v: Int) -> Double { stamp[v] == generation ? cost[v] : .infinity }
    @inline(__always) func lengthOf(_ v: Int) -> Double { stamp[v] == generation ? length[v] : .infinity }
    @inline(__always) func isSettled(_ v: Int) -> Bool { settled[v] == generation }

    mutating func begin() {
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0; settled[i] = 0 }
            generation = 1
        }
        heap.removeAll()
    }

    /// Seeds a source node with an initial cost (a mid-edge start pays its way to the node).
    mutating func seed(_ v: Int, cost c: Double, length l: Double, heuristic h: Double = 0) {
        if stamp[v] != generation || c < cost[v] {
            stamp[v] = generation; cost[v] = c; length[v] = l; predArc[v] = -1
            heap.push(c + h, Int32(v))
        }
    }

    /// Dijkstra (heuristic nil) or A* (heuristic a consistent lower bound on remaining cost).
    /// Stops once `remainingTargets` marked nodes are settled, or when `stopAt` is settled.
    mutating func run(targets: inout [Bool], remainingTargets: Int, heuristic: ((Int) -> Double)? = nil) {
        var remaining = remainingTargets
        let offsets = network.offsets, targetsArr = network.targets, costs = network.costs, lengths = network.lengths
        while !heap.isEmpty {
            let (_, value) = heap.pop()
            let u = Int(value)
            if settled[u] == generation { continue }
            settled[u] = generation
            if remaining > 0 && targets[u] {
                remaining -= 1
                if remaining == 0 { break }
            }
            let cu = cost[u], lu = length[u]
            for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                let v = Int(targetsArr[a])
                let c = cu + costs[a]
                if stamp[v] != generation || c < cost[v] {
                    stamp[v] = generation; cost[v] = c; length[v] = lu + lengths[a]; predArc[v] = Int32(a)
                    heap.push(c + (heuristic?(v) ?? 0), Int32(v))
                }
            }
        }
    }

    /// Arcs from the seed to `v`, in travel order.
    func arcs(to v: Int) -> [Int] {
        var out: [Int] = []
        var x = v
        while stamp[x] == generation, predArc[x] >= 0 {
            let a = Int(predArc[x])
            out.append(a)
            x = sourceOf(arc: a)
        }
        return out.reversed()
    }

    /// The tail node of an arc, found from its edge and direction.
    func sourceOf(arc a: Int) -> Int {
        // Binary search the CSR offsets: arc a leaves the node whose row contains it.
        var lo = 0, hi = network.nodeCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if Int(network.offsets[mid]) <= a { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
