import CityModel
import CityStore
import Foundation
import GeoCore
import SpatialIndex

/// The layers as plain features, for the generic readers (OGC API – Features, `/api/v1/layers`,
/// the web map) and the administrator's writes: the server reaches the store only through here.
extension CityQueries {
    /// How many features each layer holds.
    public func layerCounts() -> [(layer: Layer, count: Int)] {
        store.read { view in Layer.allCases.map { ($0, view[$0].count) } }
    }

    public func feature(_ layer: Layer, id: String) -> CityFeature? {
        store.read { $0[layer].feature(id: id) }.map(CityFeature.init)
    }

    /// The working-CRS envelope of every feature of the layer; empty for an empty layer.
    public func extent(of layer: Layer) -> Envelope {
        store.read { view in view[layer].features.values.reduce(Envelope.empty) { $0.union($1.envelope) } }
    }

    /// The features of a layer whose envelopes meet `window` (working CRS; every feature when
    /// nil), after `cursor`, in listing order: ids compared as UTF-8 bytes, total and independent
    /// of locale, the order cursors follow. Unordered when `ordered` is false: a caller that keeps
    /// few of many candidates sorts what it keeps.
    /// `status` and `category`: the values the store's columns must hold (nil: any), checked on
    /// the layer's tags before a feature is looked at.
    public func features(of layer: Layer, meeting window: Envelope? = nil, after cursor: String? = nil, ordered: Bool = true,
                         status: Set<String>? = nil, category: Set<String>? = nil) -> [CityFeature] {
        store.read { view in
            let table = view[layer]
            let statusMask = status.map { table.tags.mask($0) }, categoryMask = category.map { table.tags.mask($0) }
            let columns = statusMask != nil || categoryMask != nil
            var candidates: [CityFeature]
            if let window {
                let hits = table.index.search(IndexBox(minX: window.minX, minY: window.minY, maxX: window.maxX, maxY: window.maxY))
                candidates = hits.compactMap { id in
                    if columns, !table.tags.matches(rowid: Int64(id), status: statusMask, category: categoryMask) { return nil }
                    return table.features[Int64(id)].map(CityFeature.init)
                }
            } else if columns {
                candidates = table.features.compactMap { rowid, f in
                    table.tags.matches(rowid: rowid, status: statusMask, category: categoryMask) ? CityFeature(f) : nil
                }
            } else {
                candidates = table.features.values.map(CityFeature.init)
            }
            if let cursor { candidates.removeAll { !Self.precedes(cursor, $0.id) } }
            if ordered { candidates.sort { Self.precedes($0.id, $1.id) } }
            return candidates
        }
    }

    /// Listing order: ids compared as UTF-8 bytes.
    public static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
