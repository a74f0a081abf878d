import PQKit
import Testing
import TestSupport

@Suite("COPY FROM STDIN", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct CopyTests {
    /// Texts that COPY's text format must escape or could misread: its four escaped characters,
    /// a literal `\N` (text, not NULL), an end-of-data marker `\.`, the empty string, Chinese.
    static let awkwardTexts = [
        "", "\\", "\\N", "\\.", "tab\there", "line\nbreak", "carriage\rreturn", "\r\n", "trailing\\",
        "网格员 王五", "路长\t张三\\李四\n", "😀 e\u{301}", "'quoted' \"twice\"",
    ]

    struct Row: Equatable {
        var id: Int64
        var name: String
        var note: String?
        var payload: [UInt8]?
        var ratio: Double?
        var measure: Double
    }

    /// Row `id` of the seeded data set.
    static func row(_ id: Int64, _ random: inout SplitMix64) -> Row {
        var name = awkwardTexts[random.next(awkwardTexts.count)]
        name += String(id)
        let note: String? = random.next(4) == 0 ? nil : awkwardTexts[random.next(awkwardTexts.count)]
        let payload: [UInt8]? = random.next(5) == 0 ? nil : (0..<random.next(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        // Multiples of 1/1024 under 2^25 in magnitude: 100,000 of them sum exactly in any order.
        let ratio: Double? = random.next(6) == 0 ? nil : Double(Int64(bitPattern: random.next()) >> 28) / 1024
        // Any finite double: its shortest text must read back to the same bits.
        var measure = Double(bitPattern: random.next())
        if !measure.isFinite { measure = -0.0 }
        return Row(id: id, name: name, note: note, payload: payload, ratio: ratio, measure: measure)
    }

    @Test func oneHundredThousandRowsArriveIntact() throws {
        let seed = TestSeed.value("CopyTests.oneHundredThousandRowsArriveIntact")
        var random = SplitMix64(seed: seed)
        let rows = (1...100_000).map { Self.row(Int64($0), &random) }
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE shop (id bigint PRIMARY KEY, name text NOT NULL, note text, payload bytea, ratio float8, measure float8 NOT NULL)")
            let written = try db.copyIn("COPY shop (id, name, note, payload, ratio, measure) FROM STDIN") { writer in
                for row in rows {
                    try writer.row(.int(row.id), .text(row.name), row.note.map(PQValue.text),
                                   row.payload.map(PQValue.bytes), row.ratio.map(PQValue.double), .double(row.measure))
                }
                #expect(writer.rowCount == rows.count)
            }
            #expect(written == rows.count)

            // Sums the server computes, against the same sums computed here.
            let sums = try db.execute("""
                SELECT count(*), sum(id), sum(octet_length(name)), count(note), sum(octet_length(note)),
                       count(payload), sum(octet_length(payload)), count(ratio), sum(ratio)
                FROM shop
                """)
            #expect(try sums.int(0, 0) == rows.count)
            #expect(try sums.int64(0, 1) == rows.reduce(0) { $0 + $1.id })
            #expect(try sums.int(0, 2) == rows.reduce(0) { $0 + $1.name.utf8.count })
            #expect(try sums.int(0, 3) == rows.count(where: { $0.note != nil }))
            #expect(try sums.int(0, 4) == rows.reduce(0) { $0 + ($1.note?.utf8.count ?? 0) })
            #expect(try sums.int(0, 5) == rows.count(where: { $0.payload != nil }))
            #expect(try sums.int(0, 6) == rows.reduce(0) { $0 + ($1.payload?.count ?? 0) })
            #expect(try sums.int(0, 7) == rows.count(where: { $0.ratio != nil }))
            #expect(try sums.double(0, 8) == rows.reduce(0) { $0 + ($1.ratio ?? 0) })

            // And every value, read back.
            let stored = try db.execute("SELECT id, name, note, payload, ratio, measure FROM shop ORDER BY id")
            #expect(stored.rowCount == rows.count)
            var mismatches = 0
            for (index, row) in rows.enumerated() where index < stored.rowCount {
                let read = Row(id: try stored.int64(index, 0)!, name: stored.string(index, 1)!, note: stored.string(index, 2),
                               payload: stored.bytes(index, 3), ratio: try stored.double(index, 4),
                               measure: try stored.double(index, 5)!)
                if read != row {
                    mismatches += 1
                    if mismatches <= 5 { Issue.record("row \(row.id): wrote \(row), read \(read) (SEED=\(seed))") }
                }
            }
            #expect(mismatches == 0)
        }
    }

    struct ProducerFailed: Error {}

    @Test func aThrowingProducerAbortsTheCopyAndLeavesTheConnectionUsable() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE shop (id bigint, name text)")
            // Over 1 MiB before the throw, so that some rows already reached the server.
            let filler = String(repeating: "网", count: 1000)
            #expect(throws: ProducerFailed.self) {
                try db.copyIn("COPY shop (id, name) FROM STDIN") { writer in
                    for id in 0..<1000 { try writer.row(.int(Int64(id)), .text(filler)) }
                    throw ProducerFailed()
                }
            }
            #expect(!db.isConnectionBad)
            #expect(try db.execute("SELECT count(*) FROM shop").int(0, 0) == 0)
            // The same connection copies again.
            let written = try db.copyIn("COPY shop (id, name) FROM STDIN") { writer in
                try writer.row(1, "one")
                try writer.append(2)
                try writer.append(nil)
                try writer.endRow()
            }
            #expect(written == 2)
            #expect(try db.execute("SELECT count(*), count(name) FROM shop").int(0, 1) == 1)
        }
    }

    @Test func aRowTheServerRejectsFailsTheWholeCopy() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            try db.execute("CREATE TABLE shop (id bigint, name text)")
            let error = #expect(throws: PQError.self) {
                try db.copyIn("COPY shop (id, name) FROM STDIN") { writer in
                    try writer.row(1, "fine")
                    try writer.row("not a number", "bad")
                    try writer.row(3, "fine too")
                }
            }
            #expect(error?.sqlState == "22P02")  // invalid_text_representation
            #expect(try db.execute("SELECT count(*) FROM shop").int(0, 0) == 0)
        }
    }
}
