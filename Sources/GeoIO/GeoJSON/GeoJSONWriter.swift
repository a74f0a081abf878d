import GeoCore

/// Writes features as an RFC 7946 FeatureCollection or as GeoJSONSeq (RFC 8142: each feature
/// prefixed by RS and ended by LF; or plain newline-delimited), streamed through a buffer to a
/// temporary file renamed into place by `finish()`. Polygons follow the right-hand rule
/// (exteriors counter-clockwise). Coordinates are written as given: RFC 7946 wants WGS 84
/// longitude/latitude, which is the caller's to ensure (the import pipeline reprojects).
public final class GeoJSONWriter {
    public enum Format: Sendable {
        case featureCollection
        /// `recordSeparator`: RFC 8142's RS before each feature; false gives newline-delimited.
        case sequence(recordSeparator: Bool)
    }

    public let path: String
    public let format: Format
    public private(set) var featureCount = 0
    private let file: StagedFile

    public init(path: String, format: Format = .featureCollection) throws(GeoIOError) {
        self.path = path
        self.format = format
        file = try StagedFile(path: path)
        if case .featureCollection = format { try file.write(Array(#"{"type":"FeatureCollection","features":["#.utf8)) }
    }

    public func write(_ feature: Feature) throws(GeoIOError) {
        try file.checkOpen("write")
        var out: [UInt8] = []
        switch format {
        case .featureCollection: out += featureCount == 0 ? [0x0A] : [0x2C, 0x0A]
        case .sequence(let rs): if rs { out.append(0x1E) }
        }
        feature.geoJSON(rightHandRule: true).write(to: &out)
        if case .sequence = format { out.append(0x0A) }
        try file.write(out)
        featureCount += 1
    }

    /// A feature from a geometry and attributes (properties in the given order).
    public func write(geometry: Geometry?, attributes: [SourceAttribute]) throws(GeoIOError) {
        let properties = JSONObject(attributes.map { ($0.name, $0.value.json) })
        try write(Feature(geometry: geometry, properties: properties))
    }

    public func finish() throws(GeoIOError) {
        if case .featureCollection = format { try file.finish(trailer: Array("\n]}\n".utf8)) } else { try file.finish() }
    }

    public func cancel() { file.cancel() }
}
