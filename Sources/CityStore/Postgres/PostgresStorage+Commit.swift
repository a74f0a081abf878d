import CityModel
import Foundation
import GeoCore
import PQKit

extension PostgresStorage {
    /// Thrown inside the transaction to roll it back when the log moved on.
    private struct Behind: Error { let logEnd: Int64 }

    public func commit(_ batch: WriteBatch, requiringLogEnd expected: Int64?) throws -> CommitOutcome {
        try commit(batch, requiringLogEnd: expected, collectingChanges: true)
    }

    public func commitForgettingChanges(_ batch: WriteBatch) throws {
        _ = try commit(batch, requiringLogEnd: nil, collectingChanges: false)
    }

    /// One transaction: the writers' advisory lock, the check of the log's end, the batch, its
    /// log entry (the next sequence) and a NOTIFY, which PostgreSQL delivers at commit.
    private func commit(_ batch: WriteBatch, requiringLogEnd expected: Int64?, collectingChanges: Bool) throws -> CommitOutcome {
        do {
            return try commitOnce(batch, requiringLogEnd: expected, collectingChanges: collectingChanges)
        } catch let error as PQError where error.isConnectionFailure && error.failedStatement == "BEGIN" {
            // The server closed the idle connection (restarted, failed over, or an administrator
            // ended the session): nothing of the batch was sent, so it is sent once more on a
            // fresh connection. A connection lost after BEGIN is not retried: whether the commit
            // landed is unknown, and the caller is told so.
            return try commitOnce(batch, requiringLogEnd: expected, collectingChanges: collectingChanges)
        } catch let error as PQError {
            throw Self.storeError(error, location: location)
        }
    }

    private func commitOnce(_ batch: WriteBatch, requiringLogEnd expected: Int64?, collectingChanges: Bool) throws -> CommitOutcome {
        do {
            return try writer.withConnection { c in
                try c.transaction {
                    _ = try c.execute("SELECT pg_advisory_xact_lock($1::bigint)", [.int(Self.writerLock)])
                    let previous = try Self.logEnd(c)
                    if let expected, previous != expected { throw Behind(logEnd: previous) }
                    let changes = try apply(batch, on: c, collectingChanges: collectingChanges)
                    let sequence = previous + 1
                    _ = try c.execute("INSERT INTO change_log (seq, entry) VALUES ($1, $2::jsonb)",
                                      [.int(sequence), .text(ChangeLogEntry(batch).json)])
                    _ = try c.execute("SELECT pg_notify($1, $2)", [.text(Self.channel), .text(String(sequence))])
                    return CommitOutcome.committed(sequence: sequence, previous: previous, changes: changes)
                }
            }
        } catch let behind as Behind {
            return .behind(logEnd: behind.logEnd)
        }
    }

    private func apply(_ batch: WriteBatch, on c: PQConnection, collectingChanges: Bool) throws -> [StoredChange] {
        var memory: [StoredChange] = []
        var zoneVersion: [Layer: Int] = [:]
        var bulkSearchEntries = false
        let columns = "layer, id, geom, properties, category, status, zone_version, search_text"
        let values = "$1, $2, ST_GeomFromEWKB($3), $4::jsonb, $5, $6, $7, $8"
        for change in batch.changes {
            switch change {
            case .insert(var feature), .upsert(var feature):
                var isInsert = false
                if case .insert = change { isInsert = true }
                let row = try feature.takeStorageRow()
                if let version = zoneVersion[feature.layer] { feature.zoneVersion = version }
                let sql = "INSERT INTO feature (\(columns)) VALUES (\(values))" + (isInsert ? "" : """
                     ON CONFLICT (layer, id) DO UPDATE SET geom = excluded.geom, properties = excluded.properties,
                     category = excluded.category, status = excluded.status, zone_version = excluded.zone_version,
                     search_text = excluded.search_text, updated_at = now()
                    """) + " RETURNING rowid"
                let rowid = try Self.refusing(when: \.isUniqueViolation, as: StoreError.duplicateID(layer: feature.layer, id: feature.id)) {
                    try c.execute(sql, Self.parameters(feature, row)).int64(0, 0)!
                }
                memory.append(.put(rowid, feature))

            case .insertMany(let stream):
                if !bulkSearchEntries {
                    try Self.gatherSearchEntries(c)
                    bulkSearchEntries = true
                }
                let version = zoneVersion[stream.layer]
                let before = try c.execute("SELECT coalesce(max(rowid), 0) FROM feature").int64(0, 0) ?? 0
                var inserted = 0
                try stream.forEachChunk { chunk in
                    // One COPY per chunk and table: a COPY is one statement, and the chunk's
                    // history and dossier rows must follow its features (their foreign keys).
                    do {
                        try c.copyIn("COPY feature (\(columns)) FROM STDIN") { out in
                            for made in chunk.features {
                                var feature = made
                                let row = try feature.takeStorageRow()
                                if let version { feature.zoneVersion = version }
                                try out.row(Self.copyFields(feature, row))
                            }
                        }
                    } catch let error as PQError where error.isUniqueViolation {
                        throw StoreError.duplicateID(layer: stream.layer, id: Self.duplicateKey(in: error) ?? "(one of an import's)")
                    }
                    inserted += chunk.features.count
                    if !chunk.transitions.isEmpty {
                        try c.copyIn("COPY case_transition (case_id, at, actor, event, from_status, to_status, note) FROM STDIN") { out in
                            for t in chunk.transitions {
                                try out.row(.text(t.caseID), .text(t.at), .text(t.actor), .text(t.event), t.fromStatus.map(PQValue.text),
                                            .text(t.toStatus), .text(t.note))
                            }
                        }
                    }
                    if !chunk.dossierRecords.isEmpty {
                        do {
                            try c.copyIn("COPY dossier_record (layer, entity_id, kind, date, officer, note, attachments) FROM STDIN") { out in
                                for r in chunk.dossierRecords { try out.row(Self.dossierFields(r)) }
                            }
                        } catch let error as PQError where error.sqlState == "23503" {
                            throw StoreError.notFound(layer: stream.layer, id: "(a dossier record's entity)")
                        }
                    }
                }
                if stream.count == nil, let version {
                    _ = try c.execute("UPDATE import_run SET features = features + $1 WHERE id = $2", [.int(Int64(inserted)), .int(Int64(version))])
                }
                if collectingChanges {
                    // Read back for memory: rowids are the server's, attributes left for first use.
                    let rows = try c.execute("""
                        SELECT rowid, id, ST_AsBinary(geom), category, status, zone_version FROM feature WHERE layer = $1 AND rowid > $2
                        """, [.text(stream.layer.rawValue), .int(before)])
                    for r in 0..<rows.rowCount {
                        let rowid = try rows.int64(r, 0)!, id = rows.string(r, 1)!
                        memory.append(.put(rowid, StoredFeature(
                            layer: stream.layer, id: id, geometry: try Self.geometry(rows.bytes(r, 2), layer: stream.layer, id: id),
                            body: FeatureBody(load: propertiesLoader(rowid: rowid, layer: stream.layer, id: id)),
                            category: rows.string(r, 3), status: rows.string(r, 4), zoneVersion: try rows.int(r, 5) ?? 1)))
                    }
                }

            case .delete(let layer, let id):
                let rows = try c.execute("DELETE FROM feature WHERE layer = $1 AND id = $2 RETURNING rowid", [.text(layer.rawValue), .text(id)])
                guard rows.rowCount == 1, let rowid = try rows.int64(0, 0) else { throw StoreError.notFound(layer: layer, id: id) }
                memory.append(.remove(layer, rowid))

            case .replaceLayer(let layer, let source):
                if layer == .cases {
                    _ = try c.execute("DELETE FROM case_transition WHERE case_id IN (SELECT id FROM feature WHERE layer = 'cases')")
                }
                let removed = try c.execute("DELETE FROM feature WHERE layer = $1 RETURNING rowid", [.text(layer.rawValue)])
                for r in 0..<removed.rowCount { memory.append(.remove(layer, try removed.int64(r, 0)!)) }
                let count = batch.knownCount(of: layer)
                let run = try c.execute("INSERT INTO import_run (layer, source, features) VALUES ($1, $2, $3) RETURNING id",
                                        [.text(layer.rawValue), .text(source), .int(Int64(count))])
                zoneVersion[layer] = try run.int(0, 0)!

            case .transition(let t):
                _ = try c.execute("""
                    INSERT INTO case_transition (case_id, at, actor, event, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [.text(t.caseID), .text(t.at), .text(t.actor), .text(t.event), t.fromStatus.map(PQValue.text), .text(t.toStatus), .text(t.note)])

            case .event(let e):
                _ = try c.execute("""
                    INSERT INTO event (type, subject, at, actor, from_status, to_status, note, fence, once_key)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (once_key) DO NOTHING
                    """, [.text(e.type), .text(e.subject), .text(e.at), .text(e.actor), e.fromStatus.map(PQValue.text),
                          e.toStatus.map(PQValue.text), .text(e.note), e.fence.map(PQValue.text), e.onceKey.map(PQValue.text)])

            case .dossierRecord(let r):
                try Self.refusing(when: { $0.sqlState == "23503" }, as: StoreError.notFound(layer: r.layer, id: r.entityID)) {
                    _ = try c.execute("""
                        INSERT INTO dossier_record (layer, entity_id, kind, date, officer, note, attachments) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
                        """, Self.dossierFields(r))
                }

            case .account(let a):
                try putAccount(a, on: c)

            case .token(let t):
                try putToken(t, on: c)

            case .audit(let e):
                try Self.insertAudit(e, on: c)

            case .officerFix(let f):
                _ = try c.execute("""
                    INSERT INTO officer_fix (officer_id, at, x, y, accuracy, speed) VALUES ($1, $2::timestamptz, $3, $4, $5, $6)
                    """, [.text(f.officerID), .text(StoredTime.text(f.at)), .double(f.x), .double(f.y),
                          f.accuracyMeters.map(PQValue.double), f.speedMetersPerSecond.map(PQValue.double)])
            }
        }
        if bulkSearchEntries { try Self.mergeSearchEntries(c) }
        return memory
    }

    /// A bulk insert's search entries (pg_trgm's trigrams of search_text, most of an import's cost
    /// on the server) go to the GIN index's pending list for the rest of the transaction, up to
    /// 1 GB rather than 4 MB (gin_pending_list_limit), and are merged into the index once at the
    /// end, sorted in 256 MB of work_mem (ginInsertCleanup): 200,000 shops' entries took 3.8 s so
    /// against 4.9 s merged every 4 MB. Until the merge, a search elsewhere reads the pending
    /// list through (the uncommitted rows' entries are skipped as usual); the index is as compact
    /// after the import as before it.
    static func gatherSearchEntries(_ c: PQConnection) throws {
        _ = try c.execute("SET LOCAL gin_pending_list_limit = '1GB'")
        _ = try c.execute("SET LOCAL work_mem = '256MB'")
    }

    /// gin_clean_pending_list may be called by the index's owner only: when CityGrid's role does
    /// not own the schema, the entries are merged as the pending list fills or by autovacuum.
    static func mergeSearchEntries(_ c: PQConnection) throws {
        _ = try c.execute("""
            SELECT gin_clean_pending_list(i.oid) FROM pg_class i
            WHERE i.oid = 'feature_search'::regclass AND pg_has_role(i.relowner, 'USAGE')
            """)
    }

    /// Runs `body`, answering `refusal` for the PostgreSQL errors `matches` picks (a unique or
    /// foreign-key violation the store names in its own terms).
    @discardableResult
    static func refusing<T>(when matches: (PQError) -> Bool, as refusal: StoreError, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PQError where matches(error) {
            throw refusal
        }
    }

    /// A feature's values in `columns`' order; the geometry as EWKB with the working CRS's SRID,
    /// which the column's type modifier requires.
    static func parameters(_ feature: StoredFeature, _ row: StorageRow) -> [PQValue?] {
        [.text(feature.layer.rawValue), .text(feature.id), feature.geometry.map { .bytes($0.wkb(srid: srid)) },
         .text(row.properties), feature.category.map(PQValue.text), feature.status.map(PQValue.text),
         .int(Int64(feature.zoneVersion)), .text(foldingASCII(row.searchText))]
    }

    /// The same for COPY's text format, where a geometry is its EWKB in hex (PostGIS reads that).
    static func copyFields(_ feature: StoredFeature, _ row: StorageRow) -> [PQValue?] {
        var fields = parameters(feature, row)
        fields[2] = feature.geometry.map { .text(hex($0.wkb(srid: srid))) }
        return fields
    }

    static func dossierFields(_ r: DossierRecordRow) -> [PQValue?] {
        let attachments = JSONValue.array(r.attachments.map(JSONValue.string)).jsonString
        return [.text(r.layer.rawValue), .text(r.entityID), .text(r.kind), .text(r.date), .text(r.officer), .text(r.note), .text(attachments)]
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The id in a unique violation's detail: `Key (layer, id)=(cases, C1) already exists.`
    static func duplicateKey(in error: PQError) -> String? {
        guard case .statement(_, _, let detail?, _) = error, let open = detail.range(of: ")=("),
              let close = detail.range(of: ")", range: open.upperBound..<detail.endIndex) else { return nil }
        let pair = detail[open.upperBound..<close.lowerBound]
        return pair.split(separator: ",", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
