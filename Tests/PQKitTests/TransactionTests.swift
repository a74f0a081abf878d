import PQKit
import Testing
import TestSupport

@Suite("Transactions", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct TransactionTests {
    struct Abandoned: Error {}

    @Test func aThrowRollsBackAndAReturnCommits() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let other = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE road_segment (id int)")
            #expect(throws: Abandoned.self) {
                try db.transaction {
                    try db.execute("INSERT INTO road_segment VALUES (1)")
                    throw Abandoned()
                }
            }
            #expect(try db.execute("SELECT count(*) FROM road_segment").int(0, 0) == 0)

            let inserted = try db.transaction {
                try db.execute("INSERT INTO road_segment VALUES (1), (2)").affectedRows
            }
            #expect(inserted == 2)
            // Committed: another connection sees the rows.
            #expect(try other.execute("SELECT count(*) FROM road_segment").int(0, 0) == 2)
        }
    }

    /// A statement error caught inside the body leaves the server's transaction aborted; COMMIT
    /// would quietly roll back, so `transaction` throws instead.
    @Test func aCaughtStatementErrorStillFailsTheTransaction() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE road_segment (id int PRIMARY KEY)")
            let error = #expect(throws: PQError.self) {
                try db.transaction {
                    try db.execute("INSERT INTO road_segment VALUES (1)")
                    _ = try? db.execute("INSERT INTO road_segment VALUES (1)")
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try db.execute("SELECT count(*) FROM road_segment").int(0, 0) == 0)
        }
    }

    @Test func aScriptRunsSeveralStatements() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let last = try db.executeScript("""
                CREATE TABLE a (id int);
                INSERT INTO a VALUES (1), (2), (3);
                SELECT sum(id) FROM a;
                """)
            #expect(try last.int(0, 0) == 6)
        }
    }
}
