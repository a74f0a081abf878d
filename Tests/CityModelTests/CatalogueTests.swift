import Foundation
import Testing
@testable import CityModel

@Suite struct CatalogueTests {
    @Test func bundledCatalogueHasTheArticlesViolationTypes() throws {
        let names = Set(bundledCatalogue.caseTypes.map(\.nameZH))
        for name in ["违法搭建", "破墙开门开店", "无证无照经营", "违法户外广告", "违法占道\"四亭\"", "占道经营", "夜排档",
                     "建筑垃圾偷乱倒", "毁坏绿化"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(bundledCatalogue.eventClasses.map(\.code) == ["01", "02", "03", "04", "05"])
        #expect(bundledCatalogue.eventClass(code: "05")?.nameZH == "街面秩序")
        let waste = try #require(bundledCatalogue.caseTypes.first { $0.nameZH == "建筑垃圾偷乱倒" })
        #expect(waste.redLineDecidesLiability)
        #expect(bundledCatalogue.caseTypes.filter(\.redLineDecidesLiability).count == 1)
        #expect(waste.classCode == "01")
        #expect(bundledCatalogue.caseType(code: "0101")?.deadline == TimeLimit(value: 5, unit: .workingDays))
    }

    @Test func departmentsProposeTheDefaultFirst() throws {
        let table = try DepartmentTable.bundled(catalogue: bundledCatalogue)
        #expect(table.proposedTargets(for: "0103", catalogue: bundledCatalogue).map(\.code) == ["enforcement", "construction", "ecology"])
        #expect(table.proposedTargets(for: "0501", catalogue: bundledCatalogue).map(\.code) == ["market"])
        #expect(table.proposedTargets(for: "0999", catalogue: bundledCatalogue).isEmpty)
        #expect(table.department(code: "police")?.nameZH == "公安分局")
    }

    static let good = #"""
    {"version":"v1","eventClasses":[{"code":"01","nameZH":"市容环境","nameEN":"Appearance"}],
     "caseTypes":[{"code":"0101","nameZH":"违法搭建","nameEN":"Illegal construction","defaultDepartment":"d",
                   "deadline":{"value":5,"unit":"workingDays"}}]}
    """#

    func failure(_ json: String) -> (path: String, problem: String)? {
        if case .badDataFile(let source, let path, let problem) = thrown({ _ = try CaseTypeCatalogue(data: Data(json.utf8), source: "mine.json") }) {
            #expect(source == "mine.json")
            return (path, problem)
        }
        return nil
    }

    @Test func customCatalogueLoads() throws {
        let c = try CaseTypeCatalogue(data: Data(Self.good.utf8))
        #expect(c.caseTypes.count == 1 && c.caseTypes[0].redLineDecidesLiability == false)
        // Round trip through Codable runs the same checks.
        #expect(try JSONDecoder().decode(CaseTypeCatalogue.self, from: JSONEncoder().encode(c)) == c)
    }

    @Test(arguments: [
        ("\"unit\":\"workingDays\"", "\"unit\":\"weeks\"", "caseTypes[0].deadline.unit"),
        ("\"value\":5", "\"value\":0", "caseTypes[0].deadline.value"),
        ("\"value\":5", "\"value\":\"5\"", "caseTypes[0].deadline.value"),
        ("\"code\":\"0101\"", "\"code\":\"101\"", "caseTypes[0].code"),
        ("\"code\":\"0101\"", "\"code\":\"0201\"", "caseTypes[0].code"),
        ("\"code\":\"0101\"", "\"code\":\"0100\"", "caseTypes[0].code"),
        ("\"nameZH\":\"违法搭建\",", "", "caseTypes[0].nameZH"),
        ("\"version\":\"v1\"", "\"version\":\"\"", "version"),
        ("\"code\":\"01\"", "\"code\":\"1\"", "eventClasses[0].code"),
    ])
    func badCatalogueSaysWhere(find: String, replace: String, path: String) {
        let json = Self.good.replacingOccurrences(of: find, with: replace)
        #expect(json != Self.good)
        #expect(failure(json)?.path == path, "\(String(describing: failure(json)))")
    }

    @Test func duplicateTypeCodesAndBrokenJSON() {
        let dup = Self.good.replacingOccurrences(of: "\"caseTypes\":[{", with: """
        "caseTypes":[{"code":"0101","nameZH":"a","nameEN":"b","defaultDepartment":"d","deadline":{"value":1,"unit":"workingHours"}},{
        """)
        #expect(failure(dup)?.path == "caseTypes[1].code")
        #expect(failure(dup)?.problem.contains("duplicate") == true)
        #expect(failure("{\"version\":") != nil)
    }

    @Test func departmentTableIsCheckedAgainstTheCatalogue() throws {
        let catalogue = try CaseTypeCatalogue(data: Data(Self.good.utf8))
        func problem(_ json: String) -> String? {
            if case .badDataFile(_, let path, let problem) = thrown({ _ = try DepartmentTable(data: Data(json.utf8), catalogue: catalogue) }) {
                return "\(path): \(problem)"
            }
            return nil
        }
        #expect(problem(#"{"departments":[{"code":"d","nameZH":"部门","nameEN":"Dept","caseTypes":["0101"]}]}"#) == nil)
        #expect(problem(#"{"departments":[{"code":"e","nameZH":"部门","nameEN":"Dept","caseTypes":["0101"]}]}"#)?.contains("no department d") == true)
        #expect(problem(#"{"departments":[{"code":"d","nameZH":"部门","nameEN":"Dept","caseTypes":[]}]}"#)?.contains("does not list it") == true)
        #expect(problem(#"{"departments":[{"code":"d","nameZH":"部门","nameEN":"Dept","caseTypes":["0101","0555"]}]}"#)?.hasPrefix("departments[0].caseTypes[1]") == true)
        #expect(problem(#"{"departments":[{"code":"d","nameZH":"部门","nameEN":"Dept","caseTypes":["0101"]},{"code":"d","nameZH":"x","nameEN":"y","caseTypes":[]}]}"#)?.hasPrefix("departments[1].code") == true)
    }
}
