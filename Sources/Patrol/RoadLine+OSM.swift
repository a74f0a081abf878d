import GeoCore

extension RoadLine {
    /// A road line from OSM-style attributes: `highway`, `name` and tags (oneway, bridge,
    /// tunnel, layer; GeoIO's `OSMTags` reads them from GDAL's `other_tags`), with geometry
    /// already in metres.
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
