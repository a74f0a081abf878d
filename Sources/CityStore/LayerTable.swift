import GeoCore
import SpatialIndex

/// One layer in memory: its features by rowid, the rowid of each id, and the R-tree over their
/// envelopes (keyed by rowid). Mutated only by `CityStore` under its write lock, after the
/// database transaction that made the change has committed.
public final class LayerTable: @unchecked Sendable {
    public let layer: Layer
    public private(set) var features: [Int64: StoredFeature] = [:]
    public private(set) var rowids: [String: Int64] = [:]
    public let index: SpatialIndex

    init(layer: Layer, rows: [(Int64, StoredFeature)]) throws {
        self.layer = layer
        features.reserveCapacity(rows.count)
        rowids.reserveCapacity(rows.count)
        var items: [(id: Int, box: IndexBox)] = []
        items.reserveCapacity(rows.count)
        for (rowid, feature) in rows {
            features[rowid] = feature
            rowids[feature.id] = rowid
            if let box = IndexBox(feature.envelope) { items.append((Int(rowid), box)) }
        }
        index = try SpatialIndex(items: items)
    }

    public var count: Int { features.count }

    public func feature(id: String) -> StoredFeature? {
        rowids[id].flatMap { features[$0] }
    }

    func put(rowid: Int64, _ feature: StoredFeature) throws {
        let old = features[rowid]
        features[rowid] = feature
        rowids[feature.id] = rowid
        let box = IndexBox(feature.envelope)
        switch (old.flatMap { IndexBox($0.envelope) }, box) {
        case (nil, let new?): try index.insert(id: Int(rowid), box: new)
        case (_?, let new?): try index.move(id: Int(rowid), to: new)
        case (_?, nil): index.remove(id: Int(rowid))
        case (nil, nil): break
        }
    }

    func remove(rowid: Int64) {
        guard let old = features.removeValue(forKey: rowid) else { return }
        rowids[old.id] = nil
        index.remove(id: Int(rowid))
    }
}

extension IndexBox {
    /// nil for an empty envelope (a null geometry is stored but not indexed).
    init?(_ e: Envelope) {
        guard !e.isEmpty else { return nil }
        self.init(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
    }
}
