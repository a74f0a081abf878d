import GeoCore
import GEOSKit
import Testing

@Suite struct ValidityTests {
    @Test func validShapes() throws {
        #expect(try Fixtures.squareWithHole.validity() == .valid)
        #expect(try Fixtures.shanghaiSquareWithHole.isValid())
    }

    @Test func bowTie() throws {
        let report = try Fixtures.bowTie.validity()
        #expect(!report.isValid)
        #expect(report.reason == "Self-intersection")
        #expect(report.location == Point(x: 1, y: 1))
        let repaired = try Fixtures.bowTie.madeValid()
        #expect(try repaired.isValid())
        #expect(try repaired.geosArea() == 2)
        guard case .multiPolygon(let parts) = repaired else {
            Issue.record("expected two triangles, got \(repaired.typeName)")
            return
        }
        #expect(parts.polygons.count == 2)
    }

    @Test func selfTouchingShell() throws {
        let report = try Fixtures.selfTouchingShell.validity()
        #expect(!report.isValid)
        #expect(report.reason == "Ring Self-intersection")
        #expect(report.location == Point(x: 5, y: 10))
        // The ESRI model accepts a shell touching itself to form a hole.
        #expect(try Fixtures.selfTouchingShell.validity(allowSelfTouchingRingFormingHole: true).isValid)
        let repaired = try Fixtures.selfTouchingShell.madeValid()
        #expect(try repaired.isValid())
        #expect(try repaired.geosArea() == 92)
        #expect(try !repaired.covers(Fixtures.point(5, 7)))   // inside the enclosed triangle
        #expect(try repaired.covers(Fixtures.point(1, 1)))
    }

    @Test func unclosedRing() throws {
        let report = try Fixtures.unclosedSquare.validity()
        #expect(!report.isValid)
        #expect(report.reason == "Ring is not closed")
        #expect(report.location == Point(x: 0, y: 0))
        let repaired = try Fixtures.unclosedSquare.madeValid()
        #expect(try repaired.isValid())
        #expect(try repaired.geosArea() == 100)
        // Predicates cannot run on it: GEOS refuses to build the ring and says why.
        #expect {
            try Fixtures.unclosedSquare.covers(Fixtures.point(1, 1))
        } throws: { error in
            guard case GEOSError.operationFailed(let function, let message) = error else { return false }
            return function == "covers(_:)" && message.contains("closed")
        }
    }

    @Test func collapsedRings() throws {
        let sliver = Geometry.polygon(Polygon(exterior: Fixtures.ring([(0, 0), (1, 1), (0, 0)])))
        let report = try sliver.validity()
        #expect(report.reason == "Too few points in geometry component")
        #expect(try sliver.madeValid().isEmpty)
        // A collapsed hole is dropped, the shell kept.
        let withBadHole = Geometry.polygon(Polygon(exterior: Fixtures.square(0, 0, side: 10),
                                                   holes: [Fixtures.ring([(1, 1), (2, 2)])]))
        #expect(try withBadHole.madeValid().geosArea() == 100)
    }

    @Test func holeOutsideShell() throws {
        let shape = Geometry.polygon(Polygon(exterior: Fixtures.square(0, 0, side: 10), holes: [Fixtures.square(20, 20, side: 1)]))
        let report = try shape.validity()
        #expect(report.reason == "Hole lies outside shell")
        #expect(report.location != nil)
    }
}

/// GeoCore's self-intersection check for drawn fences, against GEOS's validity on the same rings.
struct RingSimplicityTests {
    @Test func aRingCrossesItselfExactlyWhenGEOSSaysSo() throws {
        var state: UInt64 = 20_261_203
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var crossing = 0, simple = 0
        for _ in 0..<2_000 {
            let n = 4 + Int(next() * 6)
            var ring = (0..<n).map { _ in Point(x: (next() * 1000).rounded(), y: (next() * 1000).rounded()) }
            ring.append(ring[0])
            let r = LinearRing(ring)
            guard r.signedArea != 0 else { continue }
            let report = try Geometry.polygon(Polygon(exterior: r)).validity()
            // GEOS also calls a ring invalid for reasons that are not a crossing (none with these
            // distinct random vertices but a repeated one); those are left out.
            guard Set(ring.dropLast()).count == n else { continue }
            #expect((r.firstSelfIntersection == nil) == report.isValid, "\(ring): GEOS says \(report.reason ?? "valid")")
            if report.isValid { simple += 1 } else { crossing += 1 }
        }
        #expect(simple > 100 && crossing > 100)
    }
}
