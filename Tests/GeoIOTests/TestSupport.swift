import Foundation
import GeoCore
@testable import GeoIO

/// Paths relative to the repository: <repo>/../shared holds the shared corpus (CI puts shared/
/// beside the clone). Resolved from this file's path, so the dev package's symlink also works.
enum TestPaths {
    static var repoRoot: URL {
        // Tests/GeoIOTests/TestSupport.swift -> repo root is three levels up.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var corpus: URL { repoRoot.deletingLastPathComponent().appendingPathComponent("shared/shp-corpus") }

    /// A fresh temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geoio-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs a command-line tool found on PATH; nil when it is not installed.
enum Tool {
    static func find(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    @discardableResult
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        guard let exe = find(name) else { throw GeoIOError.fileNotFound(path: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension ShapefileReader {
    /// The geometry type name `ogrinfo` prints for this layer (GDAL 3.6 ogrshapelayer.cpp).
    var gdalGeometryName: String {
        guard let shapeType else { return "None" }
        let base: String
        switch shapeType.base {
        case .point: base = "Point"
        case .polyLine: base = "Line String"
        case .polygon: base = "Polygon"
        case .multiPoint: base = "Multi Point"
        default: return "Unknown (any)"
        }
        if shapeType.hasZ {
            return "3D " + (isMeasured ? "Measured " : "") + base
        }
        if shapeType.hasM { return "Measured " + base }
        return base
    }
}
