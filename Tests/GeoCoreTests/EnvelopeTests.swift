import Testing
import TestSupport
@testable import GeoCore

@Suite struct EnvelopeTests {
    let a = Envelope(minX: 0, minY: 0, maxX: 10, maxY: 5)
    let b = Envelope(minX: 5, minY: 2, maxX: 20, maxY: 8)
    let far = Envelope(minX: 13, minY: 9, maxX: 14, maxY: 10)

    @Test func unionAndIntersection() {
        #expect(a.union(b) == Envelope(minX: 0, minY: 0, maxX: 20, maxY: 8))
        #expect(a.intersection(b) == Envelope(minX: 5, minY: 2, maxX: 10, maxY: 5))
        #expect(a.intersection(far).isEmpty)
        // Touching edges meet in a zero-width envelope.
        let touching = Envelope(minX: 10, minY: 1, maxX: 12, maxY: 2)
        #expect(a.intersects(touching))
        #expect(a.intersection(touching) == Envelope(minX: 10, minY: 1, maxX: 10, maxY: 2))
        #expect(a.intersection(touching).area == 0 && !a.intersection(touching).isEmpty)
    }

    @Test func expansionAndContainment() {
        #expect(a.expanded(by: 1) == Envelope(minX: -1, minY: -1, maxX: 11, maxY: 6))
        #expect(a.expanded(by: 1).contains(a) && !a.contains(a.expanded(by: 1)))
        var e = Envelope(point: Point(x: 3, y: 4))
        #expect(!e.isEmpty && e.area == 0)
        e.expand(toInclude: Point(x: -1, y: 10))
        #expect(e == Envelope(minX: -1, minY: 4, maxX: 3, maxY: 10))
        #expect(e.width == 4 && e.height == 6 && e.center == Point(x: 1, y: 7))
        #expect(a.contains(Point(x: 10, y: 5)) && !a.contains(Point(x: 10.001, y: 5)))
    }

    @Test func distances() {
        #expect(a.distance(to: b) == 0)
        #expect(a.distance(to: far) == 5)  // 3-4-5 from corner (10, 5) to corner (13, 9)
        #expect(far.distance(to: a) == 5)
        #expect(a.distance(to: Envelope(minX: 2, minY: 7, maxX: 3, maxY: 8)) == 2)
        #expect(a.distance(to: Point(x: 13, y: 9)) == 5 && a.distance(to: Point(x: 1, y: 1)) == 0)
    }

    @Test func emptyBehaviour() {
        let empty = Envelope.empty
        #expect(empty.isEmpty && empty.width == 0 && empty.height == 0 && empty.area == 0)
        #expect(empty.union(a) == a && a.union(empty) == a)
        #expect(empty.intersection(a).isEmpty && a.intersection(empty).isEmpty)
        #expect(!empty.intersects(a) && !a.intersects(empty) && !empty.intersects(empty))
        #expect(!empty.contains(Point(x: 0, y: 0)) && !a.contains(empty))
        #expect(empty.expanded(by: 5).isEmpty)
        #expect(empty.distance(to: a) == .infinity)
        #expect(!empty.isFinite)
        #expect(Envelope(covering: [Point]()).isEmpty)
        #expect(Geometry.lineString(LineString([])).envelope.isEmpty)
        #expect(Samples.all.first { $0.name == "multiPolygon" }!.geometry.envelope == Envelope(minX: 0, minY: 0, maxX: 30, maxY: 10))
    }

    /// Against brute force on random integer rectangles: intersection by cell counting, distance
    /// by the closest pair over every integer point of both boundaries.
    @Test func agreesWithBruteForce() {
        var rng = SplitMix64(seed: TestSeed.value("envelope brute force", default: 3))
        func random() -> Envelope {
            let x = Double(Int.random(in: 0...12, using: &rng)), y = Double(Int.random(in: 0...12, using: &rng))
            return Envelope(minX: x, minY: y, maxX: x + Double(Int.random(in: 0...6, using: &rng)), maxY: y + Double(Int.random(in: 0...6, using: &rng)))
        }
        func lattice(_ e: Envelope) -> [Point] {
            var pts: [Point] = []
            for x in Int(e.minX)...Int(e.maxX) { for y in Int(e.minY)...Int(e.maxY) { pts.append(Point(x: Double(x), y: Double(y))) } }
            return pts
        }
        for _ in 0..<2000 {
            let p = random(), q = random()
            let shared = lattice(p).filter { q.contains($0) }
            #expect(p.intersects(q) == !shared.isEmpty)
            #expect(p.intersection(q) == (shared.isEmpty ? .empty : Envelope(covering: shared)))
            let brute = lattice(p).flatMap { u in lattice(q).map { u.distance(to: $0) } }.min()!
            #expect(p.distance(to: q) == brute)
            #expect(p.union(q) == Envelope(covering: lattice(p) + lattice(q)))
        }
    }
}
