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
                let tags = hstore(text("other_tags"))
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
                                      layer: tags["layer"].flatMap { Int($0) } ?? 0, line: line))
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

    /// Parses PostgreSQL hstore text as GDAL writes it: `"key"=>"value","k2"=>"v2"` (backslash escapes).
    static func hstore(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var strings: [String] = []
        var current = ""
        var inString = false, escaped = false
        for c in text {
            if inString {
                if escaped { current.append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == "\"" { strings.append(current); current = ""; inString = false }
                else { current.append(c) }
            } else if c == "\"" {
                inString = true
            }
        }
        var i = 0
        while i + 1 < strings.count {
            result[strings[i]] = strings[i + 1]
            i += 2
        }
        return result
    }
}
