import CityModel
import Foundation
import GeoCore
import GRDB

extension CityDatabase {
    /// Writes a batch inside the caller's transaction and says what memory must do afterwards.
    /// `searchBuilders` index the layers a batch loads in bulk (see `commit`); each is attached to
    /// `db` as `SearchIndexBuilder.schema(layer)`. Without `collectingChanges`, a bulk insert's
    /// features are not kept for memory (the caller is done with memory).
    func apply(_ batch: WriteBatch, in db: Database, searchBuilders: [Layer: SearchIndexBuilder] = [:],
               collectingChanges: Bool = true) throws -> [StoredChange] {
        var memory: [StoredChange] = []
        // Every row of one commit carries the commit's time, bound once: the column's default
        // (strftime per row) was an eighth of a bulk insert's time on the writer's thread.
        let updatedAt = Self.timestamp(Date())
        let insertSQL = """
            INSERT INTO feature (layer, id, geometry, minX, minY, maxX, maxY, properties, category, status, zoneVersion, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        let upsertSQL = insertSQL + """
             ON CONFLICT (layer, id) DO UPDATE SET geometry = excluded.geometry, minX = excluded.minX,
             minY = excluded.minY, maxX = excluded.maxX, maxY = excluded.maxY, properties = excluded.properties,
             category = excluded.category, status = excluded.status, zoneVersion = excluded.zoneVersion,
             updatedAt = excluded.updatedAt
            """
        let insert = try db.cachedStatement(sql: insertSQL + " RETURNING rowid")
        // A bulk insert reads the new rowid from the connection: a RETURNING cursor per row cost
        // more than the insert itself.
        let bulkInsert = FeatureRowBinder(statement: try db.cachedStatement(sql: insertSQL))
        let upsert = try db.cachedStatement(sql: upsertSQL + " RETURNING rowid")
        var zoneVersion: [Layer: Int] = [:]
        // The search index is changed after the rows, in the same order and transaction: FTS5
        // flushes its pending terms at every statement savepoint, so interleaving its inserts with
        // the rows' (whose constraints open savepoints) wrote one tiny segment per row and made a
        // million-row import spend most of its time merging them.
        // The searchable text is the id and every text attribute, so a grid code, a road name, a
        // chief or a shop's name and address all find their entity.
        var searchChanges: [SearchChange] = []
        var builtLayers: [Layer] = []

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
                    rowid = try Int64.fetchOne(statement, arguments: feature.arguments(row, updatedAt: updatedAt))!
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StoreError.duplicateID(layer: feature.layer, id: feature.id)
                }
                if !isInsert { searchChanges.append(.remove(feature.layer, rowid)) }
                searchChanges.append(.add(feature.layer, rowid, row.searchText))
                memory.append(.put(rowid, feature))

            case .insertMany(let stream):
                let version = zoneVersion[stream.layer]
                let builder = searchBuilders[stream.layer]
                // The properties of a stream come from `SortedJSONEncoder` (held to Foundation's
                // output by its tests), so `json_valid` re-parsing each of them, a sixth of the
                // writer's time, is skipped here; every other write still passes the CHECK.
                try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
                defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
                var inserted = 0
                try stream.forEachChunk { chunk in
                    for made in chunk.features {
                        var feature = made
                        let row = try feature.takeStorageRow()
                        if let version { feature.zoneVersion = version }
                        do {
                            try bulkInsert.insert(feature, row, updatedAt: updatedAt, in: db)
                        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                            throw StoreError.duplicateID(layer: feature.layer, id: feature.id)
                        }
                        let rowid = db.lastInsertedRowID
                        if let builder { builder.add(rowid: rowid, text: row.searchText) } else {
                            searchChanges.append(.add(feature.layer, rowid, row.searchText))
                        }
                        guard collectingChanges else { continue }
                        let light = StoredFeature(layer: feature.layer, id: feature.id, geometry: feature.geometry,
                                                  body: FeatureBody(load: propertiesLoader(rowid: rowid, layer: feature.layer, id: feature.id)),
                                                  category: feature.category, status: feature.status, zoneVersion: feature.zoneVersion)
                        memory.append(.put(rowid, light))
                    }
                    inserted += chunk.features.count
                    for t in chunk.transitions { try insertTransition(t, in: db) }
                    for r in chunk.dossierRecords { try insertDossierRecord(r, in: db) }
                }
                // A source read to its end counts its features only now.
                if stream.count == nil, let version {
                    try db.execute(sql: "UPDATE importRun SET features = features + ? WHERE id = ?", arguments: [inserted, version])
                }
                if let builder {
                    try builder.finish()
                    builtLayers.append(stream.layer)
                }

            case .delete(let layer, let id):
                guard let rowid = try Int64.fetchOne(db, sql: "DELETE FROM feature WHERE layer = ? AND id = ? RETURNING rowid",
                                                     arguments: [layer.rawValue, id]) else {
                    throw StoreError.notFound(layer: layer, id: id)
                }
                searchChanges.append(.remove(layer, rowid))
                memory.append(.remove(layer, rowid))

            case .replaceLayer(let layer, let source):
                // A re-imported cases layer brings its own histories: the replaced cases' audit
                // rows go with them (dossier records follow their entity by ON DELETE CASCADE).
                if layer == .cases {
                    try db.execute(sql: "DELETE FROM caseTransition WHERE caseID IN (SELECT id FROM feature WHERE layer = 'cases')")
                }
                let rowids = try Int64.fetchAll(db, sql: "DELETE FROM feature WHERE layer = ? RETURNING rowid", arguments: [layer.rawValue])
                // A layer indexed by a builder gets its whole new index at the end instead.
                if searchBuilders[layer] == nil { searchChanges.append(.removeLayer(layer)) }
                memory += rowids.map { .remove(layer, $0) }
                let count = batch.knownCount(of: layer)
                try db.execute(sql: "INSERT INTO importRun (layer, source, features) VALUES (?, ?, ?)",
                               arguments: [layer.rawValue, source, count])
                zoneVersion[layer] = Int(db.lastInsertedRowID)

            case .transition(let t):
                try insertTransition(t, in: db)

            case .dossierRecord(let r):
                try insertDossierRecord(r, in: db)

            case .account(let a):
                try putAccount(a, in: db)

            case .token(let t):
                try putToken(t, in: db)

            case .audit(let e):
                try insertAudit(e, in: db)

            case .officerFix(let f):
                try db.cachedStatement(sql: "INSERT INTO officerFix (officerID, at, x, y, accuracy, speed) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [f.officerID, StoredTime.text(f.at), f.x, f.y, f.accuracyMeters, f.speedMetersPerSecond])

            case .event(let e):
                try db.cachedStatement(sql: """
                    INSERT INTO event (type, subject, at, actor, from_status, to_status, note, fence, once_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (once_key) DO NOTHING
                    """).execute(arguments: [e.type, e.subject, e.at, e.actor, e.fromStatus, e.toStatus, e.note, e.fence, e.onceKey])
            }
        }
        for change in searchChanges {
            switch change {
            case .add(let layer, let rowid, let text): try SearchIndex.add(layer, rowid: rowid, text: text, in: db)
            case .remove(let layer, let rowid): try SearchIndex.remove(layer, rowid: rowid, in: db)
            case .removeLayer(let layer): try SearchIndex.clear(layer, in: db)
            }
        }
        for layer in builtLayers {
            try SearchIndex.replace(layer, withTableIn: SearchIndexBuilder.schema(layer), in: db)
        }
        return memory
    }

    private func insertTransition(_ t: CaseTransitionRow, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO caseTransition (caseID, at, actor, event, fromStatus, toStatus, note) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [t.caseID, t.at, t.actor, t.event, t.fromStatus, t.toStatus, t.note])
    }

    private func insertDossierRecord(_ r: DossierRecordRow, in db: Database) throws {
        let attachments = String(decoding: try SortedJSONEncoder.city.encode(r.attachments), as: UTF8.self)
        do {
            try db.cachedStatement(sql: """
                INSERT INTO dossierRecord (layer, entityID, kind, date, officer, note, attachments) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [r.layer.rawValue, r.entityID, r.kind, r.date, r.officer, r.note, attachments])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.notFound(layer: r.layer, id: r.entityID)
        }
    }

    /// `strftime('%Y-%m-%dT%H:%M:%fZ')`'s form: UTC, milliseconds.
    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    private enum SearchChange {
        case add(Layer, Int64, String)
        case remove(Layer, Int64)
        case removeLayer(Layer)
    }
}
