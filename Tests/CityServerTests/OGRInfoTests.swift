import CityModel
import CityServer
import CityStore
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// GDAL's OGC API – Features driver, an independent client, reads the server over a real socket.
@Suite struct OGRInfoTests {
    static let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs ogrinfo without blocking a cooperative thread while the in-process server answers it.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(ogrinfo!, arguments, environment: ["GDAL_HTTP_TIMEOUT": "60", "CPL_DEBUG": "OFF"],
                                   mergingErrors: true)
    }

    @Test(.enabled(if: ogrinfo != nil, "ogrinfo (gdal-bin) is not installed"))
    func gdalListsTheLayersAndReadsFeatures() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let source = "OAPIF:http://127.0.0.1:\(port)/ogc"

            let listing = try await Self.run(["-ro", "-so", source])
            #expect(listing.status == 0, "\(listing.output)")
            for layer in Layer.allCases {
                #expect(listing.output.contains(": \(layer.rawValue)"), "\(layer.rawValue) missing from\n\(listing.output)")
            }

            let summary = try await Self.run(["-ro", "-so", "-al", source, "storefronts"])
            #expect(summary.status == 0, "\(summary.output)")
            #expect(summary.output.contains("Feature Count: 25"), "\(summary.output)")
            // Storefronts span k = 1...25 at (97k, 61k) m: 121.00097...121.02425°E, 31.00061...31.01525°N.
            #expect(summary.output.contains("Extent: (121.000970, 31.000610) - (121.024250, 31.015250)"), "\(summary.output)")

            // Every feature, across GDAL's own paging, with attributes and geometry as stored.
            let features = try await Self.run(["-ro", "-al", "-oo", "PAGE_SIZE=4", source, "storefronts"])
            #expect(features.status == 0, "\(features.output)")
            let names = features.output.split(separator: "\n").filter { $0.contains("name (String) = ") }
            #expect(names.count == 25, "\(features.output)")
            #expect(features.output.contains("name (String) = 店7"))
            #expect(features.output.contains("POINT (121.00679 31.00427)"), "S07 at (679, 427) m")

            let grid = try await Self.run(["-ro", "-al", "-where", "name = '网格G2'", source, "grids"])
            #expect(grid.output.contains("POLYGON ((121.01 31.0"), "\(grid.output)")
        }
    }
}
