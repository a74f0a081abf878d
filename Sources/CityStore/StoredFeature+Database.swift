import Foundation
import GeoCore
import GRDB

extension StoredFeature {
    static let columns = "rowid, layer, id, geometry, properties, category, status, zoneVersion"

    /// Reads a row selected with `columns`.
    init(row: Row) throws {
        let layerName: String = row["layer"]
        guard let layer = Layer(rawValue: layerName) else {
            throw StoreError.corruptGeometry(layer: .grids, id: row["id"], reason: "unknown layer \(layerName)")
        }
        let id: String = row["id"]
        var geometry: Geometry?
        if let blob: Data = row["geometry"] {
            do {
                geometry = try Geometry(wkb: [UInt8](blob))
            } catch {
                throw StoreError.corruptGeometry(layer: layer, id: id, reason: "\(error)")
            }
        }
        let properties: String = row["properties"]
        self.init(layer: layer, id: id, geometry: geometry, properties: Array(properties.utf8),
                  category: row["category"], status: row["status"], zoneVersion: row["zoneVersion"])
    }

    var propertiesText: String { String(decoding: properties, as: UTF8.self) }

    /// The statement arguments for an insert or update, in `columns` order after rowid.
    func arguments() throws -> StatementArguments {
        if let geometry, !geometry.allPoints.allSatisfy(\.isFinite) {
            throw StoreError.nonFiniteGeometry(layer: layer, id: id)
        }
        let e = envelope
        let blob = geometry.map { Data($0.wkb()) }
        return [layer.rawValue, id, blob,
                e.isEmpty ? nil : e.minX, e.isEmpty ? nil : e.minY,
                e.isEmpty ? nil : e.maxX, e.isEmpty ? nil : e.maxY,
                propertiesText, category, status, zoneVersion]
    }
}
