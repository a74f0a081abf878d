import CityModel
import Foundation
import GeoCore
import GRDB

extension CityDatabase {
    /// Every feature of every layer for the start-up bulk load: filter fields and geometry from the
    /// covering index `feature_load`, attributes left to be read on first use.
    func loadAll(_ db: Database, layers: Set<Layer>? = nil) throws -> [Layer: [(Int64, StoredFeature)]] {
        var byLayer: [Layer: [(Int64, StoredFeature)]] = [:]
        let only = layers.map { " WHERE layer IN (" + $0.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ") + ")" } ?? ""
        let rows = try Row.fetchCursor(db, sql: """
            SELECT rowid, layer, id, geometry, category, status, zoneVersion FROM feature INDEXED BY feature_load
            """ + only)
        var layer = Layer.grids
        var layerName = ""
        while let row = try rows.next() {
            let rowid: Int64 = row[0]
            let name: String = row[1]
            if name != layerName {
                guard let known = Layer(rawValue: name) else {
                    throw StoreError.corruptGeometry(layer: .grids, id: row[2], reason: "unknown layer \(name)")
                }
                layer = known
                layerName = name
            }
            let id: String = row[2]
            let geometry = try Self.geometry(row, at: 3, layer: layer, id: id)
            let body = FeatureBody(load: propertiesLoader(rowid: rowid, layer: layer, id: id))
            byLayer[layer, default: []].append((rowid, StoredFeature(layer: layer, id: id, geometry: geometry, body: body,
                                                                      category: row[4], status: row[5], zoneVersion: row[6])))
        }
        return byLayer
    }

    /// Reads one feature's attributes when first asked for: by rowid, and by layer and id when
    /// the row no longer holds this entity. Another process may have replaced the layer since
    /// memory was loaded (an import beside a running server), and SQLite reuses a freed rowid
    /// for another entity; until the change log is followed, the entity's current attributes are
    /// the truest answer, another entity's never.
    func propertiesLoader(rowid: Int64, layer: Layer, id: String) -> FeatureBody.Loader {
        let writer = self.writer
        return {
            try writer.read { db in
                let byRowid = try db.cachedStatement(sql: "SELECT layer, id, properties FROM feature WHERE rowid = ?")
                if let row = try Row.fetchOne(byRowid, arguments: [rowid]), row[0] == layer.rawValue, row[1] == id {
                    return Array((row[2] as String).utf8)
                }
                let byID = try db.cachedStatement(sql: "SELECT properties FROM feature WHERE layer = ? AND id = ?")
                guard let text = try String.fetchOne(byID, arguments: [layer.rawValue, id]) else {
                    throw StoreError.notFound(layer: layer, id: id)
                }
                return Array(text.utf8)
            }
        }
    }
}

/// SQLite as the store's storage.
extension CityDatabase: CityStorage {
    public var location: String { path }

    public func loadFeatures() throws -> [Layer: [(Int64, StoredFeature)]] {
        try read { db in try loadAll(db) }
    }

    public func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]] {
        try read { db in try loadAll(db, layers: layers) }
    }

    public func forEachProperties(of layer: Layer, _ body: (Int64, [UInt8]) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT rowid, properties FROM feature WHERE layer = ?", arguments: [layer.rawValue])
            while let row = try rows.next() {
                let text: String = row[1]
                try body(row[0], Array(text.utf8))
            }
        }
    }

    public func logEnd() throws -> Int64 {
        try read { db in try Self.logEnd(db) }
    }

    public func changes(after sequence: Int64) throws -> ChangeSet {
        try read { db in try changes(after: sequence, in: db) }
    }

    /// Polls the log's end every 50 ms: a read of the sequence's B-tree's last page, cheaper than
    /// watching the file, and exact. (`PRAGMA data_version` says the same per connection, but a
    /// pool lends a different reader each time.)
    public func waitForChanges(after sequence: Int64, timeout: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try logEnd() > sequence { return true }
            guard ContinuousClock.now < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    public func commit(_ batch: WriteBatch, requiringLogEnd expected: Int64?) throws -> CommitOutcome {
        try commit(batch, requiringLogEnd: expected, collectingChanges: true)
    }

    public func commitForgettingChanges(_ batch: WriteBatch) throws {
        _ = try commit(batch, requiringLogEnd: nil, collectingChanges: false)
    }

    private func commit(_ batch: WriteBatch, requiringLogEnd expected: Int64?, collectingChanges: Bool) throws -> CommitOutcome {
        // Appended one by one under the defer, so a builder that fails to start still has the
        // ones before it stopped and their files deleted.
        var builders: [SearchIndexBuilder] = []
        defer { for b in builders { b.cancel() } }
        for layer in batch.bulkLoadedLayers(minimum: bulkSearchThreshold) {
            builders.append(try SearchIndexBuilder(layer: layer, directory: scratchDirectory))
        }
        guard !builders.isEmpty else {
            return try writer.writeWithoutTransaction { db in
                try commit(batch, in: db, builders: [], requiringLogEnd: expected, collectingChanges: collectingChanges)
            }
        }
        // A last write loading layers in bulk (an import command) writes its pages once, through
        // a rollback journal, when no other connection has the store open: in WAL mode every
        // page went to the log and then again into the file at the checkpoint, a sixth of a
        // million-shop import. Readers of this process are closed first; another process's
        // connection makes the switch fail, and the write goes through the WAL as usual.
        if !collectingChanges { (writer as? DatabasePool)?.releaseMemory() }
        // ATTACH is refused inside a transaction: attach the builders' scratch databases first,
        // then write the batch in one transaction that ends by copying their indexes in.
        return try writer.writeWithoutTransaction { db in
            if !collectingChanges, writer is DatabasePool, try Self.leaveWAL(db) {
                defer { Self.returnToWAL(db) }
                return try commit(batch, in: db, builders: builders, requiringLogEnd: expected, collectingChanges: collectingChanges)
            }
            return try commit(batch, in: db, builders: builders, requiringLogEnd: expected, collectingChanges: collectingChanges)
        }
    }

    /// Switches the connection to a rollback journal, synced in full so that a power loss cannot
    /// corrupt what WAL with `synchronous = NORMAL` keeps; false if another connection holds the
    /// database (the mode is unchanged then).
    private static func leaveWAL(_ db: Database) throws -> Bool {
        let mode = try? String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE")
        guard mode?.lowercased() == "truncate" else { return false }
        try db.execute(sql: "PRAGMA synchronous = FULL")
        return true
    }

    /// Back to WAL (which the file then records) and the pool's synchronous setting.
    private static func returnToWAL(_ db: Database) {
        _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        try? db.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    private func commit(_ batch: WriteBatch, in db: Database, builders: [SearchIndexBuilder], requiringLogEnd expected: Int64?,
                        collectingChanges: Bool) throws -> CommitOutcome {
        for b in builders {
            try db.execute(sql: "ATTACH DATABASE ? AS \(SearchIndexBuilder.schema(b.layer))", arguments: [b.path])
        }
        defer {
            for b in builders { try? db.execute(sql: "DETACH DATABASE \(SearchIndexBuilder.schema(b.layer))") }
        }
        var outcome = CommitOutcome.behind(logEnd: 0)
        // Deferred: IMMEDIATE would lock every attached database at BEGIN, the scratch ones
        // too, whose builders are still writing them. The log entry is the first write, which
        // takes the main database's writer lock before anything is read, so the check of the
        // log's end and the batch see the same, latest state.
        try db.inTransaction(.deferred) {
            let (sequence, previous) = try appendLogEntry(ChangeLogEntry(batch), in: db)
            if let expected, previous != expected {
                outcome = .behind(logEnd: previous)
                return .rollback
            }
            let changes = try apply(batch, in: db, searchBuilders: Dictionary(uniqueKeysWithValues: builders.map { ($0.layer, $0) }),
                                    collectingChanges: collectingChanges)
            outcome = .committed(sequence: sequence, previous: previous, changes: changes)
            return .commit
        }
        return outcome
    }

    public func lastImportRun() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM importRun") ?? 0 }
    }

    /// A case's audit history, oldest first.
    public func transitions(caseID: String) throws -> [CaseTransitionRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM caseTransition WHERE caseID = ? ORDER BY id", arguments: [caseID]).map {
                CaseTransitionRow(caseID: $0["caseID"], at: $0["at"], actor: $0["actor"], event: $0["event"],
                                  fromStatus: $0["fromStatus"], toStatus: $0["toStatus"], note: $0["note"])
            }
        }
    }

    public func events(after id: Int64, limit: Int) throws -> [LoggedEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]).map {
                LoggedEvent(id: $0["id"], row: EventRow(type: $0["type"], subject: $0["subject"], at: $0["at"], actor: $0["actor"],
                                                        fromStatus: $0["from_status"], toStatus: $0["to_status"], note: $0["note"],
                                                        fence: $0["fence"], onceKey: $0["once_key"]))
            }
        }
    }

    public func lastEventID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM event") ?? 0 }
    }

    public func emittedOnceKeys(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            var found: Set<String> = []
            for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                found.formUnion(try String.fetchAll(db, sql: "SELECT once_key FROM event WHERE once_key IN (\(marks))",
                                                    arguments: StatementArguments(chunk)))
            }
            return found
        }
    }

    public func watchSince(_ name: String, now: Date) throws -> Date {
        try translating {
            try write { db in
                try db.execute(sql: "INSERT INTO event_watch (name, since) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                               arguments: [name, StoredTime.text(now)])
                let text = try String.fetchOne(db, sql: "SELECT since FROM event_watch WHERE name = ?", arguments: [name])
                return text.flatMap(StoredTime.date(text:)) ?? now
            }
        }
    }

    /// The number of stored transitions (all cases): the audit count the concurrency tests check.
    public func transitionCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM caseTransition") ?? 0 }
    }

    /// How many entities of a layer the database holds (not memory): the consistency checks
    /// compare it with the in-memory index.
    public func storedCount(_ layer: Layer) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM feature WHERE layer = ?", arguments: [layer.rawValue]) ?? 0
        }
    }

    /// A storefront's or structure's dossier, oldest first.
    public func dossier(layer: Layer, entityID: String) throws -> [DossierRecordRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dossierRecord WHERE layer = ? AND entityID = ? ORDER BY date, id",
                             arguments: [layer.rawValue, entityID]).map { row in
                let attachments = (try? JSONDecoder().decode([String].self, from: Data((row["attachments"] as String).utf8))) ?? []
                return DossierRecordRow(layer: layer, entityID: row["entityID"], kind: row["kind"], date: row["date"],
                                        officer: row["officer"], note: row["note"], attachments: attachments)
            }
        }
    }

    /// Full-text search over ids and text attributes (see `StoredFeature.searchText`): a
    /// substring, ASCII letters in either case. Three characters or more go through the trigram
    /// index, best bm25 rank first; one or two scan the layer's texts. Across layers, each
    /// layer's best matches are merged by rank (each index ranks against its own layer's
    /// statistics).
    public func search(_ text: String, layer: Layer?, limit: Int) throws -> [(layer: Layer, id: String)] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        return try read { db in
            var hits: [(rank: Double, layer: Layer, id: String)] = []
            let idSQL = "SELECT id FROM feature WHERE rowid = ?"
            for l in layer.map({ [$0] }) ?? Layer.allCases {
                for match in try SearchIndex.matches(l, containing: trimmed, limit: limit, in: db) {
                    guard let id = try String.fetchOne(db.cachedStatement(sql: idSQL), arguments: [match.rowid]) else { continue }
                    hits.append((rank: match.rank, layer: l, id: id))
                }
            }
            return hits.enumerated().sorted { a, b in
                a.element.rank != b.element.rank ? a.element.rank < b.element.rank : a.offset < b.offset
            }.prefix(limit).map { ($0.element.layer, $0.element.id) }
        }
    }
}
