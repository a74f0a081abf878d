import Testing
import TestSupport
@testable import SpatialIndex

/// The live index under interleaved edits, against a plain dictionary model and the oracle.
@Suite struct SpatialIndexLiveTests {
    /// Checks what rtree.c's tests check after every batch of edits: structure and content.
    func checkInvariants(_ index: SpatialIndex, model: [Int: IndexBox]) {
        let snapshot = index.snapshot
        #expect(snapshot.base.invariantViolations() == [])
        #expect(snapshot.count == model.count)
        let items = snapshot.items
        #expect(items.count == model.count)
        #expect(Dictionary(items.map { ($0.id, $0.box) }, uniquingKeysWith: { a, _ in a }) == model)
        #expect(snapshot.pendingChanges <= index.rebuildThreshold)
    }

    @Test(arguments: [Shape.uniform, .clustered, .gridTies])
    func interleavedEditsMatchTheModel(shape: Shape) throws {
        var rng = SplitMix64(seed: TestSeed.value("live \(shape)"))
        let grid = shape == .gridTies
        let pool = randomItems(1500, shape: shape, boxes: true, using: &rng)
        let initial = Array(pool.prefix(400))
        let index = try SpatialIndex(items: initial, nodeSize: Int.random(in: 2...16, using: &rng), rebuildThreshold: 60)
        var model = Dictionary(uniqueKeysWithValues: initial.map { ($0.id, $0.box) })
        var nextID = 400
        for step in 1...1500 {
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll < 4 || model.isEmpty {
                let box = pool[nextID % pool.count].box
                try index.insert(id: nextID, box: box)
                model[nextID] = box
                nextID += 1
            } else if roll < 7 {
                let id = model.keys.randomElement(using: &rng)!
                try index.remove(id: id)
                model[id] = nil
            } else {
                let id = model.keys.randomElement(using: &rng)!
                let box = pool.randomElement(using: &rng)!.box
                try index.move(id: id, to: box)
                model[id] = box
            }
            let oracle = Oracle(items: model.map { ($0.key, $0.value) })
            let window = randomWindow(using: &rng, grid: grid)
            let found = index.search(window)
            #expect(found.count == Set(found).count && Set(found) == oracle.search(window), "step \(step) window \(window)")
            let p = randomPoint(using: &rng, grid: grid)
            let k = Int.random(in: 1...12, using: &rng)
            let filter: ((Int) -> Bool)? = step % 2 == 0 ? { $0 % 5 != 0 } : nil
            #expect(sameNeighbours(index.nearest(x: p.x, y: p.y, k: k, filter: filter), oracle.nearest(x: p.x, y: p.y, k: k, filter: filter)),
                    "step \(step) kNN")
            let r = Double.random(in: 0...50, using: &rng)
            #expect(Set(index.within(x: p.x, y: p.y, distance: r)) == oracle.within(x: p.x, y: p.y, distance: r))
            if step % 100 == 0 { checkInvariants(index, model: model) }
        }
        #expect(index.rebuildCount > 0)
        checkInvariants(index, model: model)
    }

    @Test func failedEditsChangeNothing() throws {
        let index = try SpatialIndex(items: [(1, IndexBox(x: 0, y: 0)), (2, IndexBox(x: 1, y: 1))])
        #expect(throws: SpatialIndexError.duplicateID(1)) { try index.insert(id: 1, box: IndexBox(x: 5, y: 5)) }
        #expect(throws: SpatialIndexError.unknownID(9)) { try index.remove(id: 9) }
        #expect(throws: SpatialIndexError.unknownID(9)) { try index.move(id: 9, to: IndexBox(x: 0, y: 0)) }
        #expect(throws: SpatialIndexError.nonFiniteCoordinate(id: 3, field: "minX", value: -.infinity)) {
            try index.insert(id: 3, box: IndexBox(minX: -.infinity, minY: 0, maxX: 0, maxY: 0))
        }
        // The batch fails at its third edit: the first two must not be visible either.
        #expect(throws: SpatialIndexError.unknownID(1)) {
            try index.apply([.insert(id: 4, box: IndexBox(x: 4, y: 4)), .remove(id: 1), .remove(id: 1)])
        }
        #expect(Set(index.search(IndexBox(minX: -10, minY: -10, maxX: 10, maxY: 10))) == [1, 2])
        #expect(throws: SpatialIndexError.duplicateID(7)) {
            try SpatialIndex(items: [(7, IndexBox(x: 0, y: 0)), (7, IndexBox(x: 1, y: 0))])
        }
        // Removing then re-inserting the same id in one batch is fine.
        try index.apply([.remove(id: 1), .insert(id: 1, box: IndexBox(x: 3, y: 3))])
        #expect(index.nearest(x: 3, y: 3, k: 1).map(\.id) == [1])
        let empty = try SpatialIndex()
        #expect(empty.nearest(x: 0, y: 0, k: 3).isEmpty && empty.search(IndexBox(x: 0, y: 0)).isEmpty)
    }

    /// A writer inserts and removes items in pairs, one batch per pair; readers must never see one
    /// item of a pair without the other, whatever repack happens meanwhile.
    @Test func readersNeverSeeHalfABatch() async throws {
        var rng = SplitMix64(seed: TestSeed.value("concurrent readers"))
        let index = try SpatialIndex(rebuildThreshold: 40)
        let everywhere = IndexBox(minX: -1, minY: -1, maxX: 1001, maxY: 1001)
        let boxes = (0..<600).map { _ in IndexBox(x: Double.random(in: 0...1000, using: &rng), y: Double.random(in: 0...1000, using: &rng)) }
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for pair in 0..<300 {
                    try index.apply([.insert(id: 2 * pair, box: boxes[2 * pair]), .insert(id: 2 * pair + 1, box: boxes[2 * pair + 1])])
                    if pair % 3 == 2 { try index.apply([.remove(id: 2 * pair - 2), .remove(id: 2 * pair - 1)]) }
                }
                return 0
            }
            for _ in 0..<3 {
                group.addTask {
                    var torn = 0
                    for round in 0..<200 {
                        let ids: [Int]
                        if round % 2 == 0 {
                            ids = index.search(everywhere)
                        } else {
                            ids = index.nearest(x: 500, y: 500, k: 10_000).map(\.id)
                        }
                        let seen = Set(ids)
                        torn += seen.filter { !seen.contains($0 ^ 1) }.count
                        await Task.yield()
                    }
                    return torn
                }
            }
            var torn = 0
            for try await count in group { torn += count }
            #expect(torn == 0)
        }
        #expect(index.count == 400)
    }
}
