import CityModel
import CityStore
import Foundation
import GEOSKit
import GeoCore
import Synchronization

/// The neutral base of the map, drawn from the city's own layers: streets from the roads layer at
/// every zoom, parcels once they are a few pixels wide. Each layer is simplified once per zoom
/// (GEOS's topology-preserving Douglas–Peucker, about a pixel) and kept until the layer changes.
final class MapBaseCache: Sendable {
    struct Simplified: Sendable {
        let sequence: Int64
        let geometries: [Geometry]
    }

    private let entries = Mutex<[String: Simplified]>([:])

    /// The layers the base draws at a zoom, lightest first.
    static func layers(zoom: Int) -> [Layer] {
        zoom >= 15 ? [.parcels, .roads] : [.roads]
    }

    func geometries(of layer: Layer, zoom: Int, in store: CityStore) throws -> [Geometry] {
        // Past zoom 18 a pixel is under half a metre: the stored lines are drawn as they are.
        let level = min(zoom, 18)
        let key = "\(layer.rawValue)/\(level)"
        let sequence = store.appliedSequence
        if let e = entries.withLock({ $0[key] }), e.sequence == sequence { return e.geometries }
        let source = store.read { view in view[layer].features.values.sorted { $0.id < $1.id }.compactMap(\.geometry) }
        let tolerance = MapScale.toleranceMeters(zoom: level)
        let simplified = try source.map { try $0.simplified(tolerance: tolerance) }.filter { !$0.envelope.isEmpty }
        entries.withLock { $0[key] = Simplified(sequence: sequence, geometries: simplified) }
        return simplified
    }
}

extension CityQueries {
    /// The base layers of a viewport at a zoom, simplified for it: per layer, the geometries
    /// whose envelope meets the window.
    public func mapBase(window: Envelope, zoom: Int) throws -> [(layer: Layer, geometries: [Geometry])] {
        try Self.checkMap(window: window, zoom: zoom)
        return try MapBaseCache.layers(zoom: zoom).map { layer in
            (layer, try mapBaseCache.geometries(of: layer, zoom: zoom, in: store).filter { $0.envelope.intersects(window) })
        }
    }
}
