import Foundation
import GeoCore
import GeoIO
@testable import Patrol

/// Test fixtures: the real People's Square streets, projected to local metres with an
/// equirectangular approximation (tests only; the product reprojects with PROJ).
enum Fixtures {
    static let originLon = 121.47, originLat = 31.23

    static func project(lon: Double, lat: Double) -> Point {
        let r = 6_371_008.8, rad = Double.pi / 180
        return Point(x: (lon - originLon) * rad * r * cos(originLat * rad), y: (lat - originLat) * rad * r)
    }

    static var roadsURL: URL {
        // #filePath → Tests/PatrolTests → repo root → ../shared/geodata
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/geodata/people-square-roads.geojson")
    }

    static func peopleSquareLines() throws -> [RoadLine] {
        let data = try Data(contentsOf: roadsURL)
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var lines: [RoadLine] = []
        for f in root["features"] as! [[String: Any]] {
            let props = f["properties"] as! [String: Any]
            let geom = f["geometry"] as! [String: Any]
            guard geom["type"] as? String == "LineString" else { continue }
            let coords = (geom["coordinates"] as! [[Double]]).map { project(lon: $0[0], lat: $0[1]) }
            let tags = OSMTags.parse(hstore: props["other_tags"] as? String ?? "")
            lines.append(RoadLine(id: props["osm_id"] as? String ?? "\(lines.count)", geometry: LineString(coords),
                                  highway: props["highway"] as? String ?? "unclassified",
                                  name: props["name"] as? String, tags: tags))
        }
        return lines
    }

    nonisolated(unsafe) static var cachedGraph: RoadGraph?
    static let lock = NSLock()
    static func peopleSquare() throws -> RoadGraph {
        lock.lock(); defer { lock.unlock() }
        if let g = cachedGraph { return g }
        let g = try RoadGraph(lines: peopleSquareLines())
        cachedGraph = g
        return g
    }

    /// A fixed speed table for synthetic tests: 1 m/s on foot, 2 on a bike, 10 by car.
    static let unitSpeeds = SpeedTable(classes: ["road": [.foot: 3.6, .bike: 7.2, .car: 36]],
                                       defaults: [.foot: 3.6, .bike: 7.2, .car: 36])

    static func seed(_ name: String, default value: UInt64) -> UInt64 {
        let s = ProcessInfo.processInfo.environment["SEED"].flatMap { UInt64($0) } ?? value
        print("\(name): seed \(s) (replay with SEED=\(s))")
        return s
    }
}
