import Foundation
import GeoCore
import Testing
@testable import Patrol

/// Many sources to one target in one reverse search, checked against the one-to-one search run
/// once per source (`path(from:to:mode:)`, itself checked against Floyd–Warshall and brute force
/// over edge ends in ShortestPathTests), and against answers known by construction.
@Suite struct SoonestArrivalTests {
    // MARK: - Against one search per source

    @Test func realStreetsMatchOneSearchPerSource() throws {
        let seed = Fixtures.seed("realStreetsMatchOneSearchPerSource", default: 20261129)
        let graph = try Fixtures.peopleSquare()
        var rng = SplitMix64(seed: seed)
        for mode in TravelMode.allCases {
            for round in 0..<3 {
                let target = Self.randomPosition(graph, mode: mode, rng: &rng)
                let sources = Self.sources(graph, mode: mode, count: 220, target: target, rng: &rng)
                try Self.checkAgainstOneSearchPerSource(graph, target: target, sources: sources, mode: mode,
                                                        context: "seed \(seed) \(mode) round \(round)")
            }
        }
    }

    @Test func randomOneWayNetworksMatchOneSearchPerSource() throws {
        let seed = Fixtures.seed("randomOneWayNetworksMatchOneSearchPerSource", default: 7)
        var rng = SplitMix64(seed: seed)
        for round in 0..<6 {
            // A quarter of the lines one-way each way: cars get trapped, so many are unreachable.
            let net = RandomNetwork(nodes: 14, edges: 26, seed: seed &+ UInt64(round))
            let graph = try RoadGraph(lines: net.lines, speeds: Fixtures.unitSpeeds)
            for mode in TravelMode.allCases {
                let target = Self.randomPosition(graph, mode: mode, rng: &rng)
                let sources = Self.sources(graph, mode: mode, count: 200, target: target, rng: &rng)
                try Self.checkAgainstOneSearchPerSource(graph, target: target, sources: sources, mode: mode,
                                                        context: "seed \(seed) round \(round) \(mode)")
            }
        }
    }

    /// Every arrival's seconds and metres equal the one-to-one search's, unreachable exactly where
    /// it finds no path, fastest first, and the path drawn for an arrival takes the arrival's time.
    static func checkAgainstOneSearchPerSource(_ graph: RoadGraph, target: EdgePosition, sources: [EdgePosition],
                                               mode: TravelMode, context: String) throws {
        let got = graph.soonestArrivals(at: target, from: sources, mode: mode)
        let brute = sources.map { graph.path(from: $0, to: target, mode: mode) }
        let bySource = Dictionary(uniqueKeysWithValues: got.map { ($0.source, $0) })
        #expect(bySource.count == got.count, "\(context): a source given twice")
        for (i, want) in brute.enumerated() {
            let arrival = bySource[i]
            #expect((arrival != nil) == (want != nil), "\(context) source \(i): reachable \(arrival != nil), one-to-one says \(want != nil)")
            guard let arrival, let want else { continue }
            #expect(abs(arrival.seconds - want.seconds) <= 1e-6, "\(context) source \(i): \(arrival.seconds) s, one-to-one \(want.seconds) s")
            #expect(abs(arrival.meters - want.meters) <= 1e-6, "\(context) source \(i): \(arrival.meters) m, one-to-one \(want.meters) m")
        }
        #expect(Self.isOrdered(got), "\(context): not ordered by seconds, then source")
        // The paths of the first few: drawn from the source to the target, in the arrival's time.
        for a in got.prefix(5) {
            let p = graph.path(of: a, from: sources, to: target, mode: mode)
            #expect(abs(p.seconds - a.seconds) <= 1e-6, "\(context) source \(a.source): path \(p.seconds) s, arrival \(a.seconds) s")
            #expect(p.geometry.points.first!.distance(to: sources[a.source].point) < 1e-6, "\(context)")
            #expect(p.geometry.points.last!.distance(to: target.point) < 1e-6, "\(context)")
        }
    }

    // MARK: - Limits and cut-offs

    @Test func limitAndMaxSecondsCutTheFullAnswerExactly() throws {
        let seed = Fixtures.seed("limitAndMaxSecondsCutTheFullAnswerExactly", default: 11)
        let graph = try Fixtures.peopleSquare()
        var rng = SplitMix64(seed: seed)
        for mode in TravelMode.allCases {
            for round in 0..<4 {
                let context = "seed \(seed) \(mode) round \(round)"
                var target: EdgePosition, sources: [EdgePosition], full: [StreetArrival]
                // A car's target in a one-way trap is reached by few: draw again (the cut-offs
                // below need a score of arrivals).
                repeat {
                    target = Self.randomPosition(graph, mode: mode, rng: &rng)
                    sources = Self.sources(graph, mode: mode, count: 250, target: target, rng: &rng)
                    full = graph.soonestArrivals(at: target, from: sources, mode: mode)
                } while full.count <= 20
                for k in [0, 1, 2, 5, 17, full.count, full.count + 3] {
                    let first = graph.soonestArrivals(at: target, from: sources, mode: mode, limit: k)
                    #expect(first == Array(full.prefix(k)), "\(context) limit \(k)")
                }
                // Exactly at an arrival's time (it stays in), just under it, between two, and none.
                let times = full.map(\.seconds)
                let cuts = [times[0], times[7], times[7].nextDown, (times[12] + times[13]) / 2, times.last!, 0, -1]
                for cut in cuts {
                    let within = graph.soonestArrivals(at: target, from: sources, mode: mode, maxSeconds: cut)
                    #expect(within == full.filter { $0.seconds <= cut }, "\(context) maxSeconds \(cut)")
                    let both = graph.soonestArrivals(at: target, from: sources, mode: mode, limit: 4, maxSeconds: cut)
                    #expect(both == Array(full.filter { $0.seconds <= cut }.prefix(4)), "\(context) limit 4, maxSeconds \(cut)")
                }
            }
        }
    }

    @Test func aLimitStopsTheSearchEarly() throws {
        let seed = Fixtures.seed("aLimitStopsTheSearchEarly", default: 3)
        let graph = try Fixtures.peopleSquare()
        var rng = SplitMix64(seed: seed)
        let target = Self.randomPosition(graph, mode: .foot, rng: &rng)
        // Officers at GPS fixes only: none on the target's own edge, so the search has to spread.
        let box = graph.envelope
        let sources = (0..<300).map { _ in
            graph.snap(Point(x: .random(in: box.minX...box.maxX, using: &rng), y: .random(in: box.minY...box.maxY, using: &rng)), mode: .foot)!
        }
        let search = ArrivalSearch(network: graph.network(.foot), reverse: graph.reverseNetwork(.foot))
        let full = search.run(at: target, from: sources, edges: graph.edges, limit: .max, maxSeconds: .infinity)
        let five = search.run(at: target, from: sources, edges: graph.edges, limit: 5, maxSeconds: .infinity)
        let near = search.run(at: target, from: sources, edges: graph.edges, limit: .max, maxSeconds: full.arrivals[9].seconds)
        #expect(five.arrivals == Array(full.arrivals.prefix(5)))
        // 300 officers spread over the square touch most of it; the 5 nearest, a neighbourhood.
        print("settled nodes: all \(full.settledNodes), first 5 \(five.settledNodes), within the 10th's time \(near.settledNodes) of \(graph.nodes.count)")
        #expect(five.settledNodes < full.settledNodes / 2, "seed \(seed)")
        #expect(near.settledNodes < full.settledNodes / 2, "seed \(seed)")
    }

    // MARK: - Known by construction

    /// PlannerTests' ladder: a one-way street east along y = 0 from x = 0 to 1000 (one edge), and
    /// a two-way street round the block back (100 + 1000 + 100 m). 1 m/s on foot, 2 on a bike
    /// (walking at 1 against the flow), 10 by car.
    @Test func carGoesRoundTheBlockWhereFootAndBikeDoNot() throws {
        let graph = try PlannerTests.onewayLadder()
        let target = try #require(graph.snap(Point(x: 200, y: 0), mode: .car))
        let downstream = try #require(graph.snap(Point(x: 800, y: 0), mode: .car))
        let upstream = try #require(graph.snap(Point(x: 100, y: 0), mode: .car))
        #expect(downstream.edge == target.edge && upstream.edge == target.edge)
        let sources = [downstream, upstream]
        func seconds(_ mode: TravelMode) -> [Int: Double] {
            Dictionary(uniqueKeysWithValues: graph.soonestArrivals(at: target, from: sources, mode: mode).map { ($0.source, $0.seconds) })
        }
        // Downstream: the car drives on east 200 m, round the block 1200 m, east 200 m: 160 s;
        // on foot straight back, 600 s; the bike is walked back (600 s) rather than ridden round (800 s).
        // Upstream: straight on, 100 m, for all three (the car 10 s, the bike 50 s, on foot 100 s).
        let car = seconds(.car), foot = seconds(.foot), bike = seconds(.bike)
        #expect(abs(car[0]! - 160) < 1e-9 && abs(foot[0]! - 600) < 1e-9 && abs(bike[0]! - 600) < 1e-9)
        #expect(abs(car[1]! - 10) < 1e-9 && abs(foot[1]! - 100) < 1e-9 && abs(bike[1]! - 50) < 1e-9)
        #expect(graph.soonestArrivals(at: target, from: sources, mode: .car).map(\.source) == [1, 0])
        let around = graph.soonestArrivals(at: target, from: sources, mode: .car)[1]
        #expect(abs(around.meters - 1600) < 1e-9)
        #expect(abs(graph.path(of: around, from: sources, to: target, mode: .car).meters - 1600) < 1e-9)
    }

    /// The same block with the one-way street drawn westward and tagged `oneway=-1`: the direct
    /// way along the target's edge is now allowed backward only, against the digitised direction.
    @Test func sameEdgeDirectWayBothWaysOfTheDigitisedLine() throws {
        let graph = try RoadGraph(lines: [
            RoadLine(id: "east", geometry: LineString([Point(x: 1000, y: 0), Point(x: 0, y: 0)]), roadClass: "road", oneway: .reverse),
            RoadLine(id: "west", geometry: LineString([Point(x: 0, y: 0), Point(x: 0, y: 100), Point(x: 1000, y: 100), Point(x: 1000, y: 0)]), roadClass: "road"),
        ], speeds: Fixtures.unitSpeeds)
        let target = try #require(graph.snap(Point(x: 600, y: 0), mode: .car))
        let sources = [Point(x: 300, y: 0), Point(x: 850, y: 0), Point(x: 600, y: 0)].map { graph.snap($0, mode: .car)! }
        let car = graph.soonestArrivals(at: target, from: sources, mode: .car)
        // The source on the target itself first (0 s), the one west of it straight on (300 m),
        // the one east of it round the block (150 + 1200 + 600 m).
        #expect(car.map(\.source) == [2, 0, 1])
        #expect(abs(car[0].seconds) < 1e-9 && abs(car[1].seconds - 30) < 1e-9 && abs(car[2].seconds - 195) < 1e-9)
        // On foot both go straight: the east one 250 m, the west one 300 m.
        let foot = graph.soonestArrivals(at: target, from: sources, mode: .foot)
        #expect(foot.map(\.source) == [2, 1, 0])
        #expect(abs(foot[1].seconds - 250) < 1e-9 && abs(foot[2].seconds - 300) < 1e-9)
        for a in car { #expect(abs(graph.path(of: a, from: sources, to: target, mode: .car).seconds - a.seconds) < 1e-9) }
        // The one-to-one search agrees that a car standing on the case has arrived (it once
        // took "along the edge" for forward when the distance was 0, and sent it round the block).
        #expect(graph.path(from: target, to: target, mode: .car)?.seconds == 0)
    }

    /// A car in a one-way dead end facing the wrong way reaches nothing; the others still arrive.
    @Test func trappedSourcesAreLeftOut() throws {
        let graph = try RoadGraph(lines: [
            RoadLine(id: "main", geometry: LineString([Point(x: 0, y: 0), Point(x: 500, y: 0)]), roadClass: "road"),
            RoadLine(id: "trap", geometry: LineString([Point(x: 500, y: 0), Point(x: 500, y: 300)]), roadClass: "road", oneway: .yes),
        ], speeds: Fixtures.unitSpeeds)
        let target = graph.snap(Point(x: 100, y: 0), mode: .car)!
        let sources = [Point(x: 500, y: 200), Point(x: 400, y: 0)].map { graph.snap($0, mode: .car)! }
        #expect(graph.soonestArrivals(at: target, from: sources, mode: .car).map(\.source) == [1])
        #expect(graph.soonestArrivals(at: target, from: sources, mode: .foot).map(\.source) == [1, 0])
        #expect(graph.path(from: sources[0], to: target, mode: .car) == nil)
    }

    // MARK: - Officers in several modes

    @Test func officersInSeveralModesMatchOneSearchPerOfficer() throws {
        let seed = Fixtures.seed("officersInSeveralModesMatchOneSearchPerOfficer", default: 5)
        let graph = try Fixtures.peopleSquare()
        var rng = SplitMix64(seed: seed)
        let box = graph.envelope
        func point() -> Point { Point(x: .random(in: box.minX...box.maxX, using: &rng), y: .random(in: box.minY...box.maxY, using: &rng)) }
        let officers: [OfficerOnDuty] = (0..<240).map { i in
            let mode: TravelMode = i % 5 < 3 ? .foot : i % 5 == 3 ? .bike : .car
            return OfficerOnDuty(position: graph.snap(point(), mode: mode)!, mode: mode)
        }
        for round in 0..<5 {
            let context = "seed \(seed) round \(round)"
            let casePoint = point()
            let got = try graph.soonestOfficers(to: casePoint, officers: officers, limit: 5)
            var brute: [StreetArrival] = []
            for (i, o) in officers.enumerated() {
                let target = graph.snap(casePoint, mode: o.mode)!
                if let p = graph.path(from: o.position, to: target, mode: o.mode) {
                    brute.append(StreetArrival(source: i, seconds: p.seconds, meters: p.meters))
                }
            }
            brute.sort { ($0.seconds, $0.source) < ($1.seconds, $1.source) }
            #expect(got.map(\.arrival.source) == brute.prefix(5).map(\.source), "\(context)")
            for (a, b) in zip(got, brute) { #expect(abs(a.arrival.seconds - b.seconds) <= 1e-6, "\(context)") }
            for a in got {
                #expect(a.mode == officers[a.arrival.source].mode)
                #expect(abs(graph.path(of: a, officers: officers).seconds - a.arrival.seconds) <= 1e-6, "\(context)")
            }
        }
    }

    /// Officers by car on a network where no street admits a car: refused with the mode named,
    /// rather than an empty answer that would read as "nobody can come".
    @Test func aModeWithNoUsableStreetIsAnError() throws {
        let walkOnly = SpeedTable(classes: ["footway": [.foot: 3.6, .bike: 0, .car: 0]], defaults: [.foot: 3.6])
        let graph = try RoadGraph(lines: [RoadLine(id: "lane", geometry: LineString([Point(x: 0, y: 0), Point(x: 300, y: 0)]),
                                                   roadClass: "footway")], speeds: walkOnly)
        let stand = Self.position(graph, edge: 0, offset: 100)
        let onFoot = OfficerOnDuty(position: stand, mode: .foot)
        #expect(try graph.soonestOfficers(to: Point(x: 250, y: 5), officers: [onFoot]).map(\.arrival.seconds) == [150])
        #expect(throws: PatrolError.noUsableEdge(function: "RoadGraph.soonestOfficers(to:officers:limit:maxSeconds:)", mode: .car)) {
            try graph.soonestOfficers(to: Point(x: 250, y: 5), officers: [onFoot, OfficerOnDuty(position: stand, mode: .car)])
        }
    }

    // MARK: - Drawing positions

    static func isOrdered(_ arrivals: [StreetArrival]) -> Bool {
        zip(arrivals, arrivals.dropFirst()).allSatisfy { ($0.seconds, $0.source) < ($1.seconds, $1.source) }
    }

    static func usableEdges(_ graph: RoadGraph, mode: TravelMode) -> [Int] {
        graph.edges.indices.filter { let a = graph.allows(mode, edge: $0); return a.forward || a.backward }
    }

    /// A position on a random edge the mode may use, at a random offset.
    static func randomPosition(_ graph: RoadGraph, mode: TravelMode, rng: inout SplitMix64) -> EdgePosition {
        let e = usableEdges(graph, mode: mode).randomElement(using: &rng)!
        return position(graph, edge: e, offset: .random(in: 0...graph.edges[e].lengthMeters, using: &rng))
    }

    static func position(_ graph: RoadGraph, edge e: Int, offset: Double) -> EdgePosition {
        EdgePosition(edge: e, offsetMeters: offset, point: graph.edgeIndex.piece(edge: e, from: offset, to: offset)[0])
    }

    /// Sources as officers stand: most at GPS fixes snapped to the nearest usable street, some on
    /// the target's own edge (on either side of it, and on it), some exactly on a junction.
    static func sources(_ graph: RoadGraph, mode: TravelMode, count: Int, target: EdgePosition,
                        rng: inout SplitMix64) -> [EdgePosition] {
        let box = graph.envelope, usable = usableEdges(graph, mode: mode)
        let targetLength = graph.edges[target.edge].lengthMeters
        return (0..<count).map { i in
            switch i % 10 {
            case 0: return position(graph, edge: target.edge, offset: .random(in: 0...targetLength, using: &rng))
            case 1 where i % 20 == 1: return target
            case 1: let e = usable.randomElement(using: &rng)!
                return position(graph, edge: e, offset: Bool.random(using: &rng) ? 0 : graph.edges[e].lengthMeters)
            case 2: return randomPosition(graph, mode: mode, rng: &rng)
            default:
                let p = Point(x: .random(in: box.minX...box.maxX, using: &rng), y: .random(in: box.minY...box.maxY, using: &rng))
                return graph.snap(p, mode: mode)!
            }
        }
    }
}
