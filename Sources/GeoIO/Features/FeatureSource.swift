import GeoCore

/// One attribute of a feature read from any source.
public struct SourceAttribute: Hashable, Sendable {
    public var name: String
    public var value: DBFValue

    public init(name: String, value: DBFValue) {
        self.name = name
        self.value = value
    }
}

/// A feature from a shapefile, GeoJSON or CSV source, in the form the import pipeline takes.
public struct SourceFeature: Hashable, Sendable {
    /// 1-based: the shapefile record number, the GeoJSON feature index + 1, or the CSV line.
    public var recordNumber: Int
    public var geometry: Geometry?
    /// In source order (shapefile fields, GeoJSON properties, CSV columns).
    public var attributes: [SourceAttribute]

    public init(recordNumber: Int, geometry: Geometry?, attributes: [SourceAttribute]) {
        self.recordNumber = recordNumber
        self.geometry = geometry
        self.attributes = attributes
    }

    public subscript(name: String) -> DBFValue? { attributes.first { $0.name == name }?.value }
}

/// Shapefiles, GeoJSON and CSV read alike, one feature at a time.
public protocol FeatureSource: AnyObject {
    var path: String { get }
    /// Attribute names known before reading (shapefile fields, CSV header); nil for GeoJSON,
    /// whose properties may differ from feature to feature.
    var fieldNames: [String]? { get }
    /// The coordinate system as the file states it (.prj WKT, a GeoJSON "crs" member), if any.
    var crsText: String? { get }
    var warnings: [GeoIOWarning] { get }
    func nextFeature() throws(GeoIOError) -> SourceFeature?
    /// Up to `count` more features: what `count` calls of `nextFeature()` give (fewer at the end),
    /// with the same warnings and the same first error. Shapefiles decode them on all cores.
    func nextFeatures(upTo count: Int) throws(GeoIOError) -> [SourceFeature]
}

extension FeatureSource {
    public func nextFeatures(upTo count: Int) throws(GeoIOError) -> [SourceFeature] {
        var features: [SourceFeature] = []
        while features.count < count, let f = try nextFeature() { features.append(f) }
        return features
    }
}

extension ShapefileReader: FeatureSource {
    public var fieldNames: [String]? { fields.map(\.name) }
    public var crsText: String? { prjText }

    public func nextFeature() throws(GeoIOError) -> SourceFeature? {
        guard let r = try next() else { return nil }
        return Self.feature(r, fields: fields)
    }

    static func feature(_ r: ShapefileRecord, fields: [DBFField]) -> SourceFeature {
        SourceFeature(recordNumber: r.recordNumber, geometry: r.geometry,
                      attributes: zip(fields, r.attributes).map { SourceAttribute(name: $0.name, value: $1) })
    }
}

/// Opens a source by its extension: .shp/.dbf/.shx (any case) as a shapefile, .geojson/.json as
/// GeoJSON, .geojsonl/.geojsons/.ndjson/.jsonl as GeoJSONSeq, .csv/.tsv as CSV.
public enum FeatureSources {
    public static func open(path: String) throws(GeoIOError) -> any FeatureSource {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "shp", "dbf", "shx", "prj", "cpg": return try ShapefileReader(path: path)
        case "geojson", "json", "geojsonl", "geojsons", "ndjson", "jsonl": return try GeoJSONReader(path: path)
        case "csv", "tsv", "txt": return try CSVReader(path: path)
        default: throw .badArgument(parameter: "path", reason: "\(path): unknown extension .\(ext)")
        }
    }
}
