import Foundation
import GeoCore
import GeoIO
import Patrol

/// Reads the People's Square OSM streets (CRS84 GeoJSON) and projects them to local metres with
/// an equirectangular approximation around 121.47 E, 31.23 N: good to centimetres over this 2 km
/// patch, and enough for a benchmark (the product reprojects with PROJ).
enum StreetLoader {
    static func project(lon: Double, lat: Double) -> Point {
        let r = 6_371_008.8, rad = Double.pi / 180
        return Point(x: (lon - 121.47) * rad * r * cos(31.23 * rad), y: (lat - 31.23) * rad * r)
    }

    static func lines(from url: URL) throws -> [RoadLine] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var lines: [RoadLine] = []
        for f in root["features"] as? [[String: Any]] ?? [] {
            let props = f["properties"] as? [String: Any] ?? [:]
            guard let geom = f["geometry"] as? [String: Any], geom["type"] as? String == "LineString",
                  let coords = geom["coordinates"] as? [[Double]] else { continue }
            lines.append(RoadLine(id: props["osm_id"] as? String ?? "\(lines.count)",
                                  geometry: LineString(coords.map { project(lon: $0[0], lat: $0[1]) }),
                                  highway: props["highway"] as? String ?? "unclassified",
                                  name: props["name"] as? String,
                                  tags: OSMTags.parse(hstore: props["other_tags"] as? String ?? "")))
        }
        return lines
    }
}
