/// Window and radius queries: depth-first with a stack on the thread's stack
/// (`withUnsafeTemporaryAllocation`), so a query allocates nothing but its output.
extension PackedRTree {
    /// Appends to `results` the id of every item whose envelope intersects `window` (closed: touching
    /// counts). `results` is not cleared, so a caller can reuse one buffer across queries.
    public func search(_ window: IndexBox, into results: inout [Int]) {
        guard count > 0 else { return }
        let n = count, ns = nodeSize, points = pointsOnly
        let qx0 = window.minX, qy0 = window.minY, qx1 = window.maxX, qy1 = window.maxY
        let bits = Self.levelBits, levelMask = (1 << bits) - 1
        // Nodes are Float32: meeting is tested against the window rounded outward (never misses a
        // node), covering against the window rounded inward (never claims a node it does not cover).
        let ox0 = Self.floatBelow(qx0), oy0 = Self.floatBelow(qy0), ox1 = Self.floatAbove(qx1), oy1 = Self.floatAbove(qy1)
        let ix0 = Self.floatAbove(qx0), iy0 = Self.floatAbove(qy0), ix1 = Self.floatBelow(qx1), iy1 = Self.floatBelow(qy1)
        // A NaN window intersects nothing (every comparison below is false).
        itemCoords.withUnsafeBufferPointer { c in
            ids.withUnsafeBufferPointer { idp in
                nodeBoxes.withUnsafeBufferPointer { b in
                    levelStarts.withUnsafeBufferPointer { starts in
                        levelSpans.withUnsafeBufferPointer { spans in
                            // Depth-first: at most nodeSize - 1 pending siblings per level, plus the root; then one leaf's hits.
                            let stackSize = height * ns + 1
                            withUnsafeTemporaryAllocation(of: Int.self, capacity: stackSize + ns) { buffer in
                                let stack = UnsafeMutableBufferPointer(rebasing: buffer[0..<stackSize])
                                let leaf = UnsafeMutableBufferPointer(rebasing: buffer[stackSize...])
                                let root = b.count / 4 - 1
                                let r = 4 * root
                                guard b[r] <= ox1 && ox0 <= b[r + 2] && b[r + 1] <= oy1 && oy0 <= b[r + 3] else { return }
                                if ix0 <= b[r] && b[r + 2] <= ix1 && iy0 <= b[r + 1] && b[r + 3] <= iy1 {
                                    results.append(contentsOf: idp)
                                    return
                                }
                                stack[0] = root << bits | height
                                var top = 1
                                while top > 0 {
                                    top -= 1
                                    let entry = stack[top]
                                    let node = entry >> bits, level = entry & levelMask
                                    let first = (node - starts[level]) * ns
                                    if level == 1 {
                                        // Branch-free compaction: whether an item meets the window is unpredictable,
                                        // so every id is written and the cursor advances only on a hit.
                                        let end = Swift.min(first + ns, n)
                                        var hits = 0
                                        if points {
                                            for s in first..<end {
                                                let x = c[2 * s], y = c[2 * s + 1]
                                                let hit = (qx0 <= x ? 1 : 0) & (x <= qx1 ? 1 : 0) & (qy0 <= y ? 1 : 0) & (y <= qy1 ? 1 : 0)
                                                leaf[hits] = idp[s]
                                                hits += hit
                                            }
                                        } else {
                                            for s in first..<end {
                                                let o = 4 * s
                                                let hit = (c[o] <= qx1 ? 1 : 0) & (qx0 <= c[o + 2] ? 1 : 0)
                                                    & (c[o + 1] <= qy1 ? 1 : 0) & (qy0 <= c[o + 3] ? 1 : 0)
                                                leaf[hits] = idp[s]
                                                hits += hit
                                            }
                                        }
                                        if hits > 0 { results.append(contentsOf: UnsafeBufferPointer(rebasing: leaf[0..<hits])) }
                                    } else {
                                        let below = level - 1
                                        let lo = starts[below] + first, hi = Swift.min(lo + ns, starts[level])
                                        for s in lo..<hi {
                                            let o = 4 * s
                                            let x0 = b[o], y0 = b[o + 1], x1 = b[o + 2], y1 = b[o + 3]
                                            guard x0 <= ox1 && ox0 <= x1 && y0 <= oy1 && oy0 <= y1 else { continue }
                                            if ix0 <= x0 && x1 <= ix1 && iy0 <= y0 && y1 <= iy1 {
                                                // The window covers this node: its items are one contiguous range.
                                                let span = spans[below]
                                                let itemLo = (s - starts[below]) * span
                                                let itemHi = Swift.min(itemLo + span, n)
                                                results.append(contentsOf: UnsafeBufferPointer(rebasing: idp[itemLo..<itemHi]))
                                            } else {
                                                stack[top] = s << bits | below
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
        let n = count, ns = nodeSize, width = pointsOnly ? 2 : 4
        let limit = distance * distance
        let bits = Self.levelBits, levelMask = (1 << bits) - 1
        itemCoords.withUnsafeBufferPointer { c in
            ids.withUnsafeBufferPointer { idp in
                nodeBoxes.withUnsafeBufferPointer { b in
                    levelStarts.withUnsafeBufferPointer { starts in
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: height * ns + 1) { stack in
                            // Squared distance from (x, y) to a box at `o` in `p` (4 doubles), 0 inside.
                            @inline(__always) func d2(_ p: UnsafeBufferPointer<Double>, _ o: Int, _ w: Int) -> Double {
                                let dx = Swift.max(Swift.max(p[o] - x, x - p[o + w - 2]), 0)
                                let dy = Swift.max(Swift.max(p[o + 1] - y, y - p[o + w - 1]), 0)
                                return dx * dx + dy * dy
                            }
                            @inline(__always) func d2(_ p: UnsafeBufferPointer<Float>, _ o: Int, _ w: Int) -> Double {
                                let dx = Swift.max(Swift.max(Double(p[o]) - x, x - Double(p[o + w - 2])), 0)
                                let dy = Swift.max(Swift.max(Double(p[o + 1]) - y, y - Double(p[o + w - 1])), 0)
                                return dx * dx + dy * dy
                            }
                            let root = b.count / 4 - 1
                            guard d2(b, 4 * root, 4) <= limit else { return }
                            stack[0] = root << bits | height
                            var top = 1
                            while top > 0 {
                                top -= 1
                                let node = stack[top] >> bits, level = stack[top] & levelMask
                                let first = (node - starts[level]) * ns
                                if level == 1 {
                                    for s in first..<Swift.min(first + ns, n) where d2(c, width * s, width) <= limit {
                                        results.append(idp[s])
                                    }
                                } else {
                                    let lo = starts[level - 1] + first, hi = Swift.min(lo + ns, starts[level])
                                    for s in lo..<hi where d2(b, 4 * s, 4) <= limit {
                                        stack[top] = s << bits | (level - 1)
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
