import Testing
import TestSupport
@testable import SpatialIndex

/// Random trees against the brute-force oracle, on uniform, clustered and tie-heavy grid data.
@Suite struct PackedRTreePropertyTests {
    @Test(arguments: Shape.allCases, [false, true])
    func queriesMatchBruteForce(shape: Shape, boxes: Bool) throws {
        var rng = SplitMix64(seed: TestSeed.value("PackedRTree \(shape) boxes=\(boxes)"))
        let grid = shape == .gridTies
        var cases = 0
        for _ in 0..<6 {
            let items = randomItems(Int.random(in: 0...2500, using: &rng), shape: shape, boxes: boxes, using: &rng)
            let nodeSize = [2, 3, 4, 8, 16, 32].randomElement(using: &rng)!
            let packing: PackedRTree.Packing = Bool.random(using: &rng) ? .medianSplit : .hilbert
            let tree = try PackedRTree(boxes: items.map(\.box), ids: items.map(\.id), nodeSize: nodeSize, packing: packing)
            let oracle = Oracle(items: items)
            #expect(tree.count == items.count)
            #expect(tree.invariantViolations() == [])

            for _ in 0..<300 {
                let window = randomWindow(using: &rng, grid: grid)
                let found = tree.search(window)
                // Both ways: every returned item intersects, every item not returned does not.
                #expect(found.count == Set(found).count, "duplicates for \(window)")
                #expect(Set(found) == oracle.search(window), "window \(window)")
                cases += 1
            }
            for _ in 0..<100 {
                let p = randomPoint(using: &rng, grid: grid)
                let r = grid ? Double(Int.random(in: 0...5, using: &rng)) * 10 : Double.random(in: 0...80, using: &rng)
                let found = tree.within(x: p.x, y: p.y, distance: r)
                #expect(found.count == Set(found).count)
                #expect(Set(found) == oracle.within(x: p.x, y: p.y, distance: r), "within \(r) of \(p)")
                cases += 1
            }
            let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0.box) })
            for variant in 0..<4 {
                for _ in 0..<100 {
                    let p = randomPoint(using: &rng, grid: grid)
                    let k = Int.random(in: 1...25, using: &rng)
                    let maxDistance = variant == 1 ? Double.random(in: 0...60, using: &rng) : .infinity
                    let filter: ((Int) -> Bool)? = variant == 2 ? { $0 % 3 != 0 } : nil
                    // Distance to the box centre: never below the envelope distance, as exactDistance must be.
                    let exact: ((Int) -> Double)? = variant == 3 ? { id in
                        let b = byID[id]!
                        let dx = (b.minX + b.maxX) / 2 - p.x, dy = (b.minY + b.maxY) / 2 - p.y
                        return (dx * dx + dy * dy).squareRoot()
                    } : nil
                    let got = tree.nearest(x: p.x, y: p.y, k: k, maxDistance: maxDistance, filter: filter, exactDistance: exact)
                    let want = oracle.nearest(x: p.x, y: p.y, k: k, maxDistance: maxDistance, filter: filter, exactDistance: exact)
                    #expect(sameNeighbours(got, want), "kNN k=\(k) variant \(variant) at \(p): \(got) vs \(want)")
                    cases += 1
                }
            }
        }
        print("PackedRTree \(shape) boxes=\(boxes): \(cases) cases")
    }

    /// With nodeSize 100 and 20000 items the median splits run inside 10^4-item subtrees and the
    /// Hilbert order arranges those: the hybrid path a small test tree never takes.
    @Test func hybridPackingMatchesBruteForce() throws {
        var rng = SplitMix64(seed: TestSeed.value("hybrid packing"))
        let items = randomItems(20000, shape: .clustered, boxes: true, using: &rng)
        let tree = try PackedRTree(boxes: items.map(\.box), ids: items.map(\.id), nodeSize: 100)
        #expect(tree.height == 3)
        #expect(tree.invariantViolations() == [])
        let oracle = Oracle(items: items)
        for _ in 0..<40 {
            let window = randomWindow(using: &rng, grid: false)
            #expect(Set(tree.search(window)) == oracle.search(window))
            let p = randomPoint(using: &rng, grid: false)
            #expect(sameNeighbours(tree.nearest(x: p.x, y: p.y, k: 10), oracle.nearest(x: p.x, y: p.y, k: 10)))
        }
    }

    @Test func scratchReuseGivesTheSameAnswers() throws {
        var rng = SplitMix64(seed: TestSeed.value("scratch reuse"))
        let items = randomItems(3000, shape: .clustered, boxes: false, using: &rng)
        let tree = try PackedRTree(boxes: items.map(\.box), ids: items.map(\.id))
        let scratch = NearestScratch()
        var reused: [(id: Int, distance: Double)] = []
        for _ in 0..<200 {
            let p = randomPoint(using: &rng, grid: false)
            let k = Int.random(in: 1...300, using: &rng)
            tree.nearest(x: p.x, y: p.y, k: k, using: scratch, into: &reused)
            #expect(sameNeighbours(reused, Oracle(items: items).nearest(x: p.x, y: p.y, k: k)))
        }
    }
}
