import Foundation
import GRDB
import Testing
@testable import CityStore

/// The bulk insert's hand binding checks SQLite's answer to every bind: a parameter the statement
/// does not have is an error naming it, not a row stored with the previous row's value.
struct DirectStatementTests {
    @Test func aBindSQLiteRefusesIsAnErrorAndBoundValuesArriveIntact() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b REAL, c INTEGER, d BLOB)")
            let insert = DirectStatement(statement: try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?)"))
            insert.reset()
            try insert.bind(1, "路长 ✓")
            try insert.bind(2, 2.5)
            try insert.bind(3, Int64(7))
            try insert.bind(4, Data([0, 1, 2]))
            try insert.step(in: db)
            insert.reset()
            try insert.bind(1, "")
            try insert.bind(2, nil as Double?)
            try insert.bind(3, Int64(8))
            try insert.bind(4, nil as Data?)
            #expect(throws: DatabaseError.self) { try insert.bind(5, "no such parameter") }
            #expect(throws: DatabaseError.self) { try insert.bind(0, Int64(1)) }
            try insert.step(in: db)
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, c, d FROM t ORDER BY c")
            #expect(rows.count == 2)
            #expect(rows[0]["a"] as String? == "路长 ✓" && rows[0]["b"] as Double? == 2.5 && rows[0]["d"] as Data? == Data([0, 1, 2]))
            // Empty text is text, not NULL.
            #expect(rows[1]["a"] as String? == "" && rows[1]["b"] as Double? == nil && rows[1]["d"] as Data? == nil)
        }
    }
}
