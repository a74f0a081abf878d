import Foundation
import GeoCore
import Testing
@testable import Patrol

@Suite struct TourSolverTests {
    /// Random asymmetric matrix: Euclidean plus a one-way penalty on some ordered pairs.
    static func matrix(_ n: Int, asymmetric: Bool, rng: inout SplitMix64) -> CostMatrix {
        let pts = (0..<n).map { _ in (Double.random(in: 0...1000, using: &rng), Double.random(in: 0...1000, using: &rng)) }
        var penalty = [Double](repeating: 0, count: n * n)
        if asymmetric { for k in penalty.indices where Bool.random(using: &rng) { penalty[k] = .random(in: 0...300, using: &rng) } }
        return CostMatrix(count: n) { i, j in
            let dx = pts[i].0 - pts[j].0, dy = pts[i].1 - pts[j].1
            return (dx * dx + dy * dy).squareRoot() + penalty[i * n + j]
        }
    }

    /// Every permutation of the cities between fixed ends.
    static func bruteForce(_ c: CostMatrix, start: Int, end: Int, cities: [Int]) -> Double {
        var best = Double.infinity
        var perm = cities
        func permute(_ k: Int) {
            if k == perm.count { best = min(best, c.cost(of: [start] + perm + [end])); return }
            for i in k..<perm.count { perm.swapAt(k, i); permute(k + 1); perm.swapAt(k, i) }
        }
        permute(0)
        return best
    }

    @Test func findsTheOptimumOnSmallInstancesBothSymmetricAndNot() {
        let seed = Fixtures.seed("findsTheOptimumOnSmallInstances", default: 99)
        var rng = SplitMix64(seed: seed)
        var optimal = 0, total = 0
        for round in 0..<30 {
            let asym = round % 2 == 1
            let n = 9
            let c = Self.matrix(n, asymmetric: asym, rng: &rng)
            let closed = round % 3 != 0
            let (start, end) = closed ? (0, 0) : (0, n - 1)
            let cities = Array(1..<(closed ? n : n - 1))
            let order = TourSolver(seed: UInt64(round)).solve(c, start: start, end: end, cities: cities)
            #expect(order.first == start && order.last == end)
            #expect(order.dropFirst().dropLast().sorted() == cities)
            let best = Self.bruteForce(c, start: start, end: end, cities: cities)
            let got = c.cost(of: order)
            #expect(got >= best - 1e-6)
            #expect(got <= best * 1.03 + 1e-6, "round \(round): \(got) vs optimum \(best)")
            total += 1
            if got <= best + 1e-6 { optimal += 1 }
        }
        print("optimal in \(optimal) of \(total) brute-forced instances")
        #expect(optimal >= total * 9 / 10)
    }

    @Test func improvementIsNeverWorseThanConstructionAndCostsStayExact() {
        let seed = Fixtures.seed("improvementNeverWorse", default: 3)
        var rng = SplitMix64(seed: seed)
        for round in 0..<9 {
            let n = [12, 30, 60][round % 3]
            let c = Self.matrix(n, asymmetric: round % 2 == 0, rng: &rng)
            let cities = Array(1..<n)
            for first in [TourConstruction.cheapestInsertion(c, start: 0, end: 0, cities: cities),
                          TourConstruction.nearestNeighbour(c, start: 0, end: 0, cities: cities)] {
                #expect(first.dropFirst().dropLast().sorted() == cities)
                // Local search alone and with kicks: never worse, still a permutation.
                for kicks in [0, 40] {
                    let better = TourSolver(kicks: kicks, seed: seed).improve(c, order: first)
                    #expect(better.dropFirst().dropLast().sorted() == cities)
                    #expect(c.cost(of: better) <= c.cost(of: first) + 1e-9)
                }
                // The improver's prefix sums agree with a fresh sum after every move.
                var opt = TourImprover(c, order: first)
                opt.optimise(startingWith: cities)
                #expect(abs(opt.cost - c.cost(of: opt.t)) < 1e-6)
            }
        }
    }

    @Test func reversalDeltaMatchesRecomputedCostOnAsymmetricMatrices() {
        let seed = Fixtures.seed("reversalDelta", default: 11)
        var rng = SplitMix64(seed: seed)
        let c = Self.matrix(15, asymmetric: true, rng: &rng)
        let order = [0] + Array(1..<15).shuffled(using: &rng) + [0]
        let opt = TourImprover(c, order: order)
        for l in 1..<14 { for r in (l + 1)..<15 {
            var reversed = order
            reversed[l...r].reverse()
            #expect(abs(opt.reversalDelta(l, r) - (c.cost(of: reversed) - c.cost(of: order))) < 1e-6)
        } }
    }
}
