import ArgumentParser
import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import ProjKit

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
