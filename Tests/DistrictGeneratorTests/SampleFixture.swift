import DistrictGenerator
import Foundation
import GeoCore
import GeoIO

/// The sample district generated once per test run (seed printed), read back with GeoIO's own
/// readers: the tests judge the files, not the generator's in-memory bookkeeping.
enum SampleFixture {
    static let seed: UInt64 = 20261127
    static let streets = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata/osm/people-square-roads.geojson").path

    static func directory(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "districtgen-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    static func generate(seed: UInt64, into name: String, format: LayerFormat = .shapefile) throws -> String {
        let dir = directory(name)
        print("generating sample with seed \(seed) into \(dir)")
        _ = try DistrictGenerator.generate(GenerationOptions(scale: .sample, seed: seed, outputDirectory: dir,
                                                             format: format, streetsPath: streets))
        return dir
    }

    /// Generated on first use, shared by every test.
    static let output: Result<String, any Error> = Result { try generate(seed: seed, into: "shared") }

    static func dir() throws -> String { try output.get() }

    static func features(_ layer: String) throws -> [SourceFeature] {
        let source = try FeatureSources.open(path: (try dir() as NSString).appendingPathComponent(layer))
        var all: [SourceFeature] = []
        while let f = try source.nextFeature() { all.append(f) }
        return all
    }

    static func rows(_ table: String) throws -> [SourceFeature] { try features(table) }
}

extension SourceFeature {
    func text(_ name: String) -> String {
        switch self[name] {
        case nil, .null?: ""
        case .string(let s)?: s
        case let v?: v.description
        }
    }
}
