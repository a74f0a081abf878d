import Foundation
import GRDB

extension CityDatabase {
    /// Writes a batch inside the caller's transaction and says what memory must do afterwards.
    func apply(_ batch: WriteBatch, in db: Database) throws -> [StoredChange] {
        var memory: [StoredChange] = []
        let insertSQL = """
            INSERT INTO feature (layer, id, geometry, minX, minY, maxX, maxY, properties, category, status, zoneVersion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        let upsertSQL = insertSQL + """
             ON CONFLICT (layer, id) DO UPDATE SET geometry = excluded.geometry, minX = excluded.minX,
             minY = excluded.minY, maxX = excluded.maxX, maxY = excluded.maxY, properties = excluded.properties,
             category = excluded.category, status = excluded.status, zoneVersion = excluded.zoneVersion,
             updatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now')
            """
        let insert = try db.cachedStatement(sql: insertSQL + " RETURNING rowid")
        // A bulk insert reads the new rowid from the connection: a RETURNING cursor per row cost
        // more than the insert itself.
        let plainInsert = try db.cachedStatement(sql: insertSQL)
        let upsert = try db.cachedStatement(sql: upsertSQL + " RETURNING rowid")
        let searchDelete = try db.cachedStatement(sql: "DELETE FROM featureSearch WHERE layer = ? AND id = ?")
        // The searchable text is the id and every text attribute, so a grid code, a road name, a
        // chief or a shop's name and address all find their entity.
        let searchInsert = try db.cachedStatement(sql: "INSERT INTO featureSearch (text, layer, id) VALUES (?, ?, ?)")
        var zoneVersion: [Layer: Int] = [:]
        // The search index is changed after the rows, in the same order and transaction: FTS5
        // flushes its pending terms at every statement savepoint, so interleaving its inserts with
        // the rows' (whose constraints open savepoints) wrote one tiny segment per row and made a
        // million-row import spend most of its time merging them.
        var searchChanges: [SearchChange] = []

        for change in batch.changes {
            switch change {
            case .insert(var feature), .upsert(var feature):
                let isInsert: Bool
                if case .insert = change { isInsert = true } else { isInsert = false }
                // Taken before the zone version is set: a changed feature starts without memos.
                let row = try feature.takeStorageRow()
                if let version = zoneVersion[feature.layer] { feature.zoneVersion = version }
                let statement = isInsert ? insert : upsert
                let rowid: Int64
                do {
                    rowid = try Int64.fetchOne(statement, arguments: feature.arguments(row))!
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StoreError.duplicateID(layer: feature.layer, id: feature.id)
                }
                if !isInsert { searchChanges.append(.remove(feature.layer, feature.id)) }
                searchChanges.append(.add(feature.layer, feature.id, row.searchText))
                memory.append(.put(rowid, feature))

            case .insertMany(let stream):
                let version = zoneVersion[stream.layer]
                try stream.forEach { made in
                    var feature = made
                    let row = try feature.takeStorageRow()
                    if let version { feature.zoneVersion = version }
                    do {
                        try plainInsert.execute(arguments: feature.arguments(row))
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        throw StoreError.duplicateID(layer: feature.layer, id: feature.id)
                    }
                    let rowid = db.lastInsertedRowID
                    searchChanges.append(.add(feature.layer, feature.id, row.searchText))
                    let light = StoredFeature(layer: feature.layer, id: feature.id, geometry: feature.geometry,
                                              body: FeatureBody(load: propertiesLoader(rowid: rowid, layer: feature.layer, id: feature.id)),
                                              category: feature.category, status: feature.status, zoneVersion: feature.zoneVersion)
                    memory.append(.put(rowid, light))
                }

            case .delete(let layer, let id):
                guard let rowid = try Int64.fetchOne(db, sql: "DELETE FROM feature WHERE layer = ? AND id = ? RETURNING rowid",
                                                     arguments: [layer.rawValue, id]) else {
                    throw StoreError.notFound(layer: layer, id: id)
                }
                searchChanges.append(.remove(layer, id))
                memory.append(.remove(layer, rowid))

            case .replaceLayer(let layer, let source):
                // A re-imported cases layer brings its own histories: the replaced cases' audit
                // rows go with them (dossier records follow their entity by ON DELETE CASCADE).
                if layer == .cases {
                    try db.execute(sql: "DELETE FROM caseTransition WHERE caseID IN (SELECT id FROM feature WHERE layer = 'cases')")
                }
                let rowids = try Int64.fetchAll(db, sql: "DELETE FROM feature WHERE layer = ? RETURNING rowid", arguments: [layer.rawValue])
                searchChanges.append(.removeLayer(layer))
                memory += rowids.map { .remove(layer, $0) }
                let count = batch.changes.reduce(0) { n, c in
                    switch c {
                    case .insert(let f) where f.layer == layer, .upsert(let f) where f.layer == layer: n + 1
                    case .insertMany(let stream) where stream.layer == layer: n + stream.count
                    default: n
                    }
                }
                try db.execute(sql: "INSERT INTO importRun (layer, source, features) VALUES (?, ?, ?)",
                               arguments: [layer.rawValue, source, count])
                zoneVersion[layer] = Int(db.lastInsertedRowID)

            case .transition(let t):
                try db.execute(sql: """
                    INSERT INTO caseTransition (caseID, at, actor, event, fromStatus, toStatus, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [t.caseID, t.at, t.actor, t.event, t.fromStatus, t.toStatus, t.note])

            case .dossierRecord(let r):
                let attachments = String(decoding: try JSONEncoder().encode(r.attachments), as: UTF8.self)
                do {
                    try db.execute(sql: """
                        INSERT INTO dossierRecord (layer, entityID, kind, date, officer, note, attachments) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [r.layer.rawValue, r.entityID, r.kind, r.date, r.officer, r.note, attachments])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StoreError.notFound(layer: r.layer, id: r.entityID)
                }
            }
        }
        // A bulk load writes its terms without FTS5's automatic merging, which otherwise merges the
        // segments again and again as they are written (sqlite3, 200,000 shops' search text: 5.2 →
        // 3.4 s). The index is left in a few dozen segments, which queries read in milliseconds,
        // and later writes merge them gradually once automerge is back on.
        let bulk = searchChanges.count >= Self.bulkSearchChanges
        if bulk { try db.execute(sql: "INSERT INTO featureSearch (featureSearch, rank) VALUES ('automerge', 0)") }
        for change in searchChanges {
            switch change {
            case .add(let layer, let id, let text): try searchInsert.execute(arguments: [text, layer.rawValue, id])
            case .remove(let layer, let id): try searchDelete.execute(arguments: [layer.rawValue, id])
            case .removeLayer(let layer): try db.execute(sql: "DELETE FROM featureSearch WHERE layer = ?", arguments: [layer.rawValue])
            }
        }
        if bulk { try db.execute(sql: "INSERT INTO featureSearch (featureSearch, rank) VALUES ('automerge', 4)") }
        return memory
    }

    /// From this many search-index changes in one commit on, it is written as a bulk load.
    static let bulkSearchChanges = 10_000

    private enum SearchChange {
        case add(Layer, String, String)
        case remove(Layer, String)
        case removeLayer(Layer)
    }
}
