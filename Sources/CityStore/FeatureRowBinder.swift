import Foundation
import GRDB
import GRDBSQLite

/// Runs the feature INSERT of a bulk load with each value bound straight from the row. GRDB's
/// `StatementArguments` box every value of every row (an array of enums, dynamic casts, retains):
/// on a million-shop import that was a third of the writer thread's own time. The statement stays
/// GRDB's (cached, inside GRDB's transaction); only the binding and stepping are done here.
struct FeatureRowBinder {
    let statement: Statement

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts one row, in the column order of `StoredFeature.arguments`. Throws GRDB's
    /// `DatabaseError` (a constraint names `SQLITE_CONSTRAINT`), as `execute` would.
    func insert(_ feature: StoredFeature, _ row: StorageRow, updatedAt: String, in db: Database) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        bind(s, 1, feature.layer.rawValue)
        bind(s, 2, feature.id)
        if let wkb = row.wkb {
            wkb.withUnsafeBytes { _ = sqlite3_bind_blob(s, 3, $0.baseAddress, Int32($0.count), Self.transient) }
        } else {
            sqlite3_bind_null(s, 3)
        }
        let e = row.envelope
        for (k, v) in [e.minX, e.minY, e.maxX, e.maxY].enumerated() {
            if e.isEmpty { sqlite3_bind_null(s, Int32(4 + k)) } else { sqlite3_bind_double(s, Int32(4 + k), v) }
        }
        bind(s, 8, row.properties)
        bind(s, 9, feature.category)
        bind(s, 10, feature.status)
        sqlite3_bind_int64(s, 11, Int64(feature.zoneVersion))
        bind(s, 12, updatedAt)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    private func bind(_ s: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(s, index)
            return
        }
        text.withUTF8 { u in
            u.withMemoryRebound(to: CChar.self) { c in
                if let address = c.baseAddress {
                    _ = sqlite3_bind_text(s, index, address, Int32(c.count), Self.transient)
                } else {
                    // No address for empty text: a NULL pointer would bind SQL NULL.
                    _ = sqlite3_bind_text(s, index, "", 0, Self.transient)
                }
            }
        }
    }
}
