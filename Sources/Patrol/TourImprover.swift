/// 2-opt and Or-opt local search on a path with fixed first and last entries, driven by
/// neighbour lists and don't-look bits (a queue of cities whose surroundings changed).
///
/// Asymmetric costs are handled exactly: a 2-opt move reverses a stretch of the tour, and the
/// reversed stretch's own cost is read from prefix sums of forward and backward leg costs, so
/// a move that looks good on its two new legs but turns a one-way stretch the wrong way is
/// priced correctly. Or-opt moves a run of 1–3 cities, in either orientation, elsewhere.
struct TourImprover {
    let c: CostMatrix
    /// t[0] and t[m] are fixed; for a closed tour they are the same city.
    var t: [Int]
    var pos: [Int]
    /// F[k] = cost of t[0...k] walked forward, B[k] = the same legs walked backward.
    var F: [Double]
    var B: [Double]
    let neighbours: [[Int]]
    var active: [Bool]
    var queue: [Int] = []
    var queueHead = 0
    let closed: Bool

    init(_ c: CostMatrix, order: [Int], neighbourCount: Int = 10) {
        self.c = c
        t = order
        closed = order.first == order.last
        pos = [Int](repeating: -1, count: c.count)
        F = [Double](repeating: 0, count: order.count)
        B = [Double](repeating: 0, count: order.count)
        active = [Bool](repeating: false, count: c.count)
        let members = Array(Set(order))
        var nb = [[Int]](repeating: [], count: c.count)
        for a in members {
            let sorted = members.filter { $0 != a }.sorted {
                let x = min(c[a, $0], c[$0, a]), y = min(c[a, $1], c[$1, a])
                return x < y || (x == y && $0 < $1)
            }
            nb[a] = Array(sorted.prefix(neighbourCount))
        }
        neighbours = nb
        refresh()
    }

    var m: Int { t.count - 1 }
    var cost: Double { F[m] }

    mutating func refresh() {
        for k in t.indices.reversed() { pos[t[k]] = k }
        // A closed tour's start sits at both ends; pos keeps 0.
        for k in 1..<t.count {
            F[k] = F[k - 1] + c[t[k - 1], t[k]]
            B[k] = B[k - 1] + c[t[k], t[k - 1]]
        }
    }

    /// Positions at which city b sits: a closed tour's start sits at both ends (second is -1
    /// otherwise). A pair, not an array, to keep the hot loops free of allocation.
    @inline(__always) func positions(_ b: Int) -> (Int, Int) {
        closed && b == t[0] ? (0, m) : (pos[b], -1)
    }

    mutating func push(_ a: Int) {
        if !active[a] { active[a] = true; queue.append(a) }
    }

    /// Cost change of reversing t[l...r] (1 ≤ l < r ≤ m-1).
    @inline(__always) func reversalDelta(_ l: Int, _ r: Int) -> Double {
        c[t[l - 1], t[r]] + c[t[l], t[r + 1]] - c[t[l - 1], t[l]] - c[t[r], t[r + 1]]
            + (B[r] - B[l]) - (F[r] - F[l])
    }

    mutating func reverse(_ l: Int, _ r: Int) {
        var i = l, j = r
        while i < j { t.swapAt(i, j); i += 1; j -= 1 }
        refresh()
    }

    /// Best improving 2-opt move that makes a and one of its neighbours adjacent.
    mutating func tryTwoOpt(_ a: Int) -> Bool {
        var best = (delta: -1e-9, l: 0, r: 0)
        @inline(__always) func pair(_ i: Int, _ j: Int) {
            guard i >= 0, j >= 0, j != i else { return }
            let lo = min(i, j), hi = max(i, j)
            if hi <= m - 1 && lo + 1 < hi {
                let d = reversalDelta(lo + 1, hi)
                if d < best.delta { best = (d, lo + 1, hi) }
            }
            if lo >= 1 && lo < hi - 1 {
                let d = reversalDelta(lo, hi - 1)
                if d < best.delta { best = (d, lo, hi - 1) }
            }
        }
        let (i1, i2) = positions(a)
        for b in neighbours[a] {
            let (j1, j2) = positions(b)
            pair(i1, j1); pair(i1, j2); pair(i2, j1); pair(i2, j2)
        }
        guard best.l > 0 else { return false }
        let (w, x, y, z) = (t[best.l - 1], t[best.l], t[best.r], t[best.r + 1])
        reverse(best.l, best.r)
        push(w); push(x); push(y); push(z)
        return true
    }

    /// Best improving move of a run of 1–3 cities starting or ending at a, placed between
    /// two consecutive cities next to a neighbour of the run's ends, forward or reversed.
    mutating func tryOrOpt(_ a: Int) -> Bool {
        let i0 = pos[a]
        guard i0 >= 1 && i0 <= m - 1 else { return false }
        var best = (delta: -1e-9, i: 0, len: 0, after: 0, reversed: false)
        for len in 1...3 {
            for variant in 0..<(len == 1 ? 1 : 2) {
                let i = variant == 0 ? i0 : i0 - len + 1
                guard i >= 1 && i + len - 1 <= m - 1 else { continue }
                let s0 = t[i], sL = t[i + len - 1], p = t[i - 1], q = t[i + len]
                let removeGain = c[p, s0] + c[sL, q] - c[p, q]
                guard removeGain > 1e-9 else { continue }
                let inner = F[i + len - 1] - F[i], innerRev = B[i + len - 1] - B[i]
                func consider(after k: Int) {
                    // Insert between t[k] and t[k+1]; both must lie outside the run.
                    guard k >= 0, k <= m - 1, k < i - 1 || k > i + len - 1 else { return }
                    let x = t[k], y = t[k + 1]
                    let fw = c[x, s0] + c[sL, y] - c[x, y] - removeGain
                    if fw < best.delta { best = (fw, i, len, k, false) }
                    let rv = c[x, sL] + c[s0, y] - c[x, y] + innerRev - inner - removeGain
                    if rv < best.delta { best = (rv, i, len, k, true) }
                }
                for b in neighbours[s0] {
                    let (j1, j2) = positions(b)
                    consider(after: j1); consider(after: j1 - 1)
                    if j2 >= 0 { consider(after: j2); consider(after: j2 - 1) }
                }
                if len > 1 {
                    for b in neighbours[sL] {
                        let (j1, j2) = positions(b)
                        consider(after: j1); consider(after: j1 - 1)
                        if j2 >= 0 { consider(after: j2); consider(after: j2 - 1) }
                    }
                }
            }
        }
        guard best.len > 0 else { return false }
        let i = best.i, len = best.len, k = best.after
        var run = Array(t[i..<(i + len)])
        if best.reversed { run.reverse() }
        push(t[i - 1]); push(t[i + len]); push(t[k]); push(t[k + 1])
        for r in run { push(r) }
        // Shift the cities between the run and its new place, then drop the run in.
        if k < i {
            var q = i + len - 1
            while q - len > k { t[q] = t[q - len]; q -= 1 }
            for r in 0..<len { t[k + 1 + r] = run[r] }
        } else {
            var q = i
            while q + len <= k { t[q] = t[q + len]; q += 1 }
            for r in 0..<len { t[k - len + 1 + r] = run[r] }
        }
        refresh()
        return true
    }

    /// Runs the queue until no city yields an improving move.
    mutating func optimise(startingWith cities: [Int]) {
        for a in cities { push(a) }
        while queueHead < queue.count {
            let a = queue[queueHead]; queueHead += 1
            active[a] = false
            if tryTwoOpt(a) || tryOrOpt(a) { push(a) }
            if queueHead > 4096 { queue.removeFirst(queueHead); queueHead = 0 }
        }
        queue.removeAll(keepingCapacity: true); queueHead = 0
    }
}
