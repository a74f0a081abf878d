/// The structural invariants of a packed tree, checked by the property tests after every rebuild
/// (as rtree.c's tests do after every thousand edits).
extension PackedRTree {
    /// Human-readable violations; empty when the tree is sound.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        guard count > 0 else {
            if !itemCoords.isEmpty || !nodeBoxes.isEmpty || !ids.isEmpty { problems.append("empty tree holds data") }
            return problems
        }
        if ids.count != count { problems.append("ids.count \(ids.count) ≠ count \(count)") }
        if itemCoords.count != count * (pointsOnly ? 2 : 4) { problems.append("itemCoords.count \(itemCoords.count)") }
        if levelStarts.count != height + 2 || nodeBoxes.count != 4 * levelStarts[height + 1] {
            problems.append("levels \(levelStarts) vs \(nodeBoxes.count / 4) nodes")
            return problems
        }
        if levelStarts[height + 1] - levelStarts[height] != 1 { problems.append("top level is not a single root") }
        // Every node's box is exactly the union of its children's, and the children of a level's
        // nodes tile the level below without gap or overlap.
        var below = (0..<count).map(itemBox)
        for level in 1...height {
            var covered = 0
            var boxes: [IndexBox] = []
            for node in levelStarts[level]..<levelStarts[level + 1] {
                let first = (node - levelStarts[level]) * nodeSize
                let end = Swift.min(first + nodeSize, below.count)
                if first != covered || first >= end { problems.append("level \(level) node \(node): children \(first)..<\(end)"); break }
                var union = below[first..<end].dropFirst().reduce(below[first]) { $0.union($1) }
                // Level-1 boxes are the items' union rounded outward to Float32; above, unions are exact.
                if level == 1 {
                    union = IndexBox(minX: Double(Self.floatBelow(union.minX)), minY: Double(Self.floatBelow(union.minY)),
                                     maxX: Double(Self.floatAbove(union.maxX)), maxY: Double(Self.floatAbove(union.maxY)))
                }
                if union != nodeBox(node) { problems.append("level \(level) node \(node): box \(nodeBox(node)) ≠ union \(union)") }
                boxes.append(nodeBox(node))
                covered = end
            }
            if covered != below.count { problems.append("level \(level) covers \(covered) of \(below.count)") }
            below = boxes
        }
        if pointsOnly != (0..<count).allSatisfy({ itemBox($0).minX == itemBox($0).maxX && itemBox($0).minY == itemBox($0).maxY }) {
            problems.append("pointsOnly is \(pointsOnly)")
        }
        return problems
    }
}
