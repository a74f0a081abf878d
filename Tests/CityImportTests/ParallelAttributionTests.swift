import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO
import Testing

/// Attribution runs on all cores; what it gives must be what a serial loop gives: every entity
/// changed by the step and kept in record order, and on failure the first bad record in file order.
struct ParallelAttributionTests {
    static func shops(_ n: Int, in dir: String) throws -> String {
        let path = dir + "/shops.shp"
        let writer = try ShapefileWriter(path: path, shapeType: .point, fields: [
            DBFField(name: "SHOP_ID", type: .character, length: 10), DBFField(name: "NAME", type: .character, length: 12),
            DBFField(name: "ADDRESS", type: .character, length: 12), DBFField(name: "TRADE", type: .character, length: 10),
        ])
        for i in 0..<n {
            try writer.write(geometry: .point(Point(x: 451_000 + Double(i), y: 3_455_000)),
                             attributes: [.string("S\(i)"), .string("n\(i)"), .string("a\(i)"), .string("t")])
        }
        try writer.finish()
        return path
    }

    static func read(_ path: String) throws -> LayerContents {
        try LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions(crs: try SourceCRS(option: "4549")))
            .read(layer: .storefronts, path: path)
    }

    @Test func everyEntityIsAttributedInRecordOrder() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var imported = try Self.read(try Self.shops(5_000, in: dir))
        let view = try memoryStore().read { $0 }
        try imported.attribute(AttributionStep(storefront: { s, _ in s.trade = "trade of \(s.id)" }), view: view)
        #expect(imported.entities.count == 5_000)
        for (k, entity) in imported.entities.enumerated() {
            guard case .storefront(let s) = entity else { Issue.record("entity \(k) is not a storefront"); return }
            #expect(s.id == "S\(k)" && s.trade == "trade of S\(k)", "entity \(k)")
            #expect(imported.records[k] == k + 1)
        }
    }

    @Test(arguments: [[4_321], [4_321, 1_234], [2_047, 2_048, 4_999]])
    func theFirstFailingRecordIsReported(failing: [Int]) throws {
        let dir = temporaryFolder("\(#function)-\(failing)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var imported = try Self.read(try Self.shops(5_000, in: dir))
        let view = try memoryStore().read { $0 }
        let bad = Set(failing.map { "S\($0)" })
        struct Refused: Error, CustomStringConvertible { var id: String; var description: String { "refused \(id)" } }
        #expect {
            try imported.attribute(AttributionStep(storefront: { s, _ in if bad.contains(s.id) { throw Refused(id: s.id) } }), view: view)
        } throws: { error in
            let first = failing.min()!
            return "\(error)".contains("record \(first + 1)") && "\(error)".contains("refused S\(first)")
        }
    }
}
