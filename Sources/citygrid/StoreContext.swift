import ArgumentParser
import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import ProjKit

/// What the query, case and serve commands share: the store to open, and the PROJ transforms
/// between lon/lat and the working CRS.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store's SQLite file (default: $CITYGRID_STORE or citygrid.sqlite).")
    var store: String = ImportConsole.defaultStore

    func open() throws -> CityStore {
        guard FileManager.default.fileExists(atPath: store) else {
            throw ValidationError("no store at \(store): load one with `citygrid load DIR --store \(store)`")
        }
        return try CityStore(database: CityDatabase.open(path: store))
    }

    func queries() throws -> CityQueries {
        try CityQueries(store: open(), bridge: WorkingCRS.bridge())
    }
}

/// The deployment's working CRS (CGCS2000 / 3-degree Gauss-Krüger CM 120E) and its bridge to
/// the lon/lat the outside world speaks.
enum WorkingCRS {
    static func bridge() throws -> CoordinateBridge {
        let toWorking = try Transform(from: .wgs84, to: .working)
        let toLonLat = try Transform(from: .working, to: .wgs84)
        return CoordinateBridge(toWorking: { try toWorking.transform($0) }, toLonLat: { try toLonLat.transform($0) })
    }
}

extension ImportConsole {
    /// Storefronts, structures and cases are attributed (cell, parcel, segment and chief, red
    /// line) as they are imported, on the zones of the same load.
    static var attributionStep: AttributionStep {
        let locator = Locator()
        return AttributionStep(storefront: { s, view in try locator.attribute(&s, in: view) },
                               structure: { s, view in try locator.attribute(&s, in: view) },
                               violationCase: { c, view in try locator.attribute(&c, in: view) })
    }
}

/// Output for people on a terminal, JSON for scripts.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.dateEncodingStrategy = CityTime.encodingStrategy
        FileHandle.standardOutput.write(try e.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// A plain aligned table; CJK characters count two columns wide.
    static func table(_ header: [String], _ rows: [[String]]) {
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) } }
        let widths = header.indices.map { i in ([header[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(width).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - width(c))) }.joined(separator: "  ")
        }
        print(line(header))
        print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        rows.forEach { print(line($0)) }
    }
}
