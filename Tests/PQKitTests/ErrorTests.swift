import PQKit
import Testing
import TestSupport

@Suite("Errors from the server", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct ErrorTests {
    @Test func aUniqueViolationCarriesItsSQLStateAndStatement() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE grid_cell (code text PRIMARY KEY)")
            let insert = "INSERT INTO grid_cell (code) VALUES ($1)"
            try db.execute(insert, ["320102-001"])
            let error = #expect(throws: PQError.self) { try db.execute(insert, ["320102-001"]) }
            guard let error, case .statement(let sqlState, let message, let detail, let statement) = error else {
                Issue.record("expected a statement error, got \(String(describing: error))")
                return
            }
            #expect(sqlState == "23505")
            #expect(error.sqlState == "23505")
            #expect(error.isUniqueViolation)
            #expect(!error.isSerializationFailure)
            #expect(!error.isConnectionFailure)
            #expect(message.contains("grid_cell_pkey"))
            #expect(detail?.contains("320102-001") == true)
            #expect(statement == insert)
            #expect(error.description.contains("23505") && error.description.contains(insert))
            // The connection stays usable after a statement error.
            #expect(try db.execute("SELECT count(*) FROM grid_cell").int(0, 0) == 1)
        }
    }

    @Test func aSyntaxErrorQuotesTheFirst200CharactersOfTheStatement() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let sql = "SELEKT 1 " + String(repeating: "-- padding ", count: 50)
            let error = #expect(throws: PQError.self) { try db.execute(sql) }
            guard case .statement(let sqlState, _, _, let statement)? = error else {
                Issue.record("expected a statement error, got \(String(describing: error))")
                return
            }
            #expect(sqlState == "42601")
            #expect(statement.hasPrefix("SELEKT 1 "))
            #expect(statement.count == 201)  // 200 characters and an ellipsis
        }
    }
}
