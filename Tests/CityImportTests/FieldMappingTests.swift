import CityImport
import CityStore
import Testing

@Suite struct FieldMappingTests {
    @Test func chineseAndEnglishAlternativesMatchCaseInsensitively() throws {
        let m = try FieldMapping(schema: .of(.storefronts), available: ["门店名称", "Address", "shop_id", "行业", "营业执照", "备注"], path: "f")
        let pairs = Dictionary(uniqueKeysWithValues: m.pairs.map { ($0.field, $0.column) })
        #expect(pairs["NAME"] == "门店名称")
        #expect(pairs["ADDRESS"] == "Address")
        #expect(pairs["SHOP_ID"] == "shop_id")
        #expect(pairs["TRADE"] == "行业")
        #expect(pairs["LICENCE"] == "营业执照")
        #expect(pairs["FLAGS"] == .some(nil))
        #expect(m.extraColumns == ["备注"])
    }

    @Test func overrideWinsAndFreesTheDefaultColumn() throws {
        let m = try FieldMapping(schema: .of(.grids), available: ["CODE", "WG_CODE", "街道", "居委会"],
                                 overrides: ["code": "WG_CODE"], path: "f")
        let pairs = Dictionary(uniqueKeysWithValues: m.pairs.map { ($0.field, $0.column) })
        #expect(pairs["CODE"] == "WG_CODE")
        #expect(pairs["COMMUNITY"] == "居委会")
        #expect(m.extraColumns == ["CODE"])
    }

    @Test func missingRequiredFieldNamesTheFieldAndTheColumns() {
        #expect {
            try FieldMapping(schema: .of(.redlines), available: ["RL_ID", "ROAD_NAME", "W"], path: "r.shp")
        } throws: { error in
            let text = "\(error)"
            return text.contains("WIDTH_M") && text.contains("RL_ID, ROAD_NAME, W") && text.contains("r.shp")
        }
    }

    @Test func overrideOfUnknownFieldOrColumnIsRefused() throws {
        #expect(throws: CityImportError.self) {
            try FieldMapping(schema: .of(.grids), available: ["CODE"], overrides: ["NOPE": "CODE"], path: "f")
        }
        #expect(throws: CityImportError.self) {
            try FieldMapping(schema: .of(.grids), available: ["CODE", "STREET", "COMMUNITY"], overrides: ["CODE": "missing"], path: "f")
        }
        #expect(throws: CityImportError.self) { try FieldMapping.overrides(["CODE"]) }
        #expect(try FieldMapping.overrides(["CODE=网格编码"]) == ["CODE": "网格编码"])
    }
}
