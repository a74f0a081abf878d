import GeoCore
import GeoIO

/// Reads the OSM road extract (`ogr2ogr` "lines" layer as GeoJSON: `osm_id`, `name`, `highway`,
/// `other_tags` hstore text) into street ways, still in CRS84 longitude/latitude.
enum OSMStreets {
    static func read(path: String) throws(DistrictGeneratorError) -> [StreetWay] {
        var ways: [StreetWay] = []
        do {
            let reader = try GeoJSONReader(path: path)
            while let f = try reader.nextFeature() {
                func text(_ name: String) -> String {
                    if case .string(let s)? = f[name] { return s }
                    return ""
                }
                let highway = text("highway")
                guard !highway.isEmpty else { continue }
                guard case .lineString(let line)? = f.geometry, line.points.count >= 2 else {
                    throw DistrictGeneratorError.badStreetFile(path: path, feature: f.recordNumber,
                                                              reason: "expected a LineString of two or more points")
                }
                let tags = OSMTags.parse(hstore: text("other_tags"))
                let oneway: String = switch tags["oneway"] {
                case "yes", "true", "1": "yes"
                case "-1", "reverse": "-1"
                default: ""
                }
                let osmID = text("osm_id")
                let name = text("name")
                ways.append(StreetWay(id: "osm-" + (osmID.isEmpty ? String(f.recordNumber) : osmID),
                                      name: name.isEmpty ? StreetWay.unnamed : name, highway: highway,
                                      oneway: oneway, bridge: isYes(tags["bridge"]), tunnel: isYes(tags["tunnel"]),
                                      layer: tags["layer"].flatMap { Int($0) }, line: line))
            }
        } catch let error as GeoIOError {
            throw .badStreetFile(path: path, feature: 0, reason: error.description)
        } catch let error as DistrictGeneratorError {
            throw error
        } catch {
            throw .badStreetFile(path: path, feature: 0, reason: "\(error)")
        }
        return ways
    }

    /// OSM's "bridge=viaduct" and the like are bridges too; only "no" (and absence) are not.
    private static func isYes(_ value: String?) -> Bool {
        guard let value else { return false }
        return value != "no" && !value.isEmpty
    }
}
