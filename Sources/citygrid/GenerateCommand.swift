import ArgumentParser
import DistrictGenerator

/// `citygrid generate`: writes a generated district's layer files (geodata/SCHEMA.md).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a district deterministically from a seed and write its layer files.",
        discussion: """
            sample: Huangpu around People's Square on real OpenStreetMap streets (--streets); \
            hongkou: a Hongkou-sized district on a synthetic street grid (12,653 storefronts); \
            city: sixteen synthetic districts, over a million storefronts, structures and cases. \
            The same seed always writes the same bytes.
            """)

    @Option(help: "sample, hongkou or city.")
    var scale: String = "sample"

    @Option(help: "Seed of the generator's random stream.")
    var seed: UInt64 = 20261127

    @Option(help: "Directory to write the layer files into (created if missing).")
    var out: String

    @Option(help: "shp (EPSG:4549 shapefiles) or geojson (RFC 7946, CRS84).")
    var format: String = "shp"

    @Option(help: "OSM road extract for the sample scale (CRS84 GeoJSON).")
    var streets: String = GenerationOptions.defaultStreetsPath

    func validate() throws {
        guard GenerationScale(rawValue: scale) != nil else {
            throw ValidationError("--scale must be one of \(GenerationScale.allCases.map(\.rawValue).joined(separator: ", ")), not '\(scale)'")
        }
        guard LayerFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be shp or geojson, not '\(format)'")
        }
    }

    func run() throws {
        let options = GenerationOptions(scale: GenerationScale(rawValue: scale)!, seed: seed, outputDirectory: out,
                                        format: LayerFormat(rawValue: format)!, streetsPath: streets)
        let summary = try DistrictGenerator.generate(options)
        print("citygrid generate --scale \(scale) --seed \(seed) --format \(format): \(summary)")
    }
}
