/// One consistent, immutable state of a live `SpatialIndex`: a packed tree, the ids removed from it
/// since it was built, and a small unpacked delta of items inserted (or moved) since then.
///
/// Queries answer over `base − removed + delta`. The delta is scanned linearly, which is why the
/// index repacks once it grows past its threshold.
public struct SpatialSnapshot: Sendable {
    /// The packed tree of the last rebuild.
    public let base: PackedRTree
    /// Ids in `base`, sorted: membership by binary search at 8 bytes per item (a Set costs ~4×).
    let baseIDs: [Int]
    /// Ids in `base` that have been removed or moved away since the rebuild.
    let removed: Set<Int>
    /// Items inserted or moved since the rebuild (ids and boxes in parallel, unordered).
    let deltaIDs: [Int]
    let deltaBoxes: [IndexBox]

    init(base: PackedRTree, baseIDs: [Int], removed: Set<Int> = [], deltaIDs: [Int] = [], deltaBoxes: [IndexBox] = []) {
        self.base = base
        self.baseIDs = baseIDs
        self.removed = removed
        self.deltaIDs = deltaIDs
        self.deltaBoxes = deltaBoxes
    }

    /// Number of items visible in this snapshot.
    public var count: Int { base.count - removed.count + deltaIDs.count }

    /// Number of pending changes (delta items plus removals) since the last repack.
    public var pendingChanges: Int { removed.count + deltaIDs.count }

    func baseContains(_ id: Int) -> Bool {
        var lo = 0, hi = baseIDs.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if baseIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < baseIDs.count && baseIDs[lo] == id
    }

    /// Whether `id` is visible in this snapshot.
    public func contains(_ id: Int) -> Bool {
        deltaIDs.contains(id) || (baseContains(id) && !removed.contains(id))
    }

    /// Every visible (id, box), in no particular order.
    public var items: [(id: Int, box: IndexBox)] {
        var all = base.items
        if !removed.isEmpty { all.removeAll { removed.contains($0.id) } }
        for i in deltaIDs.indices { all.append((deltaIDs[i], deltaBoxes[i])) }
        return all
    }

    /// Ids of the visible items whose envelope intersects `window` (closed).
    public func search(_ window: IndexBox) -> [Int] {
        var found = base.search(window)
        if !removed.isEmpty { found.removeAll { removed.contains($0) } }
        for i in deltaBoxes.indices where deltaBoxes[i].intersects(window) { found.append(deltaIDs[i]) }
        return found
    }

    /// Ids of the visible items whose envelope lies within `distance` of (x, y) (closed).
    public func within(x: Double, y: Double, distance: Double) -> [Int] {
        guard distance >= 0 else { return [] }
        var found = base.within(x: x, y: y, distance: distance)
        if !removed.isEmpty { found.removeAll { removed.contains($0) } }
        let limit = distance * distance
        for i in deltaBoxes.indices where deltaBoxes[i].squaredDistance(x: x, y: y) <= limit { found.append(deltaIDs[i]) }
        return found
    }

    /// The `k` visible items nearest to (x, y), nearest first, ties by id; see `PackedRTree.nearest`.
    public func nearest(x: Double, y: Double, k: Int, maxDistance: Double = .infinity,
                        filter: ((Int) -> Bool)? = nil,
                        exactDistance: ((Int) -> Double)? = nil) -> [(id: Int, distance: Double)] {
        guard k > 0, maxDistance >= 0, x.isFinite, y.isFinite else { return [] }
        let removed = self.removed
        let visible: ((Int) -> Bool)?
        switch (removed.isEmpty, filter) {
        case (true, _): visible = filter
        case (false, nil): visible = { !removed.contains($0) }
        case let (false, filter?): visible = { !removed.contains($0) && filter($0) }
        }
        var best = base.nearest(x: x, y: y, k: k, maxDistance: maxDistance, filter: visible, exactDistance: exactDistance)
        guard !deltaIDs.isEmpty else { return best }
        let limit = maxDistance * maxDistance
        for i in deltaIDs.indices {
            let id = deltaIDs[i]
            let bound = deltaBoxes[i].squaredDistance(x: x, y: y)
            if bound > limit { continue }
            if let filter, !filter(id) { continue }
            if let exactDistance {
                let e = exactDistance(id)
                if e * e <= limit { best.append((id, e)) }
            } else {
                best.append((id, bound.squareRoot()))
            }
        }
        best.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.id < $1.id) }
        return Array(best.prefix(k))
    }
}
