import Foundation
import Testing
@testable import GeoCore

@Suite struct ChinaOffsetsTests {
    /// Metres between two lon/lat points by the local equirectangular approximation (ample at
    /// centimetre scale over a few hundred metres).
    func metres(_ a: Point, _ b: Point) -> Double {
        let r = 6_371_008.8
        let lat = (a.y + b.y) / 2 * .pi / 180
        let dx = (a.x - b.x) * .pi / 180 * cos(lat) * r
        let dy = (a.y - b.y) * .pi / 180 * r
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Test vectors of googollee/eviltransform (go/transform_test.go, python/test.py), (lat, lng)
    /// order there: Shanghai, Shenzhen, Beijing.
    static let evilTransformVectors: [(wgs: Point, gcj: Point)] = [
        (Point(x: 121.5272106, y: 31.1774276), Point(x: 121.531541859215, y: 31.17530398364597)),
        (Point(x: 113.912316, y: 22.543847), Point(x: 113.9171764808363, y: 22.540796131694766)),
        (Point(x: 116.377817, y: 39.911954), Point(x: 116.38404722455657, y: 39.91334545536069)),
    ]

    @Test func forwardMatchesPublishedVectors() {
        for (wgs, gcj) in Self.evilTransformVectors {
            let p = ChinaOffsets.wgs84ToGCJ02(wgs)
            #expect(abs(p.x - gcj.x) < 1e-9 && abs(p.y - gcj.y) < 1e-9, "\(p) vs \(gcj)")
            let back = ChinaOffsets.gcj02ToWGS84(gcj)
            #expect(metres(back, wgs) < 0.01)
        }
    }

    /// hujiulong/gcoord test/unit/crs/GCJ02.spec.js: GCJ02 -> BD09 of (123, 45), to 5 decimals there.
    @Test func baiduMatchesPublishedVector() {
        let bd = ChinaOffsets.gcj02ToBD09(Point(x: 123, y: 45))
        #expect(abs(bd.x - 123.00636499) < 5e-6 && abs(bd.y - 45.00636899) < 5e-6)
        // gcoord's GCJ02 -> WGS84 of the same point (it iterates too).
        let wgs = ChinaOffsets.gcj02ToWGS84(Point(x: 123, y: 45))
        #expect(abs(wgs.x - 122.99395597) < 5e-6 && abs(wgs.y - 44.99804071) < 5e-6)
    }

    @Test func roundTripsOverShanghaiBelowTenCentimetres() {
        var worst = (gcj: 0.0, bd: 0.0)
        for i in 0..<50 {
            for j in 0..<50 {
                let p = Point(x: 121.0 + Double(i) / 49, y: 30.7 + 1.2 * Double(j) / 49, z: 4)
                let gcj = ChinaOffsets.wgs84ToGCJ02(p)
                // The offset itself is a few hundred metres in Shanghai: the transform did something.
                #expect(metres(gcj, p) > 100 && metres(gcj, p) < 1000)
                let back = ChinaOffsets.gcj02ToWGS84(gcj)
                worst.gcj = max(worst.gcj, metres(back, p))
                #expect(abs(back.x - p.x) < 1e-9 && abs(back.y - p.y) < 1e-9 && back.z == 4)
                let bdBack = ChinaOffsets.bd09ToWGS84(ChinaOffsets.wgs84ToBD09(p))
                worst.bd = max(worst.bd, metres(bdBack, p))
                #expect(abs(bdBack.x - p.x) < 1e-9 && abs(bdBack.y - p.y) < 1e-9)
                let gcjBack = ChinaOffsets.bd09ToGCJ02(ChinaOffsets.gcj02ToBD09(gcj))
                #expect(abs(gcjBack.x - gcj.x) < 1e-9 && abs(gcjBack.y - gcj.y) < 1e-9)
            }
        }
        print("China offsets worst round trip over Shanghai: GCJ-02 \(worst.gcj) m, BD-09 \(worst.bd) m")
        #expect(worst.gcj < 0.1 && worst.bd < 0.1)
    }

    @Test func outsideChinaNothingMoves() {
        for p in [Point(x: 2.35, y: 48.85), Point(x: 139.69, y: 35.68), Point(x: -74, y: 40.7), Point(x: 121.5, y: 56)] {
            #expect(ChinaOffsets.isOutsideChina(p))
            #expect(ChinaOffsets.wgs84ToGCJ02(p) == p)
            #expect(ChinaOffsets.gcj02ToWGS84(p) == p)
        }
        #expect(!ChinaOffsets.isOutsideChina(Point(x: 121.47, y: 31.23)))
    }
}
