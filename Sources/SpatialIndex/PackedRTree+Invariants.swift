/// The structural invariants of a packed tree, checked by the property tests after every rebuild
/// (as rtree.c's tests do after every thousand edits).
extension PackedRTree {
    /// Human-readable violations; empty when the tree is sound.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        guard count > 0 else {
            if !slotBoxes.isEmpty || !childRanges.isEmpty { problems.append("empty tree holds slots") }
            return problems
        }
        let slots = slotBoxes.count / 4
        if ids.count != count { problems.append("ids.count \(ids.count) ≠ count \(count)") }
        if childRanges.count != 2 * (slots - count) { problems.append("childRanges size \(childRanges.count)") }
        var seen = [Int](repeating: 0, count: slots)
        for node in count..<slots {
            let lo = childRanges[2 * (node - count)], hi = childRanges[2 * (node - count) + 1]
            if !(lo < hi && hi - lo <= nodeSize && hi <= node) { problems.append("node \(node): children \(lo)..<\(hi)"); continue }
            var union = box(ofSlot: lo)
            for s in lo..<hi {
                seen[s] += 1
                union = union.union(box(ofSlot: s))
                // Children of one node sit on one level: all items or all nodes.
                if (s < count) != (lo < count) { problems.append("node \(node) mixes items and nodes") }
            }
            if union != box(ofSlot: node) { problems.append("node \(node): box \(box(ofSlot: node)) ≠ union \(union)") }
        }
        for s in 0..<(slots - 1) where seen[s] != 1 { problems.append("slot \(s) has \(seen[s]) parents") }
        if seen[slots - 1] != 0 { problems.append("root has a parent") }
        return problems
    }
}
