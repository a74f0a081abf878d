import Synchronization

/// A live spatial index: insert, remove and move items without a full rebuild, while any number of
/// threads query it.
///
/// Why this design: a packed R-tree is the fastest structure to query but cannot change in place.
/// So the index holds one immutable `SpatialSnapshot` (packed tree + removed-id set + small delta)
/// behind a lock, and a write builds a *new* snapshot (copying only the small delta and removed
/// set) and swaps it in. A reader takes the current snapshot once per query and works on that value
/// without holding any lock, so it always sees a state some complete write left behind — never half
/// of a batch. When the delta plus removals pass `rebuildThreshold`, the writer repacks everything
/// into a fresh tree before swapping; readers keep using the old snapshot meanwhile, and writers
/// are serialised by their own lock so a repack never blocks readers.
public final class SpatialIndex: Sendable {
    /// An edit applied by `apply(_:)`.
    public enum Edit: Sendable, Hashable {
        case insert(id: Int, box: IndexBox)
        case remove(id: Int)
        case move(id: Int, to: IndexBox)
    }

    public let nodeSize: Int
    /// Pending changes (delta items + removals) that trigger a repack.
    public let rebuildThreshold: Int
    private let current: Mutex<SpatialSnapshot>
    /// Serialises writers (the value counts repacks, for tests and diagnostics).
    private let writer = Mutex<Int>(0)

    /// Bulk-loads `items`; ids must be unique. Throws on NaN/infinite coordinates and duplicate ids.
    public init(items: [(id: Int, box: IndexBox)] = [], nodeSize: Int = 16, rebuildThreshold: Int = 4096) throws(SpatialIndexError) {
        self.nodeSize = nodeSize
        self.rebuildThreshold = Swift.max(1, rebuildThreshold)
        current = Mutex(try Self.packed(items, nodeSize: nodeSize))
    }

    /// The current consistent state; query it as often as you like, it never changes.
    public var snapshot: SpatialSnapshot { current.withLock { $0 } }

    /// Number of times the packed tree has been rebuilt since `init`.
    public var rebuildCount: Int { writer.withLock { $0 } }

    public var count: Int { snapshot.count }

    public func insert(id: Int, box: IndexBox) throws(SpatialIndexError) { try apply([.insert(id: id, box: box)]) }
    public func remove(id: Int) throws(SpatialIndexError) { try apply([.remove(id: id)]) }
    public func move(id: Int, to box: IndexBox) throws(SpatialIndexError) { try apply([.move(id: id, to: box)]) }

    /// Applies `edits` in order as one atomic step: readers see all of them or none, and if any edit
    /// fails (unknown or duplicate id, bad coordinate) nothing changes.
    public func apply(_ edits: [Edit]) throws(SpatialIndexError) {
        try writer.withLock { (repacks: inout Int) throws(SpatialIndexError) in
            let old = current.withLock { $0 }
            var removed = old.removed
            var deltaIDs = old.deltaIDs, deltaBoxes = old.deltaBoxes
            func take(_ id: Int) throws(SpatialIndexError) {
                if let i = deltaIDs.firstIndex(of: id) {
                    deltaIDs.swapAt(i, deltaIDs.count - 1); deltaIDs.removeLast()
                    deltaBoxes.swapAt(i, deltaBoxes.count - 1); deltaBoxes.removeLast()
                } else if old.baseContains(id), removed.insert(id).inserted {
                } else {
                    throw .unknownID(id)
                }
            }
            for edit in edits {
                switch edit {
                case let .insert(id, box):
                    try box.validate(id: id)
                    if deltaIDs.contains(id) || (old.baseContains(id) && !removed.contains(id)) { throw .duplicateID(id) }
                    deltaIDs.append(id); deltaBoxes.append(box)
                case let .remove(id):
                    try take(id)
                case let .move(id, box):
                    try box.validate(id: id)
                    try take(id)
                    deltaIDs.append(id); deltaBoxes.append(box)
                }
            }
            var next = SpatialSnapshot(base: old.base, baseIDs: old.baseIDs, removed: removed,
                                       deltaIDs: deltaIDs, deltaBoxes: deltaBoxes)
            if next.pendingChanges > rebuildThreshold {
                next = try Self.packed(next.items, nodeSize: nodeSize)
                repacks += 1
            }
            current.withLock { $0 = next }
        }
    }

    /// A snapshot with everything in the packed tree and nothing pending.
    private static func packed(_ items: [(id: Int, box: IndexBox)], nodeSize: Int) throws(SpatialIndexError) -> SpatialSnapshot {
        let tree = try PackedRTree(boxes: items.map(\.box), ids: items.map(\.id), nodeSize: nodeSize)
        let sorted = items.map(\.id).sorted()
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] { throw .duplicateID(sorted[i]) }
        return SpatialSnapshot(base: tree, baseIDs: sorted)
    }

    // Queries take the snapshot once, so each answer comes from one consistent state.

    public func search(_ window: IndexBox) -> [Int] { snapshot.search(window) }

    public func within(x: Double, y: Double, distance: Double) -> [Int] {
        snapshot.within(x: x, y: y, distance: distance)
    }

    public func nearest(x: Double, y: Double, k: Int, maxDistance: Double = .infinity,
                        filter: ((Int) -> Bool)? = nil,
                        exactDistance: ((Int) -> Double)? = nil) -> [(id: Int, distance: Double)] {
        snapshot.nearest(x: x, y: y, k: k, maxDistance: maxDistance, filter: filter, exactDistance: exactDistance)
    }
}
