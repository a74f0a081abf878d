import CityQuery
import CityStore
import Foundation
import GeoCore
import Patrol
import Testing
import TestSupport

/// The sample district's street graph, as CityGrid builds it from the imported roads layer,
/// against an independent one: Tests/oracle/street_graph.py reads the shapefile with GDAL, nodes
/// it with Shapely (GEOS) and routes with networkx, from the rules of geodata/SCHEMA.md.
@Suite(.serialized) struct StreetGraphOracleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Oracle: Decodable {
        struct Matrices: Decodable { let seconds: [[Double?]]; let meters: [[Double?]] }
        struct Crossing: Decodable { let x: Double; let y: Double; let roads: [String] }
        let foot: Matrices
        let car: Matrices
        let crossings: [Crossing]
    }

    /// The seeded line ends per mode (200 each), and the oracle's answers for them.
    static let run: (graph: RoadGraph, points: [TravelMode: [Point]], oracle: Oracle)? = {
        do {
            let store = try #require(SampleDistrictOracleTests.sample)
            let q = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
            let graph = try q.streetGraph()
            var ends: [Point] = []
            var seen = Set<[Double]>()
            for line in graph.lines {
                for p in [line.geometry.points.first!, line.geometry.points.last!] where seen.insert([p.x, p.y]).inserted {
                    ends.append(p)
                }
            }
            var rng = SplitMix64(seed: SampleDistrictOracleTests.seed())
            ends.shuffle(using: &rng)
            var points: [TravelMode: [Point]] = [:]
            for mode in [TravelMode.foot, .car] {
                // Only ends the mode may stand on: a foot route does not start on the elevated road.
                points[mode] = Array(ends.filter { p in graph.snap(p, mode: mode).map { $0.snapDistanceMeters < 1e-6 } == true }.prefix(200))
            }
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("street-oracle-\(getpid())")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let json = ["foot": points[.foot]!.map { [$0.x, $0.y] }, "car": points[.car]!.map { [$0.x, $0.y] }]
            try JSONSerialization.data(withJSONObject: json).write(to: work.appendingPathComponent("points.json"))
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", root.appendingPathComponent("Tests/oracle/street_graph.py").path,
                                root.appendingPathComponent("geodata/sample/roads.shp").path,
                                root.appendingPathComponent("Sources/Patrol/Resources/speeds.json").path,
                                work.appendingPathComponent("points.json").path, work.appendingPathComponent("out.json").path]
            try python.run()
            python.waitUntilExit()
            try #require(python.terminationStatus == 0, "the oracle script failed")
            let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: work.appendingPathComponent("out.json")))
            return (graph, points, oracle)
        } catch {
            Issue.record("building the oracle: \(error)")
            return nil
        }
    }()

    @Test(arguments: [TravelMode.foot, .car])
    func everyShortestPathAgreesWithTheIndependentGraph(mode: TravelMode) throws {
        let run = try #require(Self.run)
        let points = run.points[mode]!
        #expect(points.count == 200)
        let positions = points.map { run.graph.snap($0, mode: mode)! }
        let matrix = run.graph.travelMatrix(positions, mode: mode)
        let oracle = mode == .foot ? run.oracle.foot : run.oracle.car
        var wrong: [String] = []
        var compared = 0
        for i in points.indices {
            for j in points.indices where i != j {
                let ours = (seconds: matrix.seconds[i, j], meters: matrix.meters[i, j])
                let theirs = (seconds: oracle.seconds[i][j], meters: oracle.meters[i][j])
                guard let seconds = theirs.seconds, let meters = theirs.meters else {
                    if ours.seconds.isFinite { wrong.append("\(i)→\(j): we reach it in \(ours.meters) m, the oracle cannot") }
                    continue
                }
                compared += 1
                // Foot walks every class at one pace, so the quickest walk is the shortest: compare
                // metres. A car's quickest path is compared by its time; ties may differ in length.
                let agrees = mode == .foot ? abs(ours.meters - meters) <= 0.5 : abs(ours.seconds - seconds) <= 0.05
                if !agrees {
                    wrong.append("\(i)→\(j) (\(points[i].x),\(points[i].y) → \(points[j].x),\(points[j].y)): "
                                 + "\(ours.meters) m / \(ours.seconds) s, oracle \(meters) m / \(seconds) s")
                }
            }
        }
        // The extract is clipped at the district's edge, where one-way streets lead out and do not
        // come back: many pairs are unreachable by car, and both graphs must say so.
        #expect(compared > 15_000, "only \(compared) pairs are connected")
        let disagreeing = wrong.count
        #expect(disagreeing == 0, "\(disagreeing) of \(points.count * (points.count - 1)) pairs disagree, e.g.\n\(wrong.prefix(10).joined(separator: "\n"))")
    }

    /// Every place where a bridge or tunnel crosses a line without sharing a vertex with it (found
    /// by GEOS in the oracle) is not a junction: no node there joins edges of both.
    @Test func bridgesAndTunnelsDoNotMeetTheStreetsTheyCross() throws {
        let run = try #require(Self.run)
        #expect(run.oracle.crossings.count >= 16, "the sample's tunnels and elevated roads cross streets")
        let graph = run.graph
        var roadsAt: [Int: Set<String>] = [:]
        for e in graph.edges {
            let id = graph.lines[e.line].id.split(separator: "#").first.map(String.init)!
            roadsAt[e.from, default: []].insert(id)
            roadsAt[e.to, default: []].insert(id)
        }
        for c in run.oracle.crossings {
            let p = Point(x: c.x, y: c.y)
            for (n, node) in graph.nodes.enumerated() where node.distance(to: p) < 0.05 {
                #expect(!Set(c.roads).isSubset(of: roadsAt[n, default: []]), "\(c.roads) meet at \(c.x),\(c.y)")
            }
        }
    }

    /// No car drives a one-way street against its flow: from the far end of each one-way street
    /// back to its start, the car goes around the block (or cannot, where the street leaves the
    /// extract), and never along an edge of a one-way street the wrong way.
    @Test func carsGoAroundTheBlockAndBikesPushAgainstTheFlow() throws {
        let run = try #require(Self.run)
        let graph = run.graph
        var aroundTheBlock = 0
        for (index, line) in graph.lines.enumerated() where line.oneway != .no && graph.speeds.metersPerSecond(.car, roadClass: line.roadClass) > 0 {
            let points = line.geometry.points
            let (from, to) = line.oneway == .yes ? (points.last!, points.first!) : (points.first!, points.last!)
            guard let against = try graph.path(from: from, to: to, mode: .car) else { continue }
            aroundTheBlock += 1
            // The street itself is never part of the way back (a parallel carriageway may be as long).
            #expect(!against.edges.contains { graph.edges[$0.edge].line == index && $0.forward != (line.oneway == .yes) },
                    "\(line.id) driven against its flow")
            for (edge, forward) in against.edges.dropFirst().dropLast() {
                let e = graph.edges[edge]
                guard e.oneway != .no else { continue }
                #expect(forward == (e.oneway == .yes), "\(graph.lines[e.line].id) driven against its flow on the way back along \(line.id)")
            }
        }
        #expect(aroundTheBlock >= 100, "only \(aroundTheBlock) one-way streets can be driven back around")

        // 思南路 (osm-9704194), one-way, drawn with the flow: a bike pushes back at foot pace.
        let street = try #require(graph.lines.first { $0.id == "osm-9704194" })
        #expect(street.oneway == .yes)
        let start = street.geometry.points.first!, end = street.geometry.points.last!
        let length = street.geometry.length
        let with = try #require(try graph.path(from: start, to: end, mode: .car))
        #expect(abs(with.meters - length) < 0.01)
        let walk = try #require(try graph.path(from: end, to: start, mode: .foot))
        #expect(abs(walk.meters - length) < 0.01)
        let bike = try #require(try graph.path(from: end, to: start, mode: .bike))
        let riding = length / (12 / 3.6), pushing = length / (4.5 / 3.6)
        #expect(bike.seconds > riding * 1.5 && bike.seconds <= pushing + 0.01, "\(bike.seconds) s: ridden \(riding) s, pushed \(pushing) s")
    }
}
