/// First tours for the improver: cheapest insertion (the default: its tours start closer to
/// optimal than nearest neighbour's on street networks) and nearest neighbour.
enum TourConstruction {
    /// Cheapest insertion between fixed `start` and `end` (equal for a closed tour). Each city
    /// caches its best insertion edge; only cities whose cached edge was broken rescan the tour.
    static func cheapestInsertion(_ c: CostMatrix, start: Int, end: Int, cities: [Int]) -> [Int] {
        var next = [Int](repeating: -1, count: c.count + 1)
        // A closed tour uses a sentinel slot `c.count` standing for the return to start.
        let endSlot = start == end ? c.count : end
        next[start] = endSlot
        @inline(__always) func node(_ x: Int) -> Int { x == c.count ? start : x }
        var remaining = cities
        var bestCost = [Double](repeating: .infinity, count: remaining.count)
        var bestAfter = [Int](repeating: start, count: remaining.count)
        func insertion(_ k: Int, after x: Int) -> Double {
            let y = next[x]
            return c[node(x), k] + c[k, node(y)] - c[node(x), node(y)]
        }
        func rescan(_ r: Int) {
            var x = start, best = Double.infinity, after = start
            while x != endSlot {
                let d = insertion(remaining[r], after: x)
                if d < best { best = d; after = x }
                x = next[x]
            }
            bestCost[r] = best; bestAfter[r] = after
        }
        for r in remaining.indices { rescan(r) }
        while !remaining.isEmpty {
            var pick = 0
            for r in remaining.indices where bestCost[r] < bestCost[pick] { pick = r }
            let k = remaining[pick], x = bestAfter[pick]
            next[k] = next[x]; next[x] = k
            remaining.swapAt(pick, remaining.count - 1); remaining.removeLast()
            bestCost.swapAt(pick, bestCost.count - 1); bestCost.removeLast()
            bestAfter.swapAt(pick, bestAfter.count - 1); bestAfter.removeLast()
            for r in remaining.indices {
                if bestAfter[r] == x { rescan(r); continue }
                let viaX = insertion(remaining[r], after: x), viaK = insertion(remaining[r], after: k)
                if viaX < bestCost[r] { bestCost[r] = viaX; bestAfter[r] = x }
                if viaK < bestCost[r] { bestCost[r] = viaK; bestAfter[r] = k }
            }
        }
        var order = [start]
        var x = next[start]
        while x != endSlot { order.append(x); x = next[x] }
        order.append(end)
        return order
    }

    static func nearestNeighbour(_ c: CostMatrix, start: Int, end: Int, cities: [Int]) -> [Int] {
        var left = Set(cities)
        var order = [start]
        var at = start
        while !left.isEmpty {
            let k = left.min { c[at, $0] < c[at, $1] || (c[at, $0] == c[at, $1] && $0 < $1) }!
            left.remove(k); order.append(k); at = k
        }
        order.append(end)
        return order
    }
}
