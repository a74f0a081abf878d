import Foundation
import PQKit
import Testing
import TestSupport

/// Rows in binary format (`resultFormat: .binary`) read by the same accessors as text: each value
/// checked against the same statement's text-format answer, so both readings agree by construction.
@Suite("Binary-format results", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct BinaryResultTests {
    static let select = """
        SELECT (-2)::int2, 70000::int4, (-9000000000)::int8, 1.25::float8, (-2.5)::float4, true, false,
               'ab c 城管'::text, '\\x0001ff'::bytea, NULL::int8, NULL::text, '42'::text,
               ST_GeomFromText('POINT(1 2)', 4549)
        """

    @Test func everyTypeReadsAsInTextFormat() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let text = try db.execute(Self.select)
            let binary = try db.execute(Self.select, [], resultFormat: .binary)
            #expect(try binary.int64(0, 0) == -2 && text.int64(0, 0) == -2)
            #expect(try binary.int64(0, 1) == 70000 && text.int64(0, 1) == 70000)
            #expect(try binary.int64(0, 2) == -9_000_000_000 && text.int64(0, 2) == -9_000_000_000)
            #expect(try binary.double(0, 3) == 1.25 && text.double(0, 3) == 1.25)
            #expect(try binary.double(0, 4) == -2.5 && text.double(0, 4) == -2.5)
            #expect(try binary.bool(0, 5) == true && text.bool(0, 5) == true)
            #expect(try binary.bool(0, 6) == false && text.bool(0, 6) == false)
            #expect(binary.string(0, 7) == "ab c 城管" && text.string(0, 7) == "ab c 城管")
            #expect(binary.bytes(0, 8) == [0, 1, 255] && text.bytes(0, 8) == [0, 1, 255])
            #expect(try binary.int64(0, 9) == nil && binary.string(0, 10) == nil)
            // A number held in a text column is parsed as text in either format.
            #expect(try binary.int64(0, 11) == 42 && text.int64(0, 11) == 42)
            // A geometry comes as its EWKB (geometry_send), the text format's hex decoded.
            let ewkb = binary.withBytes(0, 12) { $0.map(Array.init) }
            let hex = text.string(0, 12)!
            #expect(ewkb?.map { String(format: "%02X", $0) }.joined() == hex)
            #expect(binary.withBytes(0, 10) { $0 == nil })
        }
    }
}
