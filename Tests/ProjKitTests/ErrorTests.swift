import GeoCore
import ProjKit
import Testing

@Suite struct ErrorTests {
    @Test func unknownEPSGCode() {
        #expect {
            try CoordinateSystem(epsg: 99999)
        } throws: { error in
            guard case ProjError.invalidCoordinateSystem(let input, let message) = error else { return false }
            return input == "EPSG:99999" && message.contains("not found")
        }
        #expect(throws: ProjError.self) { try CoordinateSystem(parsing: "999999") }
    }

    @Test func brokenPrjText() {
        // A .prj cut off halfway, as a truncated download leaves it.
        let broken = String(ShanghaiTruth.esriPrj4549.prefix(90))
        #expect {
            try CoordinateSystem(parsing: broken)
        } throws: { error in
            guard case ProjError.invalidCoordinateSystem(let input, let message) = error else { return false }
            return input == broken && !message.isEmpty
        }
        #expect(throws: ProjError.self) { try CoordinateSystem(parsing: "") }
        #expect(throws: ProjError.self) { try CoordinateSystem(parsing: "not a crs at all") }
        #expect(throws: ProjError.self) { try CoordinateSystem(parsing: "+proj=nonsense") }
    }

    @Test func operationIsNotACoordinateSystem() {
        // A pipeline is an operation; it cannot be an end of a Transform.
        #expect {
            try CoordinateSystem(parsing: "+proj=pipeline +step +proj=axisswap +order=2,1")
        } throws: { error in
            guard case ProjError.invalidCoordinateSystem = error else { return false }
            return true
        }
    }

    @Test func nonFiniteCoordinatesAreNamed() throws {
        let transform = try Transform(from: .wgs84, to: .working)
        var points = [Point(x: 121.4, y: 31.2), Point(x: 121.5, y: .nan), Point(x: 121.6, y: 31.3)]
        let before = points
        #expect {
            try transform.transform(&points)
        } throws: { error in
            guard case ProjError.nonFiniteCoordinate(let index, _) = error else { return false }
            return index == 1
        }
        #expect(points == before)
        var x = [1.0, 2.0], y = [3.0]
        #expect(throws: ProjError.self) { try transform.transform(x: &x, y: &y) }
    }

    @Test func untransformablePointIsNamed() throws {
        // A latitude beyond the pole: PROJ returns HUGE_VAL and says "Invalid latitude".
        let transform = try Transform(from: .wgs84, to: .working)
        var points = [Point(x: 121.4, y: 31.2), Point(x: 121.5, y: 31.3), Point(x: 121, y: 95)]
        let before = points
        #expect {
            try transform.transform(&points)
        } throws: { error in
            guard case ProjError.pointNotTransformed(let index, let point, let message) = error else { return false }
            return index == 2 && point == Point(x: 121, y: 95) && message.contains("latitude")
        }
        #expect(points == before)
    }
}

@Suite struct WKTTests {
    /// The ESRI text written for EPSG:4549 is what `projinfo -o WKT1_ESRI EPSG:4549` prints.
    @Test func esriWKTMatchesProjinfo() throws {
        #expect(try CoordinateSystem.working.wkt() == ShanghaiTruth.esriPrj4549)
        #expect(try CoordinateSystem(epsg: 32651).wkt(.esri) == ShanghaiTruth.esriPrj32651)
    }

    @Test func otherDialectsReadBack() throws {
        for dialect in [CoordinateSystem.WKTDialect.gdal, .wkt2019] {
            let text = try CoordinateSystem.working.wkt(dialect)
            let back = try CoordinateSystem(parsing: text)
            #expect(back.name == CoordinateSystem.working.name)
            let p = try Transform(from: .wgs84, to: back).transform(Point(x: 121.4737, y: 31.2304))
            #expect(abs(p.x - 640412.315037) < 0.001 && abs(p.y - 3457455.488582) < 0.001)
        }
        #expect(throws: ProjError.self) { try CoordinateSystem.gcj02.wkt() }
    }
}
