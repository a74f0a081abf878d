import CityModel
import TestSupport
import CityImport
import CityStore
import Foundation
import GeoCore
import GeoIO

/// A fresh folder under the system temp directory, removed by the caller.
func temporaryFolder(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "cityimport-\(safe)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs a tool (ogr2ogr, ogrinfo, cs2cs) and returns its stdout; stdin from `input`.
@discardableResult
func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + arguments
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    if input != nil { p.standardInput = inp }
    try p.run()
    if let input {
        inp.fileHandleForWriting.write(Data(input.utf8))
        try inp.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw NSError(domain: tool, code: Int(p.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: String(decoding: errData, as: UTF8.self)])
    }
    return String(decoding: data, as: UTF8.self)
}

/// lon/lat → EPSG:4549 by cs2cs, the independent answer for reprojection.
func cs2cs(_ points: [(Double, Double)], from: String = "EPSG:4326", to: String = "EPSG:4549") throws -> [(Double, Double)] {
    // cs2cs follows the CRS's axis order: EPSG:4326 is lat lon, EPSG:4549 northing easting.
    let input = points.map { from == "EPSG:4326" || from == "EPSG:4490" ? "\($0.1) \($0.0)" : "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
    let out = try run("cs2cs", ["-d", "6", from, to], input: input)
    return out.split(separator: "\n").map { line in
        let n = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
        return to == "EPSG:4549" ? (n[1], n[0]) : (n[0], n[1])
    }
}

func writeText(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// A GeoJSON FeatureCollection (CRS84) from (lon, lat, properties) rows.
func pointCollection(_ rows: [(Double, Double, [String: JSONValue])]) -> String {
    let features = rows.map { r -> JSONValue in
        ["type": "Feature", "geometry": ["type": "Point", "coordinates": [.number(r.0), .number(r.1)]],
         "properties": .object(JSONObject(r.2.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))]
    }
    return JSONValue.object(["type": "FeatureCollection", "features": .array(features)]).jsonString
}

func memoryStore() throws -> CityStore { try CityStore(database: CityDatabase.inMemory()) }

func importLayer(_ layer: Layer, _ path: String, into store: CityStore, options: ImportOptions = ImportOptions()) throws {
    var imports = [try LayerFileReader(provider: ProjCRSProvider(), options: options).read(layer: layer, path: path)]
    try DirectoryLoader.commit(&imports, into: store, attribution: nil)
}

/// Every stored feature of a layer by id, for before/after comparisons.
func snapshot(_ store: CityStore) -> [String: StoredFeature] {
    store.read { view in
        var all: [String: StoredFeature] = [:]
        for layer in Layer.allCases { for f in view[layer].features.values { all["\(layer.rawValue)/\(f.id)"] = f } }
        return all
    }
}

