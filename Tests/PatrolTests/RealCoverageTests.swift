import Foundation
import GeoCore
import Testing
@testable import Patrol

/// A road chief's patch on the real streets: lines within 350 m of People's Square carry
/// segment ids; the tour must walk all of them, and its own GPX track must audit as covered.
@Suite struct RealCoverageTests {
    static func patchGraph() throws -> (RoadGraph, Set<String>) {
        var lines = try Fixtures.peopleSquareLines()
        let centre = Fixtures.project(lon: 121.4737, lat: 31.2304)
        var ids = Set<String>()
        for i in lines.indices where lines[i].level == 0 && lines[i].roadClass != "trunk" {
            if lines[i].geometry.points.allSatisfy({ $0.distance(to: centre) < 350 }) {
                lines[i].segmentID = "RC-\(lines[i].id)"
                ids.insert("RC-\(lines[i].id)")
            }
        }
        return (try RoadGraph(lines: lines), ids)
    }

    @Test func patchTourWalksEverySegmentAndItsTrackAuditsCovered() throws {
        let (graph, ids) = try Self.patchGraph()
        let planner = PatrolPlanner(graph: graph)
        for mode in [TravelMode.foot, .car] {
            // Only segments the mode may use, inside its strongly connected core, can be walked in a round.
            let main = Set(graph.stronglyConnectedComponents(mode: mode)[0])
            let chosen = ids.filter { id in
                graph.edges.indices.allSatisfy { i in
                    let e = graph.edges[i], a = graph.allows(mode, edge: i)
                    return graph.lines[e.line].segmentID != id || ((a.forward || a.backward) && main.contains(e.from) && main.contains(e.to))
                }
            }
            #expect(chosen.count >= 20)
            let start = Fixtures.project(lon: 121.4737, lat: 31.2304)
            let tour = try planner.streetCoverage(segmentIDs: chosen, start: start, mode: mode)
            let required = Set(graph.edges.indices.filter { chosen.contains(graph.lines[graph.edges[$0].line].segmentID ?? "") })
            #expect(Set(tour.steps.filter(\.required).map(\.edge)) == required)
            print("\(mode) patch: \(chosen.count) segments, \(Int(tour.requiredMeters)) m required, \(Int(tour.deadheadMeters)) m deadhead")
            // Through GPX and back (inverse of the equirectangular projection), then audit.
            let r = 6_371_008.8, rad = Double.pi / 180
            let toLonLat = { (p: Point) in Point(x: Fixtures.originLon + p.x / (r * cos(Fixtures.originLat * rad)) / rad,
                                                 y: Fixtures.originLat + p.y / r / rad) }
            let gpx = GPX.document(name: "patch", path: tour.path, waypoints: [], lonLat: toLonLat)
            let track = try GPX.trackPoints(Data(gpx.utf8)).map { Fixtures.project(lon: $0.x, lat: $0.y) }
            #expect(track.count == tour.path.points.count)
            let audit = try planner.audit(track: track, segmentIDs: chosen.sorted(), toleranceMeters: 5, coveredFraction: 0.99)
            #expect(audit.missed.isEmpty, "missed \(audit.missed)")
            // And a track that skips the patch entirely misses every segment.
            let away = try planner.audit(track: [Point(x: 5000, y: 5000), Point(x: 5100, y: 5000)], segmentIDs: chosen.sorted())
            #expect(away.covered.isEmpty)
        }
    }
}
