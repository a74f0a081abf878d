/// k-nearest neighbours, best-first: nodes wait in a min-heap keyed by their box's squared distance
/// (a lower bound for everything below them), candidates in a bounded max-heap of the best k. A node
/// is expanded only while its bound does not exceed the current k-th best (nor `maxDistance`), so
/// the filter and exactDistance run only on items the traversal actually reaches.
extension PackedRTree {
    /// The `k` items nearest to (x, y), nearest first, ties broken by smaller id.
    /// - maxDistance: items farther than this (closed) are not returned.
    /// - filter: ids for which it returns false are skipped; applied during traversal.
    /// - exactDistance: the true distance of an item (for lines and polygons); must be ≥ the
    ///   envelope distance, which stays the pruning bound. Items are ranked by its square.
    public func nearest(x: Double, y: Double, k: Int, maxDistance: Double = .infinity,
                        filter: ((Int) -> Bool)? = nil,
                        exactDistance: ((Int) -> Double)? = nil) -> [(id: Int, distance: Double)] {
        var results: [(id: Int, distance: Double)] = []
        nearest(x: x, y: y, k: k, maxDistance: maxDistance, filter: filter, exactDistance: exactDistance,
                using: NearestScratch(), into: &results)
        return results
    }

    /// As `nearest(x:y:k:maxDistance:filter:exactDistance:)`, reusing `scratch` and replacing the
    /// contents of `results` (keeping its capacity): no allocation per query in steady state.
    public func nearest(x: Double, y: Double, k: Int, maxDistance: Double = .infinity,
                        filter: ((Int) -> Bool)? = nil, exactDistance: ((Int) -> Double)? = nil,
                        using scratch: NearestScratch, into results: inout [(id: Int, distance: Double)]) {
        results.removeAll(keepingCapacity: true)
        guard count > 0, k > 0, maxDistance >= 0, x.isFinite, y.isFinite else { return }
        let k = Swift.min(k, count)
        scratch.reserveBest(k)
        let n = count, ns = nodeSize
        let limit = maxDistance * maxDistance
        let points = pointsOnly
        let bits = Self.levelBits, levelMask = (1 << bits) - 1
        var found = 0
        itemCoords.withUnsafeBufferPointer { c in
            ids.withUnsafeBufferPointer { idp in
                nodeBoxes.withUnsafeBufferPointer { b in
                  levelStarts.withUnsafeBufferPointer { starts in
                    let bk = scratch.bestKey, bid = scratch.bestID, bd = scratch.bestDistance
                    var bound = limit
                    // Ranking uses e*e when exactDistance is given, pruning uses envelope keys
                    // dx*dx+dy*dy; rounding can put e*e an ulp below the envelope key of an item at the
                    // same true distance, so pruning keeps a relative slack there or ties are lost.
                    let slack = exactDistance == nil ? 1.0 : 1 + 1e-12
                    var prune = limit * slack
                    // Offers (key, id) to the max-heap of the best k; sift-down keeps its root the worst.
                    @inline(__always) func offer(_ key: Double, _ id: Int, _ distance: Double) {
                        var i: Int
                        if found < k {
                            i = found
                            found += 1
                            while i > 0 {
                                let p = (i - 1) >> 1
                                if bk[p] > key || (bk[p] == key && bid[p] > id) { break }
                                bk[i] = bk[p]; bid[i] = bid[p]; bd[i] = bd[p]
                                i = p
                            }
                        } else {
                            if key > bk[0] || (key == bk[0] && id >= bid[0]) { return }
                            i = 0
                            while true {
                                var c = 2 * i + 1
                                if c >= k { break }
                                if c + 1 < k && (bk[c + 1] > bk[c] || (bk[c + 1] == bk[c] && bid[c + 1] > bid[c])) { c += 1 }
                                if bk[c] < key || (bk[c] == key && bid[c] < id) { break }
                                bk[i] = bk[c]; bid[i] = bid[c]; bd[i] = bd[c]
                                i = c
                            }
                        }
                        bk[i] = key; bid[i] = id; bd[i] = distance
                        if found == k { bound = Swift.min(limit, bk[0]); prune = bound * slack }
                    }
                    @inline(__always) func boxD2(_ p: UnsafeBufferPointer<Double>, _ s: Int) -> Double {
                        let o = 4 * s
                        let dx = Swift.max(Swift.max(p[o] - x, x - p[o + 2]), 0)
                        let dy = Swift.max(Swift.max(p[o + 1] - y, y - p[o + 3]), 0)
                        return dx * dx + dy * dy
                    }
                    // Node boxes are Float32 rounded outward, so this stays a lower bound.
                    @inline(__always) func boxD2(_ p: UnsafeBufferPointer<Float>, _ s: Int) -> Double {
                        let o = 4 * s
                        let dx = Swift.max(Swift.max(Double(p[o]) - x, x - Double(p[o + 2])), 0)
                        let dy = Swift.max(Swift.max(Double(p[o + 1]) - y, y - Double(p[o + 3])), 0)
                        return dx * dx + dy * dy
                    }
                    // Offers the items of the leaf node whose first item is `first`.
                    @inline(__always) func visitLeaf(_ first: Int) {
                        for s in first..<Swift.min(first + ns, n) {
                            var key: Double
                            if points {
                                let dx = c[2 * s] - x, dy = c[2 * s + 1] - y
                                key = dx * dx + dy * dy
                            } else {
                                key = boxD2(c, s)
                            }
                            if key > prune { continue }
                            let id = idp[s]
                            if let filter, !filter(id) { continue }
                            if let exactDistance {
                                let e = exactDistance(id)
                                key = e * e
                                if key > bound { continue }
                                offer(key, id, e)
                            } else {
                                offer(key, id, key.squareRoot())
                            }
                        }
                    }
                    // Greedy descent to the nearest leaf first: its items make the bound tight before
                    // the best-first pass, so far fewer nodes are pushed on the queue.
                    var seedNode = b.count / 4 - 1, seedLevel = height
                    while seedLevel > 1 {
                        let lo = starts[seedLevel - 1] + (seedNode - starts[seedLevel]) * ns
                        let hi = Swift.min(lo + ns, starts[seedLevel])
                        var best = lo, bestKey = Double.infinity
                        for s in lo..<hi {
                            let key = boxD2(b, s)
                            if key < bestKey { bestKey = key; best = s }
                        }
                        seedNode = best
                        seedLevel -= 1
                    }
                    let seedLeaf = seedNode << bits | 1
                    visitLeaf((seedNode - starts[1]) * ns)
                    var qk = scratch.queueKey, qs = scratch.queueSlot
                    var queued = 1
                    qk[0] = 0
                    qs[0] = (b.count / 4 - 1) << bits | height
                    while queued > 0 {
                        // Pop the nearest node.
                        let d = qk[0], entry = qs[0]
                        queued -= 1
                        if queued > 0 {
                            let lastK = qk[queued], lastS = qs[queued]
                            var i = 0
                            while true {
                                var c = 2 * i + 1
                                if c >= queued { break }
                                if c + 1 < queued && qk[c + 1] < qk[c] { c += 1 }
                                if qk[c] >= lastK { break }
                                qk[i] = qk[c]; qs[i] = qs[c]
                                i = c
                            }
                            qk[i] = lastK; qs[i] = lastS
                        }
                        // Equal bounds must still be expanded: they may hold an equally near, smaller id.
                        if d > prune { break }
                        let level = entry & levelMask
                        let first = ((entry >> bits) - starts[level]) * ns
                        if level == 1 {
                            if entry != seedLeaf { visitLeaf(first) }
                        } else {
                            let below = level - 1
                            let lo = starts[below] + first, hi = Swift.min(lo + ns, starts[level])
                            for s in lo..<hi {
                                let key = boxD2(b, s)
                                if key > prune { continue }
                                if queued == scratch.queueCapacity {
                                    scratch.growQueue(keeping: queued)
                                    qk = scratch.queueKey; qs = scratch.queueSlot
                                }
                                var i = queued
                                queued += 1
                                while i > 0 {
                                    let p = (i - 1) >> 1
                                    if qk[p] <= key { break }
                                    qk[i] = qk[p]; qs[i] = qs[p]
                                    i = p
                                }
                                qk[i] = key; qs[i] = s << bits | below
                            }
                        }
                    }
                    // Drain the max-heap from the back: nearest first, ties by id.
                    results.reserveCapacity(found)
                    var m = found
                    let empty = (id: 0, distance: 0.0)
                    for _ in 0..<found { results.append(empty) }
                    while m > 0 {
                        results[m - 1] = (bid[0], bd[0])
                        m -= 1
                        let lastK = bk[m], lastI = bid[m], lastD = bd[m]
                        var i = 0
                        while true {
                            var c = 2 * i + 1
                            if c >= m { break }
                            if c + 1 < m && (bk[c + 1] > bk[c] || (bk[c + 1] == bk[c] && bid[c + 1] > bid[c])) { c += 1 }
                            if bk[c] < lastK || (bk[c] == lastK && bid[c] < lastI) { break }
                            bk[i] = bk[c]; bid[i] = bid[c]; bd[i] = bd[c]
                            i = c
                        }
                        bk[i] = lastK; bid[i] = lastI; bd[i] = lastD
                    }
                  }
                }
            }
        }
    }
}
