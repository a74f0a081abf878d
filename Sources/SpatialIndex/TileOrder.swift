/// Top-down median tiling for the packed tree. Inside each chunk of nodeSize^(levels+1) items (one
/// subtree; the whole tree when `levels` = height − 1) this splits the items at medians along the
/// longer axis — as Boost.Geometry's packing constructor does — so that every aligned run of
/// nodeSize^L items is a compact tile. Splits land on multiples of the group size, so the packed
/// layout (full nodes, consecutive children) is kept. Quickselect makes each level O(n log nodeSize)
/// with no comparison sort.
enum TileOrder {
    struct Centre {
        var x: Double
        var y: Double
        var index: Int
    }

    /// Reorders `centres` in place chunk by chunk (chunks of nodeSize^levels, aligned at 0).
    static func retile(_ centres: inout [Centre], nodeSize: Int, levels: Int) {
        guard levels >= 1 else { return }
        var chunk = 1
        for _ in 0...levels { chunk *= nodeSize }
        // chunk = nodeSize^(levels + 1): a subtree whose children get tiled down to the leaves.
        let n = centres.count
        centres.withUnsafeMutableBufferPointer { c in
            var start = 0
            while start < n {
                let end = Swift.min(start + chunk, n)
                var group = chunk / nodeSize
                // Tile the chunk into groups of nodeSize^levels, then each of those into smaller ones.
                while group >= nodeSize {
                    var g = start
                    let parent = group * nodeSize
                    while g < end {
                        split(c, g, Swift.min(g + parent, end), group: group)
                        g += parent
                    }
                    group /= nodeSize
                }
                start = end
            }
        }
    }

    /// Arranges c[lo..<hi] so that each aligned run of `group` items is spatially compact.
    static func split(_ c: UnsafeMutableBufferPointer<Centre>, _ lo: Int, _ hi: Int, group: Int) {
        let groups = (hi - lo + group - 1) / group
        if groups <= 1 { return }
        var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
        for i in lo..<hi {
            x0 = Swift.min(x0, c[i].x); x1 = Swift.max(x1, c[i].x)
            y0 = Swift.min(y0, c[i].y); y1 = Swift.max(y1, c[i].y)
        }
        let mid = lo + (groups / 2) * group
        select(c, lo, hi, mid, byX: x1 - x0 >= y1 - y0)
        split(c, lo, mid, group: group)
        split(c, mid, hi, group: group)
    }

    /// Quickselect: afterwards every item before `nth` has key ≤ every item from `nth` on.
    @inline(__always)
    static func select(_ c: UnsafeMutableBufferPointer<Centre>, _ lo: Int, _ hi: Int, _ nth: Int, byX: Bool) {
        if byX { select(c, lo, hi, nth, XKey.self) } else { select(c, lo, hi, nth, YKey.self) }
    }

    protocol AxisKey { static func key(_ c: Centre) -> Double }
    enum XKey: AxisKey { @inline(__always) static func key(_ c: Centre) -> Double { c.x } }
    enum YKey: AxisKey { @inline(__always) static func key(_ c: Centre) -> Double { c.y } }

    /// Hoare quickselect with a median-of-three pivot, specialised per axis.
    static func select<Axis: AxisKey>(_ c: UnsafeMutableBufferPointer<Centre>, _ lo: Int, _ hi: Int, _ nth: Int, _: Axis.Type) {
        @inline(__always) func key(_ i: Int) -> Double { Axis.key(c[i]) }
        var lo = lo, hi = hi - 1
        while hi - lo > 8 {
            let m = (lo + hi) >> 1
            var a = key(lo), b = key(m), d = key(hi)
            if a > b { swap(&a, &b) }
            if b > d { b = d }
            let pivot = Swift.max(a, b)
            var i = lo, j = hi
            while i <= j {
                while key(i) < pivot { i += 1 }
                while key(j) > pivot { j -= 1 }
                if i <= j { c.swapAt(i, j); i += 1; j -= 1 }
            }
            if nth <= j { hi = j } else if nth >= i { lo = i } else { return }
        }
        // Small range: insertion sort finishes it.
        if lo < hi {
            for i in (lo + 1)...hi {
                let v = c[i]
                let kv = Axis.key(v)
                var j = i
                while j > lo && key(j - 1) > kv { c[j] = c[j - 1]; j -= 1 }
                c[j] = v
            }
        }
    }
}
