import CityModel
import DistrictGenerator
import Foundation
import GEOSKit
import GeoCore
import GeoIO
import Testing

@Suite struct LayerTests {
    @Test func cellsTileTheAreaWithoutGapsOrOverlaps() throws {
        let cells = try SampleFixture.features("grids.shp").map { try #require($0.geometry) }
        #expect(cells.count > 400)
        let sum = cells.reduce(0) { $0 + $1.area }
        let union = try Geometry.union(of: cells)
        let unionArea = try union.geosArea()
        // No overlaps: the union is as large as the parts; no gaps: it fills its bounding rectangle.
        #expect(abs(unionArea - sum) < 1e-6 * sum)
        #expect(abs(unionArea - union.envelope.area) < 1e-6 * sum)
        #expect(try union.isValid())
        for cell in cells { #expect(abs(cell.area - 10_000) < 1e-6) }
    }

    @Test func everyCellCodeIsValidAndUnique() throws {
        let cells = try SampleFixture.features("grids.shp")
        var seen = Set<String>()
        for cell in cells {
            let code = try GridCode(parsing: cell.text("CODE"))
            #expect(code.district == 310101)
            #expect(seen.insert(code.description).inserted, "duplicate code \(code)")
            #expect(cell.text("COMMUNITY").hasSuffix("居委会"))
            #expect(!cell.text("STREET").isEmpty && !cell.text("OFFICER").isEmpty)
        }
        #expect(Set(cells.map { $0.text("STREET") }) == ["南京东路街道", "外滩街道", "豫园街道", "淮海中路街道"])
    }

    @Test func storefrontsLieOutsideRedLinesAndInsideParcels() throws {
        let redLines = try PreparedGeometry(Geometry.union(of: SampleFixture.features("redlines.shp").compactMap(\.geometry)))
        let parcels = try PreparedGeometry(Geometry.union(of: SampleFixture.features("parcels.shp").compactMap(\.geometry)))
        let shops = try SampleFixture.features("storefronts.shp")
        #expect(shops.count > 500)
        for shop in shops {
            guard case .point(let p)? = shop.geometry else { Issue.record("storefront without a point"); continue }
            #expect(try !redLines.intersects(p), "\(shop.text("SHOP_ID")) is in a red line")
            #expect(try parcels.contains(p), "\(shop.text("SHOP_ID")) is in no parcel")
        }
    }

    @Test func licencesAndRecordsLookLikeHuangpu() throws {
        let shops = try SampleFixture.features("storefronts.shp")
        let unlicensed = shops.filter { $0.text("LIC_STATUS") == "unlicensed" }
        let share = Double(unlicensed.count) / Double(shops.count)
        print("unlicensed share \(share) of \(shops.count)")
        #expect((0.35...0.45).contains(share))
        #expect(shops.contains { $0.text("LIC_STATUS") == "expired" })
        #expect(shops.contains { $0.text("FLAGS").split(separator: ",").contains("wallBreaking") })
        for shop in shops {
            let licence = shop.text("LICENCE")
            #expect(licence.isEmpty == (shop.text("LIC_STATUS") == "unlicensed"))
            if !licence.isEmpty { #expect(BusinessLicence.problem(with: licence) == nil) }
        }
        let records = try SampleFixture.rows("storefronts.records.csv")
        let ids = Set(shops.map { $0.text("SHOP_ID") })
        #expect(records.allSatisfy { ids.contains($0.text("ENTITY_ID")) && DossierRecordKind(rawValue: $0.text("KIND")) != nil })
        let mean = Double(records.count) / Double(shops.count)
        print("records per storefront \(mean)")
        #expect((19.5...22.5).contains(mean))
    }

    @Test func structuresAreAboutEightSquareMetresInResidentialParcels() throws {
        let homes = try SampleFixture.features("parcels.shp").filter { $0.text("LANDUSE") == "07" }.compactMap(\.geometry)
        let residential = try PreparedGeometry(Geometry.union(of: homes))
        let structures = try SampleFixture.features("structures.shp")
        #expect(structures.count >= 100)
        var total = 0.0
        for s in structures {
            let footprint = try #require(s.geometry)
            total += try footprint.geosArea()
            #expect(try residential.contains(footprint), "\(s.text("STRUCT_ID")) is not inside a residential parcel")
            #expect(["identified", "notified", "demolished"].contains(s.text("STATUS")))
            #expect(s.text("DEMOLISHED").isEmpty == (s.text("STATUS") != "demolished"))
        }
        let mean = total / Double(structures.count)
        print("mean structure area \(mean) m²")
        #expect((6.0...10.0).contains(mean))
    }

    @Test func redLinesAndSegmentsFollowTheRealStreets() throws {
        let roads = try SampleFixture.features("roads.shp")
        #expect(roads.count == 796)  // every OSM way of the extract
        #expect(roads.contains { $0.text("NAME") == "人民大道" } && roads.contains { $0.text("BRIDGE") == "yes" })
        let names = Set(roads.map { $0.text("NAME") })
        let redLines = try SampleFixture.features("redlines.shp")
        #expect(redLines.allSatisfy { names.contains($0.text("ROAD_NAME")) })
        for r in redLines { #expect(try #require(r.geometry).isValid()) }
        let segments = try SampleFixture.features("segments.shp")
        #expect(segments.allSatisfy { names.contains($0.text("ROAD_NAME")) && !$0.text("CHIEF").isEmpty })
        let lengths = segments.compactMap(\.geometry).map(\.length)
        #expect(lengths.reduce(0, +) / Double(lengths.count) > 100)
        // One chief per few segments.
        let perChief = Dictionary(grouping: segments, by: { $0.text("CHIEF_ID") }).values.map(\.count)
        #expect(perChief.allSatisfy { (1...4).contains($0) })
    }
}
