import Foundation
import GeoCore
import GeoIO
import Patrol

/// Reads a street network for the benchmarks: the People's Square OSM streets (CRS84 GeoJSON),
/// or a roads layer written by `citygrid generate` (`roads.shp`, EPSG:4549, already in metres).
enum StreetLoader {
    /// By the file's extension: `.shp` is a generated roads layer, anything else OSM GeoJSON.
    static func lines(at path: String) throws -> [RoadLine] {
        path.lowercased().hasSuffix(".shp") ? try shapefileLines(path: path) : try lines(from: URL(fileURLWithPath: path))
    }

    /// Projects CRS84 to local metres with an equirectangular approximation around 121.47 E,
    /// 31.23 N: good to centimetres over this 2 km patch, and enough for a benchmark (the product
    /// reprojects with PROJ).
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

    /// The roads layer of geodata/SCHEMA.md (ROAD_ID, NAME, CLASS, ONEWAY, BRIDGE, TUNNEL, LAYER),
    /// as CityQuery's RoadNetworkCache turns a stored road into the router's lines.
    static func shapefileLines(path: String) throws -> [RoadLine] {
        let reader = try ShapefileReader(path: path)
        let names = reader.fields.map { $0.name.uppercased() }
        var lines: [RoadLine] = []
        for record in try reader.readAll() {
            func text(_ field: String) -> String {
                guard let i = names.firstIndex(of: field), case .string(let s) = record.attributes[i] else { return "" }
                return s.trimmingCharacters(in: .whitespaces)
            }
            var layer: Int?
            if let i = names.firstIndex(of: "LAYER"), case .integer(let l) = record.attributes[i] { layer = l }
            let parts: [LineString]
            switch record.geometry {
            case .lineString(let l)?: parts = [l]
            case .multiLineString(let m)?: parts = m.lineStrings
            default: continue
            }
            let id = text("ROAD_ID")
            for (k, part) in parts.enumerated() where part.points.count >= 2 {
                lines.append(RoadLine(id: parts.count == 1 ? id : "\(id)#\(k)", geometry: part, name: text("NAME"),
                                      roadClass: text("CLASS").isEmpty ? "unclassified" : text("CLASS"),
                                      oneway: Oneway(osm: text("ONEWAY")), bridge: text("BRIDGE") == "yes",
                                      tunnel: text("TUNNEL") == "yes", layer: layer))
            }
        }
        return lines
    }
}
