import TestSupport
import Foundation
@testable import SpatialIndex

/// Brute-force answers by full scan: what every index query is checked against.
struct Oracle {
    var items: [(id: Int, box: IndexBox)]

    func search(_ window: IndexBox) -> Set<Int> {
        Set(items.filter { $0.box.intersects(window) }.map(\.id))
    }

    func within(x: Double, y: Double, distance: Double) -> Set<Int> {
        Set(items.filter { $0.box.squaredDistance(x: x, y: y) <= distance * distance }.map(\.id))
    }

    /// All candidates ranked by (squared distance, id), the order the index promises.
    func nearest(x: Double, y: Double, k: Int, maxDistance: Double = .infinity,
                 filter: ((Int) -> Bool)? = nil, exactDistance: ((Int) -> Double)? = nil) -> [(id: Int, distance: Double)] {
        // A sorted list of the best k by insertion: plain and obviously right, and quick in debug builds.
        var ranked: [(key: Double, id: Int, distance: Double)] = []
        func before(_ a: (key: Double, id: Int, distance: Double), _ b: (key: Double, id: Int, distance: Double)) -> Bool {
            a.key < b.key || (a.key == b.key && a.id < b.id)
        }
        for item in items {
            if let filter, !filter(item.id) { continue }
            let key: Double, distance: Double
            if let exactDistance { distance = exactDistance(item.id); key = distance * distance } else {
                key = item.box.squaredDistance(x: x, y: y); distance = key.squareRoot()
            }
            guard key <= maxDistance * maxDistance else { continue }
            let candidate = (key: key, id: item.id, distance: distance)
            if ranked.count == k, let last = ranked.last, !before(candidate, last) { continue }
            var i = ranked.count
            while i > 0 && before(candidate, ranked[i - 1]) { i -= 1 }
            ranked.insert(candidate, at: i)
            if ranked.count > k { ranked.removeLast() }
        }
        return ranked.prefix(k).map { ($0.id, $0.distance) }
    }
}



/// Test data shaped like the city: uniform, or clustered in Gaussian blobs; with integer
/// coordinates on a coarse grid when `ties` is set, so equal distances and duplicates are common.
enum Shape: CaseIterable { case uniform, clustered, gridTies }

func randomItems(_ count: Int, shape: Shape, boxes: Bool, using rng: inout SplitMix64) -> [(id: Int, box: IndexBox)] {
    let centres = (0..<5).map { _ in (Double.random(in: 0...1000, using: &rng), Double.random(in: 0...1000, using: &rng)) }
    return (0..<count).map { i in
        var x: Double, y: Double
        switch shape {
        case .uniform:
            x = Double.random(in: 0...1000, using: &rng); y = Double.random(in: 0...1000, using: &rng)
        case .clustered:
            let c = centres[Int.random(in: 0..<centres.count, using: &rng)]
            let r = Double.random(in: 0...60, using: &rng), a = Double.random(in: 0...(2 * .pi), using: &rng)
            x = c.0 + r * cos(a); y = c.1 + r * sin(a)
        case .gridTies:
            x = Double(Int.random(in: 0...20, using: &rng)) * 10; y = Double(Int.random(in: 0...20, using: &rng)) * 10
        }
        guard boxes else { return (i, IndexBox(x: x, y: y)) }
        let w = shape == .gridTies ? Double(Int.random(in: 0...2, using: &rng)) * 10 : Double.random(in: 0...30, using: &rng)
        let h = shape == .gridTies ? Double(Int.random(in: 0...2, using: &rng)) * 10 : Double.random(in: 0...30, using: &rng)
        return (i, IndexBox(minX: x, minY: y, maxX: x + w, maxY: y + h))
    }
}

func randomWindow(using rng: inout SplitMix64, grid: Bool) -> IndexBox {
    if grid {
        let x = Double(Int.random(in: -2...21, using: &rng)) * 10, y = Double(Int.random(in: -2...21, using: &rng)) * 10
        return IndexBox(minX: x, minY: y, maxX: x + Double(Int.random(in: 0...6, using: &rng)) * 10,
                        maxY: y + Double(Int.random(in: 0...6, using: &rng)) * 10)
    }
    let x = Double.random(in: -50...1000, using: &rng), y = Double.random(in: -50...1000, using: &rng)
    return IndexBox(minX: x, minY: y, maxX: x + Double.random(in: 0...150, using: &rng), maxY: y + Double.random(in: 0...150, using: &rng))
}

func randomPoint(using rng: inout SplitMix64, grid: Bool) -> (x: Double, y: Double) {
    grid ? (Double(Int.random(in: -1...21, using: &rng)) * 10, Double(Int.random(in: -1...21, using: &rng)) * 10)
        : (Double.random(in: -50...1050, using: &rng), Double.random(in: -50...1050, using: &rng))
}

/// Whether two kNN answers agree: same ids in the same order, distances equal to rounding.
func sameNeighbours(_ a: [(id: Int, distance: Double)], _ b: [(id: Int, distance: Double)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.id == $1.id && abs($0.distance - $1.distance) <= 1e-9 * max(1, $1.distance) }
}
