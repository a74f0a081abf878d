import CityModel
import Dispatch
import GeoCore
import SpatialIndex

/// One layer in memory: its features by rowid, the rowid of each id, and the R-tree over their
/// envelopes (keyed by rowid). Mutated only by `CityStore` under its write lock, after the
/// database transaction that made the change has committed.
public final class LayerTable: @unchecked Sendable {
    public let layer: Layer
    public private(set) var features: [Int64: StoredFeature] = [:]
    public private(set) var rowids: [String: Int64] = [:]
    public private(set) var index: SpatialIndex
    public private(set) var tags = FeatureTags()
    /// Which rowids recent edits touched (views built from the layer patch themselves from it).
    public private(set) var journal = ChangeJournal()

    init(layer: Layer, rows: [(Int64, StoredFeature)]) throws {
        self.layer = layer
        // The three structures are independent reads of the same rows: built side by side, they
        // take a third less of the start-up a million cases cost.
        nonisolated(unsafe) var features: [Int64: StoredFeature] = [:]
        nonisolated(unsafe) var rowids: [String: Int64] = [:]
        nonisolated(unsafe) var index: Result<SpatialIndex, any Error> = .failure(StoreError.notFound(layer: layer, id: ""))
        nonisolated(unsafe) var tags = FeatureTags()
        DispatchQueue.concurrentPerform(iterations: 3) { part in
            switch part {
            case 0:
                features.reserveCapacity(rows.count)
                for (rowid, feature) in rows { features[rowid] = feature }
            case 1:
                rowids.reserveCapacity(rows.count)
                for (rowid, feature) in rows { rowids[feature.id] = rowid }
            default:
                var items: [(id: Int, box: IndexBox)] = []
                items.reserveCapacity(rows.count)
                for (rowid, feature) in rows {
                    if let box = IndexBox(feature.envelope) { items.append((Int(rowid), box)) }
                }
                index = Result { try SpatialIndex(items: items) }
                for (rowid, feature) in rows { tags.set(rowid: rowid, category: feature.category, status: feature.status) }
            }
        }
        self.features = features
        self.rowids = rowids
        self.index = try index.get()
        self.tags = tags
    }

    public var count: Int { features.count }

    public func feature(id: String) -> StoredFeature? {
        rowids[id].flatMap { features[$0] }
    }

    /// Takes over the contents of a table loaded anew (a layer another writer replaced).
    func replaceContents(with other: LayerTable) {
        precondition(other.layer == layer)
        features = other.features
        rowids = other.rowids
        index = other.index
        tags = other.tags
        journal.reset()
    }

    /// Applies committed changes: a few become edits of the live index (one atomic step), many
    /// (an import) a fresh bulk load, which is faster than thousands of delta inserts.
    func apply(_ changes: [StoredChange]) throws {
        var edits: [SpatialIndex.Edit] = []
        journal.record(changes.lazy.map { change in
            switch change {
            case .put(let rowid, _), .remove(_, let rowid): rowid
            }
        })
        for change in changes {
            switch change {
            case .put(let rowid, let feature):
                let old = features[rowid]
                // A rowid freed by another writer and reused for another entity: the old entity's
                // id no longer leads here.
                if let old, old.id != feature.id, rowids[old.id] == rowid { rowids[old.id] = nil }
                features[rowid] = feature
                rowids[feature.id] = rowid
                tags.set(rowid: rowid, category: feature.category, status: feature.status)
                switch (old.flatMap { IndexBox($0.envelope) }, IndexBox(feature.envelope)) {
                case (nil, let new?): edits.append(.insert(id: Int(rowid), box: new))
                case (_?, let new?): edits.append(.move(id: Int(rowid), to: new))
                case (_?, nil): edits.append(.remove(id: Int(rowid)))
                case (nil, nil): break
                }
            case .remove(_, let rowid):
                guard let old = features.removeValue(forKey: rowid) else { continue }
                rowids[old.id] = nil
                tags.clear(rowid: rowid)
                if IndexBox(old.envelope) != nil { edits.append(.remove(id: Int(rowid))) }
            }
        }
        if edits.count > Swift.max(1024, features.count / 8) {
            index = try SpatialIndex(items: features.compactMap { rowid, f in IndexBox(f.envelope).map { (Int(rowid), $0) } })
        } else if !edits.isEmpty {
            try index.apply(edits)
        }
    }
}

extension IndexBox {
    /// nil for an empty envelope (a null geometry is stored but not indexed).
    init?(_ e: Envelope) {
        guard !e.isEmpty else { return nil }
        self.init(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
    }
}
