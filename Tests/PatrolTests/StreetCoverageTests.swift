import Foundation
import GeoCore
import Testing
@testable import Patrol

@Suite struct StreetCoverageTests {
    /// A 4 × 4 block grid of two-way streets, 100 m apart, every street its own segment.
    static func gridLines(oneway: (Int) -> Oneway = { _ in .no }) -> [RoadLine] {
        var lines: [RoadLine] = []
        for i in 0...4 { for j in 0..<4 {
            let k = lines.count
            lines.append(RoadLine(id: "h\(i)\(j)", geometry: LineString([Point(x: Double(j) * 100, y: Double(i) * 100), Point(x: Double(j + 1) * 100, y: Double(i) * 100)]),
                                  roadClass: "road", oneway: oneway(k), segmentID: "H\(i)\(j)"))
            let k2 = lines.count
            lines.append(RoadLine(id: "v\(i)\(j)", geometry: LineString([Point(x: Double(i) * 100, y: Double(j) * 100), Point(x: Double(i) * 100, y: Double(j + 1) * 100)]),
                                  roadClass: "road", oneway: oneway(k2), segmentID: "V\(i)\(j)"))
        } }
        return lines
    }

    func checkCovers(_ tour: CoverageTour, required: Set<Int>, graph: RoadGraph, mode: TravelMode, start: Point) {
        let walked = Set(tour.steps.filter(\.required).map(\.edge))
        #expect(walked == required)
        // Consecutive steps join up, and each step is allowed for the mode.
        for (a, b) in zip(tour.steps, tour.steps.dropFirst()) {
            let ea = graph.edges[a.edge], eb = graph.edges[b.edge]
            #expect((a.forward ? ea.to : ea.from) == (b.forward ? eb.from : eb.to))
        }
        for s in tour.steps { let a = graph.allows(mode, edge: s.edge); #expect(s.forward ? a.forward : a.backward) }
        #expect(tour.path.points.first!.distance(to: tour.path.points.last!) < 1e-6)
        #expect(abs(tour.path.length - tour.meters) < 1e-6 * tour.meters)
    }

    @Test func evenConnectedPatchNeedsNoDeadheading() throws {
        // The outer ring of the grid: every node has degree 2, so the optimum is its length.
        let graph = try RoadGraph(lines: Self.gridLines(), speeds: Fixtures.unitSpeeds)
        let ring = Set(graph.lines.indices.filter { l in
            let p = graph.lines[l].geometry.points
            return p.allSatisfy { $0.x == 0 } || p.allSatisfy { $0.x == 400 } || p.allSatisfy { $0.y == 0 } || p.allSatisfy { $0.y == 400 }
        }.compactMap { graph.lines[$0].segmentID })
        #expect(ring.count == 16)
        let tour = try PatrolPlanner(graph: graph).streetCoverage(segmentIDs: ring, start: Point(x: 0, y: 0), mode: .foot)
        let required = Set(graph.edges.indices.filter { ring.contains(graph.lines[graph.edges[$0].line].segmentID!) })
        checkCovers(tour, required: required, graph: graph, mode: .foot, start: Point(x: 0, y: 0))
        #expect(abs(tour.meters - 1600) < 1e-6)
        #expect(abs(tour.requiredMeters - 1600) < 1e-6)
    }

    @Test func wholeGridMatchesTheChinesePostmanOptimum() throws {
        // 5 × 5 nodes: the 12 border non-corner nodes have odd degree 3. The Chinese postman
        // optimum is the street length plus a minimum matching of odd nodes under grid
        // (Manhattan) distance, found here by brute force; the heuristic may be ≤ 10% above.
        let graph = try RoadGraph(lines: Self.gridLines(), speeds: Fixtures.unitSpeeds)
        let all = Set(graph.lines.compactMap(\.segmentID))
        let tour = try PatrolPlanner(graph: graph).streetCoverage(segmentIDs: all, start: Point(x: 200, y: 200), mode: .foot)
        checkCovers(tour, required: Set(graph.edges.indices), graph: graph, mode: .foot, start: Point(x: 200, y: 200))
        var odd: [Point] = []
        for x in 0...4 { for y in 0...4 where (x == 0 || x == 4) != (y == 0 || y == 4) { odd.append(Point(x: Double(x) * 100, y: Double(y) * 100)) } }
        #expect(odd.count == 12)
        func bestMatching(_ left: [Point]) -> Double {
            guard let a = left.first else { return 0 }
            var best = Double.infinity
            for k in 1..<left.count {
                var rest = left; rest.remove(at: k); rest.removeFirst()
                best = min(best, abs(a.x - left[k].x) + abs(a.y - left[k].y) + bestMatching(rest))
            }
            return best
        }
        let optimum = 4000 + bestMatching(odd)
        print("grid postman: \(tour.meters) m (optimum \(optimum))")
        #expect(tour.meters >= optimum - 1e-6)
        #expect(tour.meters <= optimum * 1.1)
    }

    @Test func separatePiecesAndOneWayStreetsByCar() throws {
        // Some streets one-way: the car tour must walk them with the flow and still cover all.
        let graph = try RoadGraph(lines: Self.gridLines(oneway: { $0 % 3 == 0 ? .yes : ($0 % 7 == 0 ? .reverse : .no) }), speeds: Fixtures.unitSpeeds)
        let chosen: Set<String> = ["H00", "H01", "V40", "V41", "H43", "V12", "H22"]
        let tour = try PatrolPlanner(graph: graph).streetCoverage(segmentIDs: chosen, start: Point(x: 0, y: 0), mode: .car)
        let required = Set(graph.edges.indices.filter { chosen.contains(graph.lines[graph.edges[$0].line].segmentID!) })
        checkCovers(tour, required: required, graph: graph, mode: .car, start: Point(x: 0, y: 0))
    }

    @Test func unknownSegmentIsAnError() throws {
        let graph = try RoadGraph(lines: Self.gridLines(), speeds: Fixtures.unitSpeeds)
        #expect(throws: PatrolError.unknownSegment(function: "streetCoverage", segmentID: "nope")) {
            try PatrolPlanner(graph: graph).streetCoverage(segmentIDs: ["H00", "nope"], start: .init(x: 0, y: 0), mode: .foot)
        }
    }
}
