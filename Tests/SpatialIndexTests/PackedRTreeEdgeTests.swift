import Testing
@testable import SpatialIndex

/// Empty trees, k beyond the count, duplicates, degenerate and huge envelopes, bad coordinates.
@Suite struct PackedRTreeEdgeTests {
    @Test func emptyTreeAnswersNothing() throws {
        let tree = try PackedRTree(boxes: [], ids: [])
        #expect(tree.count == 0 && tree.bounds == nil)
        #expect(tree.search(IndexBox(minX: -1e300, minY: -1e300, maxX: 1e300, maxY: 1e300)).isEmpty)
        #expect(tree.nearest(x: 0, y: 0, k: 5).isEmpty)
        #expect(tree.within(x: 0, y: 0, distance: 1e300).isEmpty)
        #expect(PackedRTree().search(IndexBox(x: 0, y: 0)).isEmpty)
    }

    @Test func kBeyondCountReturnsEverythingSorted() throws {
        let boxes = [IndexBox(x: 3, y: 0), IndexBox(x: 1, y: 0), IndexBox(x: 2, y: 0)]
        let tree = try PackedRTree(boxes: boxes, ids: [30, 10, 20])
        #expect(tree.nearest(x: 0, y: 0, k: 10).map(\.id) == [10, 20, 30])
        #expect(tree.nearest(x: 0, y: 0, k: 10).map(\.distance) == [1, 2, 3])
        #expect(tree.nearest(x: 0, y: 0, k: 0).isEmpty)
    }

    @Test func duplicatePointsTieByID() throws {
        let tree = try PackedRTree(boxes: Array(repeating: IndexBox(x: 5, y: 5), count: 100), ids: Array((0..<100).reversed()))
        #expect(tree.nearest(x: 0, y: 0, k: 3).map(\.id) == [0, 1, 2])
        #expect(tree.search(IndexBox(x: 5, y: 5)).count == 100)
        #expect(tree.invariantViolations() == [])
    }

    @Test func touchingCountsAsIntersecting() throws {
        let tree = try PackedRTree(boxes: [IndexBox(minX: 0, minY: 0, maxX: 1, maxY: 1), IndexBox(x: 2, y: 2)])
        #expect(tree.search(IndexBox(minX: 1, minY: 1, maxX: 2, maxY: 2)).sorted() == [0, 1])
        #expect(tree.search(IndexBox(minX: 1.0000001, minY: 0, maxX: 1.5, maxY: 1)).isEmpty)
        #expect(tree.within(x: 3, y: 2, distance: 1) == [1])
    }

    @Test func hugeAndDegenerateEnvelopes() throws {
        let boxes = [IndexBox(minX: -1e308, minY: -1e308, maxX: 1e308, maxY: 1e308),
                     IndexBox(minX: 0, minY: 0, maxX: 0, maxY: 10), IndexBox(x: 1e307, y: -1e307)]
        let tree = try PackedRTree(boxes: boxes)
        #expect(tree.invariantViolations() == [])
        #expect(tree.search(IndexBox(x: 0, y: 5)).sorted() == [0, 1])
        #expect(tree.nearest(x: 1e307, y: -1e307, k: 3).map(\.id) == [0, 2, 1])
        // All items on one vertical line: a zero-width extent must still order and search.
        let line = try PackedRTree(boxes: (0..<500).map { IndexBox(x: 7, y: Double($0)) }, nodeSize: 4)
        #expect(line.search(IndexBox(minX: 7, minY: 10, maxX: 7, maxY: 19)).sorted() == Array(10...19))
    }

    @Test func rejectsNonFiniteCoordinatesNamingTheItem() {
        #expect(throws: SpatialIndexError.nonFiniteCoordinate(id: 42, field: "maxY", value: .infinity)) {
            try PackedRTree(boxes: [IndexBox(x: 0, y: 0), IndexBox(minX: 0, minY: 0, maxX: 1, maxY: .infinity)], ids: [1, 42])
        }
        #expect(throws: SpatialIndexError.self) { try PackedRTree(boxes: [IndexBox(x: .nan, y: 0)]) }
        #expect(throws: SpatialIndexError.invertedEnvelope(id: 0, box: IndexBox(minX: 2, minY: 0, maxX: 1, maxY: 0))) {
            try PackedRTree(boxes: [IndexBox(minX: 2, minY: 0, maxX: 1, maxY: 0)])
        }
        #expect(throws: SpatialIndexError.countMismatch(boxes: 1, ids: 0)) { try PackedRTree(boxes: [IndexBox(x: 0, y: 0)], ids: []) }
        #expect(throws: SpatialIndexError.invalidNodeSize(1)) { try PackedRTree(boxes: [], ids: [], nodeSize: 1) }
    }
}
