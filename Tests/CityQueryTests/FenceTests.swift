import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import GEOSKit
import Testing

/// Fences on the sample district: the R-tree match against GEOS asked of every fence, and the
/// crossings an officer's walk writes to the outbox against the walk's points asked of GEOS one
/// by one.
@Suite(.serialized) struct FenceTests {
    /// The same place asked of GEOS (polygons, corridors) or of plain arithmetic, shape by shape.
    static func bruteForce(_ area: EventArea, _ p: Point, view: CityView, corridor: Double, layers: Layers) throws -> Bool {
        let point = Geometry.point(p)
        switch area {
        case .cells(let codes):
            return try codes.contains { code in try view[.grids].feature(id: code)?.geometry?.covers(point) ?? false }
        case .subDistrict(let name):
            return try layers.cells.contains { $0.subDistrict == name && $0.envelope.contains(p) ? try $0.geometry.covers(point) : false }
        case .segments(let ids):
            return try ids.contains { id in try view[.segments].feature(id: id)?.geometry.map { try $0.distance(to: point) <= corridor } ?? false }
        case .chief(let chief):
            return try layers.segments.contains { $0.chief == chief ? try $0.geometry.distance(to: point) <= corridor : false }
        case .window(let e): return p.x >= e.minX && p.x <= e.maxX && p.y >= e.minY && p.y <= e.maxY
        case .circle(let c, let r): return ((p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y)).squareRoot() <= r
        case .polygon(let poly): return try Geometry.polygon(poly).covers(point)
        }
    }

    /// The cells and segments decoded once, for the brute force.
    struct Layers {
        var cells: [(subDistrict: String, envelope: Envelope, geometry: Geometry)]
        var segments: [(chief: String?, geometry: Geometry)]

        init(_ view: CityView) {
            cells = view[.grids].features.values.compactMap { f in
                guard let g = f.geometry, let c = try? f.decode(GridCell.self) else { return nil }
                return (c.subDistrictName, g.envelope, g)
            }
            segments = view[.segments].features.values.compactMap { f in
                guard let g = f.geometry, let s = try? f.decode(ChiefSegment.self) else { return nil }
                return (s.chief?.id, g)
            }
        }
    }

    static func areas(in view: CityView, count: Int, seed: UInt64) -> [EventArea] {
        var rng = SplitMix64(seed: seed)
        let extent = view[.grids].features.values.compactMap(\.geometry?.envelope).reduce(Envelope.empty) { $0.union($1) }
        func x() -> Double { extent.minX + Double.random(in: 0...1, using: &rng) * (extent.maxX - extent.minX) }
        func y() -> Double { extent.minY + Double.random(in: 0...1, using: &rng) * (extent.maxY - extent.minY) }
        let cells = view[.grids].features.values.map(\.id).sorted()
        let segments = view[.segments].features.values.map(\.id).sorted()
        let subDistricts = Set(view[.grids].features.values.compactMap { try? $0.decode(GridCell.self).subDistrictName }).sorted()
        let chiefs = Set(view[.segments].features.values.compactMap { try? $0.decode(ChiefSegment.self).chief?.id }).sorted()
        return (0..<count).map { i in
            switch i % 8 {
            case 0: return .circle(center: Point(x: x(), y: y()), radiusMeters: Double.random(in: 20...400, using: &rng))
            case 1:
                let (x0, y0) = (x(), y())
                return .window(Envelope(minX: x0, minY: y0, maxX: x0 + Double.random(in: 10...600, using: &rng), maxY: y0 + Double.random(in: 10...600, using: &rng)))
            case 2:
                let (cx, cy) = (x(), y())
                let ring = (0..<5).map { k -> Point in
                    let a = Double(k) * 2 * .pi / 5, r = Double.random(in: 50...300, using: &rng)
                    return Point(x: cx + r * cos(a), y: cy + r * sin(a))
                }
                return .polygon(Polygon(exterior: LinearRing(ring + [ring[0]])))
            case 3: return .cells(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in cells.randomElement(using: &rng)! }))
            case 4: return .segments(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in segments.randomElement(using: &rng)! }))
            case 5: return .subDistrict(subDistricts.randomElement(using: &rng)!)
            case 6: return .chief(chiefs.randomElement(using: &rng)!)
            default: return .circle(center: Point(x: x(), y: y()), radiusMeters: 5)
            }
        }
    }

    @Test func theRTreeMatchAgreesWithEveryFenceAskedOfGEOS() throws {
        let q = try OfficerTests.sample()
        let corridor = q.configuration.segmentToleranceMeters
        try q.store.read { view in
            let areas = Self.areas(in: view, count: 400, seed: 16)
            let layers = Layers(view)
            let set = try FenceSet(areas.enumerated().map { ("f\($0.offset)", $0.element) }, in: view, corridorMeters: corridor)
            #expect(set.count == 400)
            var rng = SplitMix64(seed: 17)
            let extent = view[.grids].features.values.compactMap(\.geometry?.envelope).reduce(Envelope.empty) { $0.union($1) }
            var inside = 0
            for _ in 0..<1_500 {
                let p = Point(x: Double.random(in: extent.minX...extent.maxX, using: &rng), y: Double.random(in: extent.minY...extent.maxY, using: &rng))
                let found = set.fences(covering: p)
                let expected = try areas.indices.filter { try Self.bruteForce(areas[$0], p, view: view, corridor: corridor, layers: layers) }
                #expect(found == expected, "at \(p)")
                inside += expected.count
            }
            // The points fall in fences often enough for the comparison to mean something.
            #expect(inside > 1_000)
        }
    }

    @Test func anOfficerWalkingAcrossFencesEntersAndLeavesEachInTurn() throws {
        let q = try OfficerTests.sample()
        let o = try #require(OfficerTests.officers(q).first)
        try q.setDuty(officerID: o.id, onDuty: true, by: OfficerTests.operatorCaller)
        let corridor = q.configuration.segmentToleranceMeters
        // A walk east from the station, 800 m in 25 m steps, and the cells it passes through.
        let walk = (0...32).map { Point(x: o.base.x - 400 + Double($0) * 25, y: o.base.y + 3) }
        let walked: [String] = q.store.read { view in
            Set(walk.flatMap { p in view[.grids].features.values.filter { (try? $0.geometry?.covers(Geometry.point(p))) == true }.map(\.id) }).sorted()
        }
        try #require(walked.count >= 2)
        var areas: [EventArea] = walked.map { .cells([$0]) }
        areas.append(.circle(center: Point(x: o.base.x, y: o.base.y), radiusMeters: 120))
        areas.append(.window(Envelope(minX: o.base.x + 100, minY: o.base.y - 50, maxX: o.base.x + 200, maxY: o.base.y + 50)))
        var ids: [String] = []
        for area in areas {
            let filter = EventFilter(types: ["officer.enter", "officer.leave"], area: area)
            ids.append(try q.addSubscription(url: "http://127.0.0.1:9/hook", filter: "fence", reading: filter, by: OfficerTests.operatorCaller).id)
        }
        // Also one that takes case events only: no fence.
        _ = try q.addSubscription(url: "http://127.0.0.1:9/hook", filter: "cases", reading: EventFilter(types: ["case.report"], area: areas[0]),
                                  by: OfficerTests.operatorCaller)
        let start = try q.lastEventID()
        // Two batches: a crossing between them counts as well as one within.
        let fixes = walk.enumerated().map { PositionFix(at: OfficerTests.now.addingTimeInterval(Double($0.offset - 40) * 5), point: $0.element, crs: .working) }
        _ = try q.recordFixes(Array(fixes[..<15]), officerID: o.id, by: OfficerTests.operatorCaller, now: OfficerTests.now)
        _ = try q.recordFixes(Array(fixes[15...]), officerID: o.id, by: OfficerTests.operatorCaller, now: OfficerTests.now)
        let got = try q.store.events(after: start, limit: 1000).map { "\($0.row.type) \($0.row.fence!) \($0.row.at)" }

        var expected: [String] = []
        try q.store.read { view in
            let layers = Layers(view)
            var before = Set<Int>()
            for (k, p) in walk.enumerated() {
                let now = Set(try areas.indices.filter { try Self.bruteForce(areas[$0], p, view: view, corridor: corridor, layers: layers) })
                let at = CityTime.timestamp(StoredTime.rounded(fixes[k].at))
                expected += before.subtracting(now).sorted().map { "officer.leave \(ids[$0]) \(at)" }
                expected += now.subtracting(before).sorted().map { "officer.enter \(ids[$0]) \(at)" }
                before = now
            }
        }
        #expect(got == expected)
        #expect(expected.filter { $0.hasPrefix("officer.enter") }.count >= areas.count)

        // Off duty, the same walk back sets off nothing.
        try q.setDuty(officerID: o.id, onDuty: false, by: OfficerTests.operatorCaller)
        let offDuty = try q.lastEventID()
        _ = try q.recordFixes([PositionFix(at: OfficerTests.now, point: walk[0], crs: .working)], officerID: o.id, by: OfficerTests.operatorCaller, now: OfficerTests.now)
        #expect(try q.store.events(after: offDuty, limit: 10).isEmpty)
    }

    @Test func aStoredFenceReadsBackAsTheSameArea() throws {
        let areas: [EventArea] = [
            .cells(["310101-018-003-0004", "310101-018-003-0005"]), .subDistrict("豫园街道"), .segments(["S1"]), .chief("C7"),
            .window(Envelope(minX: 1.5, minY: 2, maxX: 3, maxY: 4.25)), .circle(center: Point(x: 10, y: 20), radiusMeters: 30),
            .polygon(Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 5, y: 0), Point(x: 0, y: 5), Point(x: 0, y: 0)]))),
        ]
        for a in areas { #expect(try EventArea(fenceJSON: a.fenceJSON) == a) }
        #expect(throws: CityQueryError.self) { try EventArea(fenceJSON: #"{"circle":[1,2]}"#) }
        #expect(throws: CityQueryError.self) { try EventArea(fenceJSON: "not json") }
    }
}
