import Foundation
import GRDB
import GRDBSQLite

/// A cached GRDB statement run with its values bound straight from Swift values, for the inserts
/// a bulk load repeats a million times. GRDB's `StatementArguments` box every value of every row
/// (an array of enums, dynamic casts, retains): that was a third of the writer thread's own time
/// on a million-shop import. The statement stays GRDB's (cached, inside GRDB's transaction); only
/// the binding and stepping are done here.
struct DirectStatement {
    let statement: Statement

    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// Starts a new row: the previous one's bindings are replaced one by one.
    func reset() { sqlite3_reset(handle) }

    // Every bind's result is checked: SQLITE_RANGE (a parameter the SQL lacks), SQLITE_TOOBIG or
    // SQLITE_NOMEM would otherwise leave the previous row's value bound and store it silently.
    func bind(_ index: Int32, _ text: String?) throws {
        guard var text else { return try check(sqlite3_bind_null(handle, index), index) }
        let code = text.withUTF8 { u in
            u.withMemoryRebound(to: CChar.self) { c in
                guard let address = c.baseAddress else {
                    // No address for empty text: a NULL pointer would bind SQL NULL.
                    return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
                return sqlite3_bind_text(handle, index, address, Int32(c.count), Self.transient)
            }
        }
        try check(code, index)
    }

    func bind(_ index: Int32, _ value: Double?) throws {
        try check(value.map { sqlite3_bind_double(handle, index, $0) } ?? sqlite3_bind_null(handle, index), index)
    }

    func bind(_ index: Int32, _ value: Int64) throws { try check(sqlite3_bind_int64(handle, index, value), index) }

    func bind(_ index: Int32, _ blob: Data?) throws {
        guard let blob else { return try check(sqlite3_bind_null(handle, index), index) }
        try check(blob.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }, index)
    }

    private func check(_ code: Int32, _ index: Int32) throws {
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding parameter \(index): \(message)", sql: statement.sql)
        }
    }

    /// Runs the statement to its end. Throws GRDB's `DatabaseError` (a constraint names
    /// `SQLITE_CONSTRAINT`), as `execute` would.
    func step(in db: Database) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
