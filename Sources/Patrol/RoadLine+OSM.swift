import GeoCore

extension RoadLine {
    /// Parses ogr2ogr's `other_tags` hstore text (`"oneway"=>"yes","bridge"=>"yes"`) into a
    /// dictionary; backslash escapes inside quotes are honoured, malformed tails are ignored.
    public static func hstoreTags(_ text: String) -> [String: String] {
        var tags: [String: String] = [:]
        var strings: [String] = []
        var current = "", inside = false, escaped = false
        for ch in text {
            if inside {
                if escaped { current.append(ch); escaped = false }
                else if ch == "\\" { escaped = true }
                else if ch == "\"" { strings.append(current); current = ""; inside = false }
                else { current.append(ch) }
            } else if ch == "\"" {
                inside = true
            }
        }
        var i = 0
        while i + 1 < strings.count { tags[strings[i]] = strings[i + 1]; i += 2 }
        return tags
    }

    /// A road line from OSM-style attributes: `highway`, `name` and tags (oneway, bridge,
    /// tunnel, layer), with geometry already in metres.
    public init(id: String, geometry: LineString, highway: String, name: String?, tags: [String: String],
                segmentID: String? = nil) {
        let yes: (String?) -> Bool = { v in v.map { !["no", "false", "0"].contains($0.lowercased()) } ?? false }
        var oneway = Oneway(osm: tags["oneway"])
        // OSM: roundabouts and motorways are one-way unless tagged otherwise.
        if tags["oneway"] == nil && (tags["junction"] == "roundabout" || highway == "motorway") { oneway = .yes }
        self.init(id: id, geometry: geometry, name: name, roadClass: highway, oneway: oneway,
                  bridge: yes(tags["bridge"]), tunnel: yes(tags["tunnel"]), layer: tags["layer"].flatMap { Int($0) },
                  segmentID: segmentID)
    }
}
