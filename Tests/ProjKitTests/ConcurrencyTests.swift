import GeoCore
import ProjKit
import Testing
import TestSupport

/// Eight tasks sharing one Transform (behind its lock) and eight with their own must all give
/// what a single task gives.
@Suite struct ProjConcurrencyTests {
    static func points(seed: UInt64) -> [Point] {
        var rng = SplitMix64(seed: seed)
        func next() -> Double { rng.unit() }
        return (0..<1000).map { _ in Point(x: 120.9 + next() * 1.1, y: 30.7 + next() * 0.9) }
    }

    static func oneByOne(_ transform: Transform, _ points: [Point]) throws -> [Point] {
        try points.map { try transform.transform($0) }
    }

    @Test func eightTasksAgreeWithOne() async throws {
        print("ProjConcurrencyTests seeds 0...7")
        let shared = try Transform(from: .wgs84, to: .working)
        let expected = try (0..<8).map { try Self.oneByOne(shared, Self.points(seed: UInt64($0))) }
        for useShared in [true, false] {
            let results = try await withThrowingTaskGroup(of: (Int, [Point]).self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        let transform = useShared ? shared : try Transform(from: .wgs84, to: .working)
                        return (worker, try Self.oneByOne(transform, Self.points(seed: UInt64(worker))))
                    }
                }
                var all = [[Point]](repeating: [], count: 8)
                for try await (worker, points) in group { all[worker] = points }
                return all
            }
            #expect(results == expected, "shared: \(useShared)")
        }
        // The bulk call agrees with the point-by-point one.
        var bulk = Self.points(seed: 0)
        try shared.transform(&bulk)
        #expect(bulk == expected[0])
    }
}
