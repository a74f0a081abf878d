import Testing
import TestSupport
@testable import GeoCore

@Suite struct WKBTests {
    /// Byte strings from the OGC 06-103r4 layout and PostGIS's documented EWKB, written out by hand.
    static let known: [(hex: String, geometry: Geometry, srid: Int32?)] = [
        ("0101000000000000000000F03F0000000000000040", .point(Point(x: 1, y: 2)), nil),
        ("00000000013FF00000000000004000000000000000", .point(Point(x: 1, y: 2)), nil),
        ("0101000020E6100000000000000000F03F0000000000000040", .point(Point(x: 1, y: 2)), 4326),
        ("0020000001000010E63FF00000000000004000000000000000", .point(Point(x: 1, y: 2)), 4326),
        ("01E9030000000000000000F03F00000000000000400000000000000840", .point(Point(x: 1, y: 2, z: 3)), nil),
        ("0101000080000000000000F03F00000000000000400000000000000840", .point(Point(x: 1, y: 2, z: 3)), nil),
        ("01010000A0C5110000000000000000F03F00000000000000400000000000000840", .point(Point(x: 1, y: 2, z: 3)), 4549),
        ("01D1070000000000000000F03F00000000000000400000000000002240", .point(Point(x: 1, y: 2)), nil),
        ("01B90B0000000000000000F03F000000000000004000000000000008400000000000002240", .point(Point(x: 1, y: 2, z: 3)), nil),
        ("010200000002000000000000000000F03F000000000000004000000000000008400000000000001040",
         .lineString(LineString([Point(x: 1, y: 2), Point(x: 3, y: 4)])), nil),
        ("0101000000000000000000F87F000000000000F87F", .multiPoint(MultiPoint([])), nil),
        ("010300000000000000", .polygon(Polygon(exterior: LinearRing([]))), nil),
        ("010700000000000000", .geometryCollection(GeometryCollection([])), nil),
        ("010400000002000000" + "0101000000000000000000F03F0000000000000040" + "010100000000000000000008400000000000001040",
         .multiPoint(MultiPoint([Point(x: 1, y: 2), Point(x: 3, y: 4)])), nil),
        ("01030000000100000005000000000000000000000000000000000000000000000000000000000000000000F03F000000000000F03F000000000000F03F000000000000F03F000000000000000000000000000000000000000000000000",
         .polygon(Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 0, y: 1), Point(x: 1, y: 1), Point(x: 1, y: 0), Point(x: 0, y: 0)]))), nil),
    ]

    @Test(arguments: 0..<known.count)
    func readsKnownBytes(index: Int) throws {
        let (hex, geometry, srid) = Self.known[index]
        let bytes = hexBytes(hex)
        let read = try Geometry.parseWKB(bytes)
        #expect(read.geometry == geometry)
        #expect(read.srid == srid)
    }

    @Test func writesKnownBytes() {
        #expect(hexString(Geometry.point(Point(x: 1, y: 2)).wkb()) == "0101000000000000000000F03F0000000000000040")
        #expect(hexString(Geometry.point(Point(x: 1, y: 2)).wkb(srid: 4326)) == "0101000020E6100000000000000000F03F0000000000000040")
        #expect(hexString(Geometry.point(Point(x: 1, y: 2, z: 3)).wkb()) == "01E9030000000000000000F03F00000000000000400000000000000840")
        #expect(hexString(Geometry.point(Point(x: 1, y: 2, z: 3)).ewkb(srid: nil)) == "0101000080000000000000F03F00000000000000400000000000000840")
        #expect(hexString(Geometry.point(Point(x: 1, y: 2, z: 3)).wkb(srid: 4549)) == "01010000A0C5110000000000000000F03F00000000000000400000000000000840")
        #expect(hexString(Geometry.lineString(LineString([Point(x: 1, y: 2), Point(x: 3, y: 4)])).wkb())
            == "010200000002000000000000000000F03F000000000000004000000000000008400000000000001040")
    }

    @Test(arguments: Samples.all.map(\.name))
    func roundTripsEverySampleInBothDialects(name: String) throws {
        let g = Samples.all.first { $0.name == name }!.geometry
        #expect(try Geometry(wkb: g.wkb()) == g)
        let (read, srid) = try Geometry.parseWKB(g.wkb(srid: 4549))
        #expect(read == g && srid == 4549)
        #expect(try Geometry.parseWKB(g.ewkb(srid: nil)) == (g, nil))
    }

    /// Every proper prefix of a valid WKB is truncated and must throw a WKB error, never trap.
    @Test(arguments: Samples.all.map(\.name))
    func everyTruncationThrows(name: String) {
        let bytes = Samples.all.first { $0.name == name }!.geometry.wkb(srid: 4326)
        for length in 0..<bytes.count {
            #expect(throws: GeoCoreError.self, "prefix of \(length) bytes") { try Geometry(wkb: Array(bytes.prefix(length))) }
        }
        #expect(throws: GeoCoreError.self) { try Geometry(wkb: bytes + [0]) }
    }

    @Test func errorsSayWhere() {
        func offset(_ hex: String) -> (Int, String)? {
            do { _ = try Geometry(wkb: hexBytes(hex)); return nil } catch {
                if case .wkb(let m, let o) = error { return (o, m) }
                if case .nonFiniteCoordinate(_, .wkbByteOffset(let o)) = error { return (o, "non-finite") }
                return nil
            }
        }
        #expect(offset("0201000000")?.0 == 0)  // byte order 2
        #expect(offset("0109000000")?.0 == 1)  // type 9
        #expect(offset("0101000000000000000000F03F00000000")?.0 == 13)  // y truncated
        #expect(offset("0102000000FFFFFF7F")?.0 == 5)  // absurd point count
        #expect(offset("0101000000000000000000F07F0000000000000040")?.0 == 5)  // x = +inf
        #expect(offset("01010000000000000000000040000000000000F87F")?.0 == 13)  // y = NaN
        #expect(offset("010400000001000000" + "010200000002000000" + String(repeating: "0000000000000000", count: 4))?.1.contains("expected a member of type 1") == true)
        // Unclosed ring: 4 points, last differs from first.
        #expect(offset("01030000000100000004000000" + String(repeating: "0000000000000000", count: 6) + "000000000000F03F000000000000F03F")?.1.contains("not closed") == true)
    }

    /// Random bytes and random mutations of valid WKB: the reader may accept or reject, never trap.
    @Test func garbageNeverCrashes() {
        var rng = SplitMix64(seed: TestSeed.value("WKB garbage", default: 11))
        let valid = Samples.all.map { $0.geometry.wkb(srid: UInt64.random(in: 0...1, using: &rng) == 0 ? nil : 4326) }
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if !bytes.isEmpty { bytes[0] = UInt8.random(in: 0...1, using: &rng) }
            } else {
                bytes = valid[Int.random(in: 0..<valid.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            if (try? Geometry.parseWKB(bytes)) != nil { accepted += 1 }
        }
        print("WKB garbage: \(accepted) of 20000 mutated inputs still parsed")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        var bytes: [UInt8] = []
        for _ in 0..<100_000 { bytes += [1, 7, 0, 0, 0, 1, 0, 0, 0] }
        #expect(throws: GeoCoreError.self) { try Geometry(wkb: bytes) }
    }
}
