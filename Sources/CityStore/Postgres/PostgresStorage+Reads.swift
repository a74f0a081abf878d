import CityModel
import Foundation
import GeoCore
import PQKit

extension PostgresStorage: CityStorage {
    public func logEnd() throws -> Int64 {
        try translating { try readers.read { c in try Self.logEnd(c) } }
    }

    static func logEnd(_ c: PQConnection) throws -> Int64 {
        try c.execute("SELECT coalesce(max(seq), 0) FROM change_log").int64(0, 0) ?? 0
    }

    public func loadFeatures() throws -> [Layer: [(Int64, StoredFeature)]] {
        try translating { try readers.read { c in try loadAll(c, layers: nil) } }
    }

    public func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]] {
        try translating { try readers.read { c in try loadAll(c, layers: layers) } }
    }

    /// Filter fields and geometry of every feature (of `layers`), attributes left to be read on
    /// first use, as the SQLite store loads. The rows come in binary format: the geometry as its
    /// EWKB (geometry_send), parsed where libpq holds it, and integers as bytes. In text format the
    /// server spelled every geometry in hex (ST_AsBinary, byteaout) and this side unescaped and
    /// copied it and parsed every number: a node opening 200,000 cases spent 1.5 s there against
    /// SQLite's 0.7 s (scripts/bench-open).
    func loadAll(_ c: PQConnection, layers: Set<Layer>?) throws -> [Layer: [(Int64, StoredFeature)]] {
        var sql = "SELECT rowid, layer, id, geom, category, status, zone_version FROM feature"
        var parameters: [PQValue?] = []
        if let layers {
            sql += " WHERE layer = ANY($1::text[])"
            parameters.append(.text("{" + layers.map(\.rawValue).sorted().joined(separator: ",") + "}"))
        }
        let rows = try c.execute(sql, parameters, resultFormat: .binary)
        var byLayer: [Layer: [(Int64, StoredFeature)]] = [:]
        var layer = Layer.grids, layerName = ""
        for r in 0..<rows.rowCount {
            let rowid = try rows.int64(r, 0)!
            let name = rows.string(r, 1)!, id = rows.string(r, 2)!
            if name != layerName {
                guard let known = Layer(rawValue: name) else {
                    throw StoreError.corruptGeometry(layer: .grids, id: id, reason: "unknown layer \(name)")
                }
                layer = known
                layerName = name
            }
            let geometry: Geometry?
            do {
                geometry = try rows.withBytes(r, 3) { bytes throws(GeoCoreError) -> Geometry? in
                    guard let bytes else { return nil }
                    return try Geometry.parseWKB(bytes).geometry
                }
            } catch {
                throw StoreError.corruptGeometry(layer: layer, id: id, reason: "\(error)")
            }
            let feature = StoredFeature(layer: layer, id: id, geometry: geometry,
                                        body: FeatureBody(load: propertiesLoader(rowid: rowid, layer: layer, id: id)),
                                        category: rows.string(r, 4), status: rows.string(r, 5), zoneVersion: try rows.int(r, 6) ?? 1)
            byLayer[layer, default: []].append((rowid, feature))
        }
        return byLayer
    }

    static func geometry(_ wkb: [UInt8]?, layer: Layer, id: String) throws -> Geometry? {
        guard let wkb else { return nil }
        do { return try Geometry.parseWKB(wkb).geometry } catch {
            throw StoreError.corruptGeometry(layer: layer, id: id, reason: "\(error)")
        }
    }

    /// One feature's attributes when first asked for: by rowid (never reused here), else by layer
    /// and id (the entity was rewritten since memory loaded it).
    func propertiesLoader(rowid: Int64, layer: Layer, id: String) -> FeatureBody.Loader {
        let readers = self.readers, location = self.location
        return {
            do {
                return try readers.read { c in
                    let byRowid = try c.execute("SELECT properties::text FROM feature WHERE rowid = $1 AND layer = $2 AND id = $3",
                                                [.int(rowid), .text(layer.rawValue), .text(id)])
                    if byRowid.rowCount == 1, let text = byRowid.string(0, 0) { return Array(text.utf8) }
                    let byID = try c.execute("SELECT properties::text FROM feature WHERE layer = $1 AND id = $2",
                                             [.text(layer.rawValue), .text(id)])
                    guard byID.rowCount == 1, let text = byID.string(0, 0) else { throw StoreError.notFound(layer: layer, id: id) }
                    return Array(text.utf8)
                }
            } catch let error as PQError {
                throw PostgresStorage.storeError(error, location: location)
            }
        }
    }

    public func forEachProperties(of layer: Layer, _ body: (Int64, [UInt8]) throws -> Void) throws {
        try translating {
            try readers.read { c in
                let rows = try c.execute("SELECT rowid, properties::text FROM feature WHERE layer = $1", [.text(layer.rawValue)])
                for r in 0..<rows.rowCount { try body(try rows.int64(r, 0)!, Array(rows.string(r, 1)!.utf8)) }
            }
        }
    }

    /// Read in one REPEATABLE READ transaction: the log and the rows as of one snapshot.
    public func changes(after sequence: Int64) throws -> ChangeSet {
        try translating {
            try readers.read { c in
                _ = try c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                defer { _ = try? c.execute("COMMIT") }
                var merged = ChangeLogEntry()
                var end = sequence
                let log = try c.execute("SELECT seq, entry::text FROM change_log WHERE seq > $1 ORDER BY seq", [.int(sequence)])
                for r in 0..<log.rowCount {
                    end = try log.int64(r, 0)!
                    merged.merge(try ChangeLogEntry(json: log.string(r, 1)!, sequence: end))
                }
                return try ChangeSet(sequence: end, entry: merged, load: { try loadAll(c, layers: $0) }, rows: { layer, ids in
                    let rows = try c.execute("""
                        SELECT rowid, id, ST_AsBinary(geom), category, status, zone_version, properties::text
                        FROM feature WHERE layer = $1 AND id = ANY($2::text[])
                        """, [.text(layer.rawValue), .text(Self.textArray(ids.sorted()))])
                    var found: [String: (Int64, StoredFeature)] = [:]
                    for r in 0..<rows.rowCount {
                        let id = rows.string(r, 1)!
                        found[id] = (try rows.int64(r, 0)!, StoredFeature(
                            layer: layer, id: id, geometry: try Self.geometry(rows.bytes(r, 2), layer: layer, id: id),
                            body: FeatureBody(properties: Array(rows.string(r, 6)!.utf8)),
                            category: rows.string(r, 3), status: rows.string(r, 4), zoneVersion: try rows.int(r, 5) ?? 1))
                    }
                    return found
                }, accounts: { try loadAccounts(c) })
            }
        }
    }

    /// A text[] literal: every element quoted, `"` and `\` escaped (array_in's rules).
    static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// LISTEN on the listener connection; the log's end is checked first and after each wake-up,
    /// so a notification missed while reconnecting costs nothing.
    public func waitForChanges(after sequence: Int64, timeout: Duration) throws -> Bool {
        try translating {
            try listener.withConnection { c in
                if try Self.logEnd(c) > sequence { return true }
                // LISTEN is idempotent: renewed on every wait, it survives a reset connection.
                _ = try c.execute("LISTEN \(Self.channel)")
                if try Self.logEnd(c) > sequence { return true }
                _ = try c.waitForNotifications(timeout: timeout)
                return try Self.logEnd(c) > sequence
            }
        }
    }

    public func transitions(caseID: String) throws -> [CaseTransitionRow] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT case_id, at, actor, event, from_status, to_status, note FROM case_transition WHERE case_id = $1 ORDER BY id
                    """, [.text(caseID)])
                return (0..<rows.rowCount).map { r in
                    CaseTransitionRow(caseID: rows.string(r, 0)!, at: rows.string(r, 1)!, actor: rows.string(r, 2)!, event: rows.string(r, 3)!,
                                      fromStatus: rows.string(r, 4), toStatus: rows.string(r, 5)!, note: rows.string(r, 6) ?? "")
                }
            }
        }
    }

    public func events(after id: Int64, limit: Int) throws -> [LoggedEvent] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT id, type, subject, at, actor, from_status, to_status, note, fence, once_key FROM event
                    WHERE id > $1 ORDER BY id LIMIT $2
                    """, [.int(id), .int(Int64(limit))])
                return try (0..<rows.rowCount).map { r in
                    LoggedEvent(id: try rows.int64(r, 0)!, row: EventRow(
                        type: rows.string(r, 1)!, subject: rows.string(r, 2)!, at: rows.string(r, 3)!, actor: rows.string(r, 4) ?? "",
                        fromStatus: rows.string(r, 5), toStatus: rows.string(r, 6), note: rows.string(r, 7) ?? "",
                        fence: rows.string(r, 8), onceKey: rows.string(r, 9)))
                }
            }
        }
    }

    public func lastEventID() throws -> Int64 {
        try translating { try readers.read { c in try c.execute("SELECT coalesce(max(id), 0) FROM event").int64(0, 0) ?? 0 } }
    }

    public func emittedOnceKeys(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try translating {
            try readers.read { c in
                let rows = try c.execute("SELECT once_key FROM event WHERE once_key = ANY($1::text[])", [.text(Self.textArray(keys))])
                return Set((0..<rows.rowCount).compactMap { rows.string($0, 0) })
            }
        }
    }

    public func watchSince(_ name: String, now: Date) throws -> Date {
        try translating {
            try writer.withConnection { c in
                _ = try c.execute("INSERT INTO event_watch (name, since) VALUES ($1, $2::timestamptz) ON CONFLICT (name) DO NOTHING",
                                  [.text(name), .text(StoredTime.text(now))])
                let r = try c.execute("SELECT (extract(epoch FROM since) * 1000)::bigint FROM event_watch WHERE name = $1", [.text(name)])
                return try r.int64(0, 0).map(StoredTime.date(milliseconds:)) ?? now
            }
        }
    }

    public func transitionCount() throws -> Int {
        try translating { try readers.read { c in try c.execute("SELECT count(*) FROM case_transition").int(0, 0) ?? 0 } }
    }

    public func dossier(layer: Layer, entityID: String) throws -> [DossierRecordRow] {
        try translating {
            try readers.read { c in
                let rows = try c.execute("""
                    SELECT kind, date, officer, note, attachments::text FROM dossier_record
                    WHERE layer = $1 AND entity_id = $2 ORDER BY date, id
                    """, [.text(layer.rawValue), .text(entityID)])
                return (0..<rows.rowCount).map { r in
                    let attachments = (try? JSONValue(parsing: rows.string(r, 4) ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
                    return DossierRecordRow(layer: layer, entityID: entityID, kind: rows.string(r, 0)!, date: rows.string(r, 1)!,
                                            officer: rows.string(r, 2) ?? "", note: rows.string(r, 3) ?? "", attachments: attachments)
                }
            }
        }
    }

    /// A substring of the id or a text attribute, ASCII letters in either case, as the SQLite
    /// store's trigram index answers (`LIKE`); the trigram GIN index serves `LIKE` too. Best
    /// trigram similarity first (SQLite ranks by bm25: the same matches, perhaps in another order).
    public func search(_ text: String, layer: Layer?, limit: Int) throws -> [(layer: Layer, id: String)] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        var escaped = ""
        for ch in trimmed {
            if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
            escaped.append(ch)
        }
        // SQLite's LIKE folds ASCII letters only (ILIKE would fold every letter, É and é too):
        // the column holds the text with ASCII letters folded (`searchColumn`), the pattern is
        // folded the same way, and a case-sensitive LIKE, which the trigram index serves, compares.
        return try translating {
            try readers.read { c in
                var sql = "SELECT layer, id FROM feature WHERE search_text LIKE $1"
                var parameters: [PQValue?] = [.text("%" + Self.foldingASCII(escaped) + "%")]
                if let layer {
                    sql += " AND layer = $3"
                    parameters.append(.text(trimmed))
                    parameters.append(.text(layer.rawValue))
                } else {
                    parameters.append(.text(trimmed))
                }
                sql += " ORDER BY similarity(search_text, $2) DESC, rowid LIMIT \(max(0, limit))"
                let rows = try c.execute(sql, parameters)
                return (0..<rows.rowCount).compactMap { r in
                    Layer(rawValue: rows.string(r, 0)!).map { ($0, rows.string(r, 1)!) }
                }
            }
        }
    }

    /// ASCII letters in lower case, every other character as it is: what SQLite's LIKE compares.
    static func foldingASCII(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for i in bytes.indices where (0x41...0x5A).contains(bytes[i]) { bytes[i] += 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func storedCount(_ layer: Layer) throws -> Int {
        try translating {
            try readers.read { c in try c.execute("SELECT count(*) FROM feature WHERE layer = $1", [.text(layer.rawValue)]).int(0, 0) ?? 0 }
        }
    }

    public func lastImportRun() throws -> Int {
        try translating { try readers.read { c in try c.execute("SELECT coalesce(max(id), 0) FROM import_run").int(0, 0) ?? 0 } }
    }
}
