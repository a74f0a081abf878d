import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

@Suite struct ImportPipelineTests {
    static let licence = "91310101MA1FPX1234"

    /// Storefronts in CRS84 GeoJSON → stored in EPSG:4549 at the coordinates cs2cs gives.
    @Test func geoJSONStorefrontsAreReprojectedLikeCs2cs() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SplitMix64(seed: 7)
        print("seed 7")
        var rows: [(Double, Double, [String: JSONValue])] = []
        for i in 0..<200 {
            let lon = 121.40 + 0.1 * rng.unit(), lat = 31.20 + 0.05 * rng.unit()
            rows.append((lon, lat, ["门店名称": .string("店\(i)"), "地址": .string("南京东路\(i)号"), "shop_id": .string("S\(i)"),
                                    "行业": "餐饮", "营业执照": .string(Self.licence), "备注": .string("note \(i)")]))
        }
        writeText(pointCollection(rows), to: dir + "/shops.geojson")
        let store = try memoryStore()
        try importLayer(.storefronts, dir + "/shops.geojson", into: store)
        let expected = try cs2cs(rows.map { ($0.0, $0.1) })
        try store.read { view in
            #expect(view[.storefronts].count == 200)
            for (i, e) in expected.enumerated() {
                let f = try #require(view[.storefronts].feature(id: "S\(i)"))
                let shop = try f.decode(Storefront.self)
                #expect(abs(shop.point.x - e.0) < 1e-3 && abs(shop.point.y - e.1) < 1e-3)
                #expect(shop.name == "店\(i)" && shop.licenceStatus == .licensed)
                #expect(try f.propertiesValue()["extra"]?["备注"]?.stringValue == "note \(i)")
            }
        }
    }

    @Test func badRecordNamesRecordAndFieldAndLeavesTheStoreAsItWas() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = (0..<5).map { i in (121.47, 31.23 + 0.001 * Double(i), ["SHOP_ID": JSONValue.string("A\(i)"), "NAME": "n", "ADDRESS": "a", "TRADE": "t"]) }
        writeText(pointCollection(good), to: dir + "/a.geojson")
        let store = try memoryStore()
        try importLayer(.storefronts, dir + "/a.geojson", into: store)
        let before = snapshot(store)
        var bad = good.map { ($0.0, $0.1, $0.2.merging(["SHOP_ID": .string("B" + ($0.2["SHOP_ID"]!.stringValue!))]) { $1 }) }
        bad[3].2["LICENCE"] = "12345"  // neither 15 nor 18 characters
        writeText(pointCollection(bad), to: dir + "/b.geojson")
        #expect {
            try importLayer(.storefronts, dir + "/b.geojson", into: store)
        } throws: { error in
            "\(error)".contains("record 4") && "\(error)".contains("LICENCE")
        }
        #expect(snapshot(store) == before)
    }

    @Test func invalidPolygonIsRefusedWithGEOSReasonAndRepairedOnRequest() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A bow-tie parcel (self-intersecting at its middle) in EPSG:4549 around Shanghai.
        let x = 450_000.0, y = 3_455_000.0
        let bowTie = "POLYGON ((\(x) \(y), \(x + 100) \(y + 100), \(x + 100) \(y), \(x) \(y + 100), \(x) \(y)))"
        let square = "POLYGON ((\(x + 200) \(y), \(x + 250) \(y), \(x + 250) \(y + 50), \(x + 200) \(y + 50), \(x + 200) \(y)))"
        writeText("wkt,code,street,community\n\"\(square)\",310101-002-005-0001,S,C\n\"\(bowTie)\",310101-002-005-0002,S,C\n", to: dir + "/g.csv")
        let store = try memoryStore()
        let options = ImportOptions(crs: .definition("EPSG:4549"))
        #expect {
            try importLayer(.grids, dir + "/g.csv", into: store, options: options)
        } throws: { error in
            "\(error)".contains("record 3") && "\(error)".contains("Self-intersection")
        }
        #expect(store.read { $0[.grids].count } == 0)
        var repairing = options
        repairing.repair = true
        var imports = [try LayerFileReader(provider: ProjCRSProvider(), options: repairing).read(layer: .grids, path: dir + "/g.csv")]
        #expect(imports[0].report.repaired.map(\.record) == [3])
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)
        let cell = try store.read { try $0[.grids].feature(id: "310101-002-005-0002")!.decode(GridCell.self) }
        #expect(cell.shape.polygons.count == 2)
        #expect(abs(cell.areaSquareMeters - 5000) < 1e-6)  // two triangles of 2,500 m² each
    }

    @Test func shapefileWithoutPrjIsRefusedWithAHintUnlessCRSIsGiven() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try ShapefileWriter(path: dir + "/s.shp", shapeType: .point, fields: [
            DBFField(name: "SHOP_ID", type: .character, length: 10), DBFField(name: "NAME", type: .character, length: 10),
            DBFField(name: "ADDRESS", type: .character, length: 10), DBFField(name: "TRADE", type: .character, length: 10),
        ])
        try writer.write(geometry: .point(Point(x: 451_000, y: 3_455_000)), attributes: [.string("S1"), .string("n"), .string("a"), .string("t")])
        try writer.finish()
        #expect {
            try LayerFileReader(provider: ProjCRSProvider()).read(layer: .storefronts, path: dir + "/s.shp")
        } throws: { error in
            "\(error)".contains("--crs") && "\(error)".contains("no .prj")
        }
        let store = try memoryStore()
        try importLayer(.storefronts, dir + "/s.shp", into: store, options: ImportOptions(crs: try SourceCRS(option: "4549")))
        #expect(store.read { $0[.storefronts].count } == 1)
    }

    @Test func caseHistoryIsReplayedThroughTheWorkflow() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalogue = try CaseTypeCatalogue.bundled()
        let type = catalogue.caseTypes[0]
        let departments = try DepartmentTable.bundled(catalogue: catalogue)
        let department = try #require(departments.proposedTargets(for: type.code, catalogue: catalogue).first)
        let cases = (1...2).map { i in
            (121.47, 31.23, ["CASE_ID": JSONValue.string("C\(i)"), "TYPE": .string(type.code), "SOURCE": "patrol",
                             "DESCR": "占道经营", "REPORTED": "2026-11-20T09:30:00+08:00"])
        }
        writeText(pointCollection(cases), to: dir + "/cases.geojson")
        writeText("""
            CASE_ID,AT,ACTOR,EVENT,ARG,NOTE
            C1,2026-11-20T10:00:00+08:00,张三,register,,
            C1,2026-11-20T11:00:00+08:00,张三,dispatch,department:\(department.code),
            C1,2026-11-21T09:00:00+08:00,李四,reportHandled,,已处置

            """, to: dir + "/cases.history.csv")
        let store = try memoryStore()
        try importLayer(.cases, dir + "/cases.geojson", into: store)
        let c1 = try store.read { try $0[.cases].feature(id: "C1")!.decode(ViolationCase.self) }
        #expect(c1.status == .handled)
        #expect(c1.assignment == .department(code: department.code))
        #expect(c1.history.map(\.event.kind) == [.register, .dispatch, .reportHandled])
        let c2 = try store.read { try $0[.cases].feature(id: "C2")!.decode(ViolationCase.self) }
        #expect(c2.status == .reported)
        #expect(try store.transitions(caseID: "C1").map(\.event) == ["report", "register", "dispatch", "reportHandled"])

        // A row the workflow refuses (close from dispatched) names the case and the line.
        writeText("""
            CASE_ID,AT,ACTOR,EVENT,ARG,NOTE
            C2,2026-11-20T10:00:00+08:00,张三,register,,
            C2,2026-11-20T11:00:00+08:00,张三,close,,

            """, to: dir + "/cases.history.csv")
        let before = snapshot(store)
        #expect {
            try importLayer(.cases, dir + "/cases.geojson", into: store)
        } throws: { error in
            "\(error)".contains("line 3") && "\(error)".contains("C2") && "\(error)".contains("close")
        }
        #expect(snapshot(store) == before)
    }
}
