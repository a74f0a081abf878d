/// An immutable packed R-tree (Hilbert-ordered bulk load), the read-optimised core of SpatialIndex.
///
/// Layout (after flatbush): one contiguous `[Double]` of 4 coordinates per slot, where slots
/// `0..<count` are the items in Hilbert order and the following slots are the nodes, level by level,
/// root last. A node's children are a contiguous slot range (`childRanges`), and a node's subtree
/// covers a contiguous range of item slots, so no object exists per node and a window that contains
/// a whole node emits that node's items without visiting them. Being a value of three arrays, it is
/// `Sendable` and free to share between reader threads.
public struct PackedRTree: Sendable {
    /// Children per node (the last node of each level may have fewer).
    public let nodeSize: Int
    /// Number of items indexed.
    public let count: Int
    /// minX, minY, maxX, maxY per slot: items first, then nodes, root last.
    @usableFromInline let slotBoxes: [Double]
    /// The caller's id per item slot.
    @usableFromInline let ids: [Int]
    /// Per node (slot - count): first child slot and one past the last, interleaved.
    @usableFromInline let childRanges: [Int]
    /// Number of tree levels above the items (0 when empty); sizes the traversal stack.
    @usableFromInline let height: Int
    /// Whether every item is a point (zero-size box): kNN then uses the cheaper point distance.
    @usableFromInline let pointsOnly: Bool

    /// The empty tree.
    public init(nodeSize: Int = 16) {
        self.nodeSize = nodeSize
        count = 0
        slotBoxes = []
        ids = []
        childRanges = []
        height = 0
        pointsOnly = true
    }

    /// Bulk-loads `boxes[i]` under `ids[i]`. Ids are payloads: the tree does not require them unique
    /// (the live `SpatialIndex` does). Throws on NaN or infinite coordinates and inverted boxes.
    public init(boxes: [IndexBox], ids: [Int], nodeSize: Int = 16) throws(SpatialIndexError) {
        guard boxes.count == ids.count else { throw .countMismatch(boxes: boxes.count, ids: ids.count) }
        guard (2...65536).contains(nodeSize) else { throw .invalidNodeSize(nodeSize) }
        let n = boxes.count
        self.nodeSize = nodeSize
        count = n
        if n == 0 {
            slotBoxes = []; self.ids = []; childRanges = []; height = 0; pointsOnly = true
            return
        }
        // Validate and find the extent in one pass; the typed error is built only on failure.
        var ext = IndexBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        var allPoints = true
        try boxes.withUnsafeBufferPointer { (b) throws(SpatialIndexError) in
            for i in 0..<n {
                let r = b[i]
                let sum = r.minX + r.minY + r.maxX + r.maxY
                if !((sum - sum) == 0) || r.minX > r.maxX || r.minY > r.maxY { try r.validate(id: ids[i]) }
                ext.minX = Swift.min(ext.minX, r.minX); ext.minY = Swift.min(ext.minY, r.minY)
                ext.maxX = Swift.max(ext.maxX, r.maxX); ext.maxY = Swift.max(ext.maxY, r.maxY)
                allPoints = allPoints && r.minX == r.maxX && r.minY == r.maxY
            }
        }
        pointsOnly = allPoints

        // Level sizes: level 0 is the items; each level above has ceil(previous / nodeSize) nodes.
        var levelEnds = [n]
        var m = n
        repeat {
            m = (m + nodeSize - 1) / nodeSize
            levelEnds.append(levelEnds[levelEnds.count - 1] + m)
        } while m > 1
        height = levelEnds.count - 1
        let slots = levelEnds[levelEnds.count - 1]

        let keys = Self.hilbertOrder(boxes, extent: ext)
        var out = [Double](repeating: 0, count: slots * 4)
        var sortedIDs = [Int](repeating: 0, count: n)
        var ranges = [Int](repeating: 0, count: (slots - n) * 2)
        out.withUnsafeMutableBufferPointer { o in
            boxes.withUnsafeBufferPointer { b in
                keys.withUnsafeBufferPointer { k in
                    ids.withUnsafeBufferPointer { src in
                        sortedIDs.withUnsafeMutableBufferPointer { dst in
                            for i in 0..<n {
                                let j = Int(truncatingIfNeeded: k[i] & 0xFFFF_FFFF)
                                let r = b[j]
                                o[4 * i] = r.minX; o[4 * i + 1] = r.minY; o[4 * i + 2] = r.maxX; o[4 * i + 3] = r.maxY
                                dst[i] = src[j]
                            }
                        }
                    }
                }
            }
            ranges.withUnsafeMutableBufferPointer { cr in
                var childStart = 0
                for level in 1..<levelEnds.count {
                    let childEnd = levelEnds[level - 1]
                    var parent = childEnd
                    var c = childStart
                    while c < childEnd {
                        let end = Swift.min(c + nodeSize, childEnd)
                        var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
                        for s in c..<end {
                            x0 = Swift.min(x0, o[4 * s]); y0 = Swift.min(y0, o[4 * s + 1])
                            x1 = Swift.max(x1, o[4 * s + 2]); y1 = Swift.max(y1, o[4 * s + 3])
                        }
                        o[4 * parent] = x0; o[4 * parent + 1] = y0; o[4 * parent + 2] = x1; o[4 * parent + 3] = y1
                        cr[2 * (parent - n)] = c
                        cr[2 * (parent - n) + 1] = end
                        parent += 1
                        c = end
                    }
                    childStart = childEnd
                }
            }
        }
        slotBoxes = out
        self.ids = sortedIDs
        childRanges = ranges
    }

    /// Bulk-loads `boxes` with ids 0, 1, 2, … (their positions).
    public init(boxes: [IndexBox], nodeSize: Int = 16) throws(SpatialIndexError) {
        try self.init(boxes: boxes, ids: Array(0..<boxes.count), nodeSize: nodeSize)
    }

    /// The envelope of everything indexed, nil when empty.
    public var bounds: IndexBox? {
        guard count > 0 else { return nil }
        return box(ofSlot: slotBoxes.count / 4 - 1)
    }

    /// Slot of the root node (valid only when count > 0).
    @usableFromInline var rootSlot: Int { slotBoxes.count / 4 - 1 }

    /// Every (id, box) in the tree, in tree order.
    public var items: [(id: Int, box: IndexBox)] {
        (0..<count).map { (ids[$0], box(ofSlot: $0)) }
    }

    @usableFromInline func box(ofSlot s: Int) -> IndexBox {
        IndexBox(minX: slotBoxes[4 * s], minY: slotBoxes[4 * s + 1], maxX: slotBoxes[4 * s + 2], maxY: slotBoxes[4 * s + 3])
    }

    /// Keys sorted by Hilbert index of the box centres: high 32 bits the index, low 32 the position.
    private static func hilbertOrder(_ boxes: [IndexBox], extent e: IndexBox) -> [UInt64] {
        let n = boxes.count
        // Half-coordinates keep huge (but finite) extents from overflowing to infinity; centres are
        // scaled to 0...65535, and a degenerate axis (or any NaN from it) maps to 0.
        let hw = e.maxX * 0.5 - e.minX * 0.5, hh = e.maxY * 0.5 - e.minY * 0.5
        let sx = hw > 0 ? 65535 / hw : 0, sy = hh > 0 ? 65535 / hh : 0
        var keys = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { k in
            boxes.withUnsafeBufferPointer { b in
                for i in 0..<n {
                    let r = b[i]
                    let cx = ((r.minX * 0.5 + r.maxX * 0.5) * 0.5 - e.minX * 0.5) * sx
                    let cy = ((r.minY * 0.5 + r.maxY * 0.5) * 0.5 - e.minY * 0.5) * sy
                    let hx = cx >= 0 ? UInt32(Swift.min(cx, 65535)) : 0
                    let hy = cy >= 0 ? UInt32(Swift.min(cy, 65535)) : 0
                    k[i] = UInt64(HilbertOrder.index(hx, hy)) << 32 | UInt64(i)
                }
            }
        }
        var scratch = [UInt64](repeating: 0, count: n)
        HilbertOrder.radixSort(&keys, scratch: &scratch)
        return keys
    }
}
