import Foundation
import GeoCore
import GRDB

extension StoredFeature {
    var propertiesText: String { String(decoding: properties, as: UTF8.self) }

    /// The statement arguments for an insert or update, in the INSERT's column order.
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
