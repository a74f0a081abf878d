/// Window and radius queries: depth-first over the flat slot array with a stack on the thread's
/// stack (`withUnsafeTemporaryAllocation`), so a query allocates nothing but its output.
extension PackedRTree {
    /// Appends to `results` the id of every item whose envelope intersects `window` (closed: touching
    /// counts). `results` is not cleared, so a caller can reuse one buffer across queries.
    public func search(_ window: IndexBox, into results: inout [Int]) {
        guard count > 0 else { return }
        let n = count
        let qx0 = window.minX, qy0 = window.minY, qx1 = window.maxX, qy1 = window.maxY
        // A NaN window intersects nothing (every comparison below is false).
        slotBoxes.withUnsafeBufferPointer { b in
            ids.withUnsafeBufferPointer { idp in
                childRanges.withUnsafeBufferPointer { cr in
                    // Depth-first: at most (nodeSize - 1) pending siblings per level, plus the root.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: height * nodeSize + 1) { stack in
                        let root = b.count / 4 - 1
                        if !(b[4 * root] <= qx1 && qx0 <= b[4 * root + 2] && b[4 * root + 1] <= qy1 && qy0 <= b[4 * root + 3]) {
                            return
                        }
                        var top = 0
                        stack[0] = root
                        top = 1
                        while top > 0 {
                            top -= 1
                            let node = stack[top] - n
                            let lo = cr[2 * node], hi = cr[2 * node + 1]
                            if lo < n {
                                for s in lo..<hi {
                                    let o = 4 * s
                                    if b[o] <= qx1 && qx0 <= b[o + 2] && b[o + 1] <= qy1 && qy0 <= b[o + 3] {
                                        results.append(idp[s])
                                    }
                                }
                            } else {
                                for s in lo..<hi {
                                    let o = 4 * s
                                    let x0 = b[o], y0 = b[o + 1], x1 = b[o + 2], y1 = b[o + 3]
                                    if x0 <= qx1 && qx0 <= x1 && y0 <= qy1 && qy0 <= y1 {
                                        if qx0 <= x0 && x1 <= qx1 && qy0 <= y0 && y1 <= qy1 {
                                            // The window covers this node: its items are one contiguous slot range.
                                            var first = s, last = s
                                            while first >= n { first = cr[2 * (first - n)] }
                                            while last >= n { last = cr[2 * (last - n) + 1] - 1 }
                                            results.append(contentsOf: idp[first...last])
                                        } else {
                                            stack[top] = s
                                            top += 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Ids of every item whose envelope intersects `window` (closed), in tree order.
    public func search(_ window: IndexBox) -> [Int] {
        var results: [Int] = []
        search(window, into: &results)
        return results
    }

    /// Ids of every item whose envelope lies within `distance` of (x, y) (closed: exactly at
    /// `distance` counts), measured to the nearest point of the envelope, in tree order.
    public func within(x: Double, y: Double, distance: Double) -> [Int] {
        var results: [Int] = []
        within(x: x, y: y, distance: distance, into: &results)
        return results
    }

    /// Appends the ids `within(x:y:distance:)` returns to `results`.
    public func within(x: Double, y: Double, distance: Double, into results: inout [Int]) {
        guard count > 0, distance >= 0 else { return }
        let n = count
        let limit = distance * distance
        slotBoxes.withUnsafeBufferPointer { b in
            ids.withUnsafeBufferPointer { idp in
                childRanges.withUnsafeBufferPointer { cr in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: height * nodeSize + 1) { stack in
                        @inline(__always) func d2(_ s: Int) -> Double {
                            let o = 4 * s
                            let dx = Swift.max(Swift.max(b[o] - x, x - b[o + 2]), 0)
                            let dy = Swift.max(Swift.max(b[o + 1] - y, y - b[o + 3]), 0)
                            return dx * dx + dy * dy
                        }
                        let root = b.count / 4 - 1
                        guard d2(root) <= limit else { return }
                        stack[0] = root
                        var top = 1
                        while top > 0 {
                            top -= 1
                            let node = stack[top] - n
                            let lo = cr[2 * node], hi = cr[2 * node + 1]
                            if lo < n {
                                for s in lo..<hi where d2(s) <= limit { results.append(idp[s]) }
                            } else {
                                for s in lo..<hi where d2(s) <= limit {
                                    stack[top] = s
                                    top += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
