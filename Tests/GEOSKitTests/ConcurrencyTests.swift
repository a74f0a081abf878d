import GeoCore
import GEOSKit
import Testing
import TestSupport

/// Many tasks on many threads using GEOS at once (each thread with its own context, plus one
/// shared PreparedGeometry behind its lock) must give exactly what one task gives.
@Suite struct ConcurrencyTests {
    struct Answer: Hashable, Sendable {
        var covers: Bool
        var preparedContains: Bool
        var distance: Double
        var area: Double
    }

    static func answers(worker: Int, prepared: PreparedGeometry) throws -> [Answer] {
        var rng = SplitMix64(seed: UInt64(1000 + worker))
        let shape = Fixtures.shanghaiSquareWithHole
        return try (0..<1000).map { _ in
            let p = Point(x: Double.random(in: 639_990...640_110, using: &rng).rounded(),
                          y: Double.random(in: 3_456_990...3_457_110, using: &rng).rounded())
            let box = Geometry.polygon(Polygon(exterior: Fixtures.square(p.x, p.y, side: 7)))
            return Answer(covers: try shape.covers(.point(p)), preparedContains: try prepared.contains(p),
                          distance: try shape.distance(to: .point(p)), area: try shape.intersection(box).geosArea())
        }
    }

    @Test func eightTasksAgreeWithOne() async throws {
        print("eightTasksAgreeWithOne seeds 1000...1007")
        let prepared = try PreparedGeometry(Fixtures.shanghaiSquareWithHole)
        let expected = try (0..<8).map { try Self.answers(worker: $0, prepared: prepared) }
        let results = try await withThrowingTaskGroup(of: (Int, [Answer]).self) { group in
            for worker in 0..<8 {
                group.addTask { (worker, try Self.answers(worker: worker, prepared: prepared)) }
            }
            var all = [[Answer]](repeating: [], count: 8)
            for try await (worker, answers) in group { all[worker] = answers }
            return all
        }
        #expect(results == expected)
    }
}
