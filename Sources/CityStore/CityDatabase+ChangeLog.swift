import CityModel
import Foundation
import GeoCore
import GRDB

/// The change log on SQLite: `changeLog` (migration v6), one row per committed batch, its
/// AUTOINCREMENT sequence never reused. Every writer of the file, this process or another (the
/// command line beside a server), appends in the transaction of its batch, and SQLite's one
/// writer lock makes the sequence follow commit order.
extension CityDatabase {
    /// Appends the batch's entry as the transaction's first write, which takes the writer lock
    /// (under a deferred transaction too), and answers the new sequence and the log's end before it.
    func appendLogEntry(_ entry: ChangeLogEntry, in db: Database) throws -> (sequence: Int64, previous: Int64) {
        try db.execute(sql: "INSERT INTO changeLog (at, entry) VALUES (?, ?)", arguments: [Self.timestamp(Date()), entry.json])
        let sequence = db.lastInsertedRowID
        let previous = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM changeLog WHERE seq < ?", arguments: [sequence]) ?? 0
        return (sequence, previous)
    }

    static func logEnd(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM changeLog") ?? 0
    }

    func changes(after sequence: Int64, in db: Database) throws -> ChangeSet {
        var merged = ChangeLogEntry()
        var end = sequence
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, entry FROM changeLog WHERE seq > ? ORDER BY seq", arguments: [sequence])
        while let row = try rows.next() {
            end = row[0]
            merged.merge(try ChangeLogEntry(json: row[1], sequence: end))
        }
        let statement = try db.cachedStatement(sql: """
            SELECT rowid, geometry, category, status, zoneVersion, properties FROM feature WHERE layer = ? AND id = ?
            """)
        return try ChangeSet(sequence: end, entry: merged, load: { try loadAll(db, layers: $0) }, rows: { layer, ids in
            var found: [String: (Int64, StoredFeature)] = [:]
            for id in ids {
                guard let row = try Row.fetchOne(statement, arguments: [layer.rawValue, id]) else { continue }
                // A few rows: their attributes are read now, in this snapshot, not on first use.
                let properties: String = row[5]
                found[id] = (row[0], StoredFeature(layer: layer, id: id, geometry: try Self.geometry(row, at: 1, layer: layer, id: id),
                                                   body: FeatureBody(properties: Array(properties.utf8)),
                                                   category: row[2], status: row[3], zoneVersion: row[4]))
            }
            return found
        }, accounts: { try loadAccounts(db) })
    }

    /// The WKB geometry in column `index` of `row`, or nil for NULL.
    static func geometry(_ row: Row, at index: Int, layer: Layer, id: String) throws -> Geometry? {
        do {
            return try row.withUnsafeData(atIndex: index) { blob in
                try blob?.withUnsafeBytes { try Geometry.parseWKB($0).geometry }
            }
        } catch {
            throw StoreError.corruptGeometry(layer: layer, id: id, reason: "\(error)")
        }
    }
}
