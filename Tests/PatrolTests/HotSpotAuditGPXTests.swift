import Foundation
import GeoCore
import GeoIO
import Testing
@testable import Patrol

@Suite struct HotSpotAuditGPXTests {
    @Test func hotSpotShiftRespectsDwellRevisitAndShiftLength() throws {
        let street = RoadLine(id: "s", geometry: LineString([Point(x: 0, y: 0), Point(x: 3000, y: 0)]), roadClass: "road")
        let g = try RoadGraph(lines: [street], speeds: Fixtures.unitSpeeds)
        let spots = [HotSpot(id: "market", location: .init(x: 500, y: 0), weight: 3),
                     HotSpot(id: "school", location: .init(x: 1000, y: 0), weight: 1),
                     HotSpot(id: "metro", location: .init(x: 1500, y: 0), weight: 1)]
        let s = try PatrolPlanner(graph: g).hotSpotSchedule(start: .init(x: 0, y: 0), spots: spots, mode: .foot,
                                                            shiftMinutes: 240, revisitMinutes: 45)
        #expect(!s.visits.isEmpty)
        var lastLeave: [String: Double] = [:]
        var clock = 0.0
        for v in s.visits {
            #expect(abs(v.leaveMinute - v.arriveMinute - 15) < 1e-9)
            #expect(v.arriveMinute >= clock + v.travelSeconds / 60 - 1e-9)
            if let l = lastLeave[v.spotID] { #expect(v.arriveMinute - l >= 45 - 1e-9) }
            lastLeave[v.spotID] = v.leaveMinute; clock = v.leaveMinute
        }
        #expect(s.visits.last!.leaveMinute <= 240)
        #expect(s.visitsPerSpot["market"]! >= s.visitsPerSpot["school"]!)
        #expect(s.unvisited.isEmpty)
        #expect(throws: PatrolError.self) {
            try PatrolPlanner(graph: g).hotSpotSchedule(start: .init(x: 0, y: 0), spots: spots, mode: .foot, shiftMinutes: 240, dwellMinutes: 0)
        }
    }

    @Test func auditFindsCoveredAndMissedSegments() throws {
        let segments: [(id: String, geometry: LineString)] = [
            ("walked", LineString([Point(x: 0, y: 0), Point(x: 100, y: 0)])),
            ("half", LineString([Point(x: 0, y: 50), Point(x: 200, y: 50)])),
            ("missed", LineString([Point(x: 0, y: 500), Point(x: 100, y: 500)])),
        ]
        // A track 10 m north of "walked" (within 20 m), which also meets "half" along x ≤ 100 only.
        let track = stride(from: 0.0, through: 100.0, by: 7).map { Point(x: $0, y: 10) } + [Point(x: 100, y: 40)]
        let audit = try CoverageAuditor.audit(track: track, segments: segments)
        #expect(audit.covered == ["walked"])
        #expect(audit.missed == ["half", "missed"])
        // Brute force: the share of 0.1 m steps along "half" within 20 m of some track vertex or leg.
        func distance(_ p: Point, _ a: Point, _ b: Point) -> Double {
            let vx = b.x - a.x, vy = b.y - a.y, l2 = vx * vx + vy * vy
            let t = l2 == 0 ? 0 : max(0, min(1, ((p.x - a.x) * vx + (p.y - a.y) * vy) / l2))
            return ((a.x + t * vx - p.x) * (a.x + t * vx - p.x) + (a.y + t * vy - p.y) * (a.y + t * vy - p.y)).squareRoot()
        }
        var near = 0
        for k in 0..<2000 {
            let p = Point(x: (Double(k) + 0.5) * 0.1, y: 50)
            if zip(track, track.dropFirst()).contains(where: { distance(p, $0, $1) <= 20 }) { near += 1 }
        }
        let half = audit.segments[1]
        #expect(abs(half.fraction - Double(near) / 2000) < 0.03, "\(half.fraction) vs \(Double(near) / 2000)")
        #expect(audit.segments[2].coveredMeters == 0)
    }

    @Test func gpxRoundTripAndErrors() throws {
        let path = LineString([Point(x: 121.47, y: 31.23), Point(x: 121.4712345, y: 31.2301234)])
        let doc = GPX.document(name: "巡查 <A&B>", path: path, waypoints: [("1. case", Point(x: 121.47, y: 31.23))], lonLat: { $0 })
        #expect(doc.contains("巡查 &lt;A&amp;B&gt;"))
        let back = try GPX.trackPoints(Data(doc.utf8))
        // The waypoint is a <wpt>, not read as a track point.
        #expect(back.count == 2)
        #expect(abs(back[1].x - 121.4712345) < 1e-9 && abs(back[1].y - 31.2301234) < 1e-9)
        let other = "<gpx><trk><trkseg><trkpt lon='121.5' lat=\"31.2\"><ele>4</ele></trkpt>\n<trkpt\tlat = '31.3' lon='121.6' /></trkseg></trk></gpx>"
        #expect(try GPX.trackPoints(Data(other.utf8)) == [Point(x: 121.5, y: 31.2), Point(x: 121.6, y: 31.3)])
        #expect(throws: PatrolError.gpx(offset: 17, reason: "lat is not a number: x")) {
            try GPX.trackPoints(Data("<gpx><trkpt lat=\"x\" lon=\"1\"/></gpx>".utf8))
        }
        #expect(throws: PatrolError.self) { try GPX.trackPoints(Data("<trkpt lat=\"1\"/>".utf8)) }
        #expect(throws: PatrolError.self) { try GPX.trackPoints(Data("<trkpt lat=\"1\" lon=\"2".utf8)) }
    }

    @Test func speedTableFromBundleAndFromData() throws {
        let bundled = try SpeedTable.bundled()
        #expect(bundled.metersPerSecond(.foot, roadClass: "trunk") == 0)
        #expect(abs(bundled.metersPerSecond(.car, roadClass: "primary") - 25 / 3.6) < 1e-12)
        #expect(bundled.metersPerSecond(.foot, roadClass: "no-such-class") == 4.5 / 3.6)
        let custom = try SpeedTable(data: Data(#"{"default": {"foot": 3.6}, "classes": {"x": {"car": 36}}}"#.utf8))
        #expect(custom.metersPerSecond(.car, roadClass: "x") == 10)
        #expect(throws: PatrolError.speedTable(source: "data", reason: "classes.x.boat is not a travel mode")) {
            try SpeedTable(data: Data(#"{"default": {}, "classes": {"x": {"boat": 1}}}"#.utf8))
        }
        #expect(OSMTags.parse(hstore: #""oneway"=>"yes","name:en"=>"a \"b\"","layer"=>"1""#) == ["oneway": "yes", "name:en": "a \"b\"", "layer": "1"])
    }
}
