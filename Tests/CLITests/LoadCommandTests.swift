import CityModel
import CityStore
import Foundation
import Testing

/// `citygrid load DIR` as a script runs it: every layer of the shipped sample in one transaction,
/// storefronts, structures and cases streamed and attributed against the zones of the same load;
/// loading again replaces everything, audit trail included, rather than adding to it.
struct LoadCommandTests {
    static let sample: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata/sample")

    /// Records in a .dbf, from its header (bytes 4–7, little-endian), deleted ones included: the
    /// sample has none.
    static func records(_ layer: Layer) throws -> Int {
        let header = try Data(contentsOf: sample.appendingPathComponent("\(layer.rawValue).dbf")).prefix(8)
        return header.dropFirst(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    @Test func aFolderLoadsWholeAndLoadsAgainInPlace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("citygrid-load-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var transitions: [Int] = []
        for _ in 0..<2 {
            let result = try CitygridProcess.run(["load", Self.sample.path, "--store", path])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("loaded 9 layers"))
            let store = try CityStore(database: .open(path: path))
            for layer in Layer.allCases {
                #expect(try store.storedCount(layer) == Self.records(layer), "\(layer.rawValue)")
            }
            let shops = store.read { Array($0[.storefronts].features.values) }
            let attributed = shops.filter { String(decoding: $0.properties, as: UTF8.self).contains("\"gridCode\"") }
            #expect(attributed.count * 10 > shops.count * 9, "\(attributed.count) of \(shops.count) shops attributed")
            transitions.append(try store.transitionCount())
        }
        let cases = try Self.records(.cases)
        #expect(transitions[0] > cases)
        #expect(transitions[1] == transitions[0])
    }
}
