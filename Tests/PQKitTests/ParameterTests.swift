import PQKit
import Testing
import TestSupport

@Suite("Parameters and values", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct ParameterTests {
    /// Chinese, the four characters COPY escapes, a backslash-N that must stay text, quotes, an
    /// emoji (four UTF-8 bytes) and a combining accent.
    static let awkwardText = "网格 320102-007\t路长:张三\n备注\\李四\r\n\\N 'single' \"double\" 😀 e\u{301}"
    static let allBytes = (0...255).map(UInt8.init)

    @Test func valuesRoundTripThroughASelect() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let result = try db.execute(
                "SELECT $1::text, $2::int8, $3::int8, $4::bytea, $5::text, $6::bool, $7::bool, $8::int8, $9::bytea",
                [.text(Self.awkwardText), .int(.min), .int(.max), .bytes(Self.allBytes), nil, true, false,
                 PQValue(Int.max), .bytes([])])
            #expect(result.rowCount == 1)
            #expect(result.columnCount == 9)
            #expect(result.string(0, 0) == Self.awkwardText)
            #expect(try result.int64(0, 1) == .min)
            #expect(try result.int64(0, 2) == .max)
            #expect(result.bytes(0, 3) == Self.allBytes)
            #expect(result.isNull(0, 4) == true)  // `== true`: #expect cannot take a ~Copyable receiver apart
            #expect(result.string(0, 4) == nil)
            #expect(try result.bool(0, 5) == true)
            #expect(try result.bool(0, 6) == false)
            #expect(try result.int(0, 7) == .max)
            #expect(result.bytes(0, 8) == [])
        }
    }

    @Test func doublesRoundTripExactly() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let doubles: [Double] = [0, -0.0, 0.1, 1.0 / 3, -1.5e300, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                     .greatestFiniteMagnitude, -.pi, .infinity, -.infinity]
            for value in doubles {
                let read = try db.execute("SELECT $1::float8", [.double(value)]).double(0, 0)
                #expect(read?.bitPattern == value.bitPattern, "\(value) came back as \(String(describing: read))")
            }
            #expect(try db.execute("SELECT $1::float8", [.double(.nan)]).double(0, 0)?.isNaN == true)
        }
    }

    @Test func valuesRoundTripThroughATable() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE sample (label text, amount bigint, small integer, ratio float8, payload bytea, flag boolean)")
            // The integer column takes an Int parameter without a cast: text parameters are typed by the server.
            let inserted = try db.execute("INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6)",
                                          [.text(Self.awkwardText), .int(-9_007_199_254_740_993), 42, 2.5, .bytes(Self.allBytes), nil])
            #expect(inserted.affectedRows == 1)
            #expect(inserted.commandTag == "INSERT 0 1")
            let row = try db.execute("""
                SELECT label, amount, small, ratio, payload, flag, length(label), octet_length(label), octet_length(payload)
                FROM sample
                """)
            #expect(row.column(named: "payload") == 4)
            #expect(row.column(named: "absent") == nil)
            #expect(row.columnName(6) == "length")
            #expect(row.string(0, 0) == Self.awkwardText)
            #expect(try row.int64(0, 1) == -9_007_199_254_740_993)
            #expect(try row.int(0, 2) == 42)
            #expect(try row.double(0, 3) == 2.5)
            #expect(row.bytes(0, 4) == Self.allBytes)
            #expect(try row.bool(0, 5) == nil)
            // The server counts code points and bytes as Swift does.
            #expect(try row.int(0, 6) == Self.awkwardText.unicodeScalars.count)
            #expect(try row.int(0, 7) == Self.awkwardText.utf8.count)
            #expect(try row.int(0, 8) == 256)
        }
    }

    @Test func aValueOfTheWrongTypeNamesItsColumn() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let result = try db.execute("SELECT 'abc' AS code")
            let error = #expect(throws: PQError.self) { try result.int64(0, 0) }
            #expect(error == .unexpectedValue(row: 0, column: "code", expected: "an integer", text: "abc"))
        }
    }

    @Test func aTextParameterWithANulIsRefusedBeforeSending() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let error = #expect(throws: PQError.self) { try db.execute("SELECT $1::text, $2::text", ["ok", "a\u{0}b"]) }
            guard case .invalidParameter(let index, _, let statement)? = error else {
                Issue.record("expected invalidParameter, got \(String(describing: error))")
                return
            }
            #expect(index == 1)
            #expect(statement == "SELECT $1::text, $2::text")
        }
    }

    @Test func escapedIdentifiersQuoteAsPostgreSQLDoes() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            #expect(try db.escapeIdentifier("grid_cell") == "\"grid_cell\"")
            #expect(try db.escapeIdentifier("路长 \"A\"") == "\"路长 \"\"A\"\"\"")
            let name = try db.escapeIdentifier("Weird \"Table\"")
            try db.execute("CREATE TABLE \(name) (id int)")
            #expect(try db.execute("SELECT count(*) FROM pg_tables WHERE tablename = $1", ["Weird \"Table\""]).int(0, 0) == 1)
        }
    }
}
