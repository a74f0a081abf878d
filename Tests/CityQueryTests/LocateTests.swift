import CityModel
import CityQuery
import CityStore
import GeoCore
import Testing
import TestSupport

/// locate on the fixture, whose every answer follows from its drawing.
struct LocateTests {
    @Test(arguments: StorageBackend.available) func aPointInACellOutsideTheRedLine(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let r = try q.locate(Point(x: 50, y: 50), crs: .working)
        #expect(r.cell?.code == "310101-002-001-0001")
        #expect(r.cell?.community == "贵州居委会")
        #expect(r.cell?.officer == "网格员1")
        #expect(r.parcel?.number == "P-W")
        #expect(r.segment?.id == "S1")
        #expect(r.segment?.distanceMeters == 50)
        #expect(r.segment?.chief?.name == "张路长")
        #expect(r.redLine?.signedDistanceMeters == -40)
        #expect(r.redLineVerdict == .outside)
        #expect(r.constructionWasteLiability == .environmentalPollution)
    }

    @Test(arguments: StorageBackend.available) func aPointDeepInsideTheRedLine(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let r = try q.locate(Point(x: 150, y: 101), crs: .working)
        #expect(r.cell?.code == "310101-002-001-0004")
        #expect(r.segment?.id == "S2")
        #expect(r.segment?.distanceMeters == 1)
        #expect(r.segment?.chief?.phone == "13800000000")
        #expect(r.redLine?.signedDistanceMeters == 9)
        #expect(r.redLineVerdict == .inside)
        #expect(r.constructionWasteLiability == .trafficSafety)
    }

    @Test(arguments: [(150.0, 108.0), (150.0, 112.0), (150.0, 90.0), (254.0, 100.0)])
    func withinTheToleranceBandTheAnswerIsOnSiteConfirmation(x: Double, y: Double) throws {
        let q = try Fixture.queries(Fixture.makeStore())
        let r = try q.locate(Point(x: x, y: y), crs: .working)
        #expect(r.redLineVerdict == .needsOnSiteConfirmation, "(\(x), \(y)) is within 5 m of the red line's edge")
        #expect(r.constructionWasteLiability == .needsConfirmation)
    }

    @Test(arguments: StorageBackend.available) func aPointOnTheSharedEdgeGoesToTheSmallerCode(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        #expect(try q.locate(Point(x: 100, y: 50), crs: .working).cell?.code == "310101-002-001-0001")
        #expect(try q.locate(Point(x: 100, y: 100), crs: .working).cell?.code == "310101-002-001-0001")
        #expect(try q.locate(Point(x: 200, y: 200), crs: .working).cell?.code == "310101-002-001-0004")
    }

    @Test(arguments: StorageBackend.available) func farFromEverythingThereIsNoCellSegmentOrRedLine(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let r = try q.locate(Point(x: 5000, y: 5000), crs: .working)
        #expect(r.cell == nil && r.parcel == nil && r.segment == nil && r.redLine == nil)
        #expect(r.redLineVerdict == .outside)
    }

    @Test(arguments: StorageBackend.available) func badCoordinatesNameTheParameter(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        #expect(throws: CityQueryError.badParameter(name: "x", value: "nan,1.0", reason: "coordinates must be finite numbers")) {
            try q.locate(Point(x: .nan, y: 1), crs: .working)
        }
        #expect {
            try q.locate(Point(x: 181, y: 31))
        } throws: { error in
            if case CityQueryError.badParameter(let name, _, _) = error { return name == "lon" }
            return false
        }
    }
}
