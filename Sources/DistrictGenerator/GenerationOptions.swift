import Foundation

/// What to generate and where.
public struct GenerationOptions: Sendable {
    public var scale: GenerationScale
    public var seed: UInt64
    public var outputDirectory: String
    public var format: LayerFormat
    /// The OSM road extract the `sample` scale stands on (CRS84 GeoJSON LineStrings).
    public var streetsPath: String
    /// The instant the generated data describes (Shanghai time): no event is later, and overdue
    /// cases are overdue relative to it. Default 2026-11-27 12:00 +08:00.
    public var asOf: (year: Int, month: Int, day: Int, hour: Int)

    public static let defaultStreetsPath = "geodata/osm/people-square-roads.geojson"

    public init(scale: GenerationScale, seed: UInt64, outputDirectory: String, format: LayerFormat = .shapefile,
                streetsPath: String = GenerationOptions.defaultStreetsPath,
                asOf: (year: Int, month: Int, day: Int, hour: Int) = (2026, 11, 27, 12)) {
        self.scale = scale
        self.seed = seed
        self.outputDirectory = outputDirectory
        self.format = format
        self.streetsPath = streetsPath
        self.asOf = asOf
    }
}

/// What a run wrote.
public struct GenerationSummary: Sendable, CustomStringConvertible {
    /// Records per layer and side table, keyed by file name (`grids.shp`, `storefronts.records.csv`).
    public var counts: [(file: String, records: Int)]
    public var districts: Int
    public var seconds: Double

    public func count(_ file: String) -> Int { counts.first { $0.file == file }?.records ?? 0 }

    public var description: String {
        let lines = counts.map { "  \($0.file): \($0.records)" }.joined(separator: "\n")
        return "\(districts) district(s) in \(String(format: "%.1f", seconds)) s\n" + lines
    }
}
