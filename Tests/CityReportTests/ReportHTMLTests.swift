import CityModel
import Foundation
import GeoCore
import Testing
@testable import CityQuery
@testable import CityReport

/// The report's page on a report made by hand: its parts in order, one map shape per cell coloured
/// by its count, names escaped, nothing the Content-Security-Policy or a printer would refuse.
@Suite struct ReportHTMLTests {
    static func square(_ x: Double, _ y: Double) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: LinearRing([Point(x: x, y: y), Point(x: x + 100, y: y), Point(x: x + 100, y: y + 100),
                                                   Point(x: x, y: y + 100), Point(x: x, y: y)]))])
    }

    static func figures(received: Int, due: Int, onTime: Int) -> IndicatorFigures {
        var i = IndicatorFigures(try! CaseIndicators.compute([], period: DateInterval(start: .distantPast, duration: 1),
                                                             calendar: WorkingCalendar.bundled()))
        i.received = received
        i.due = due
        i.closedOnTime = onTime
        i.onTimeClosureRate = due == 0 ? nil : Double(onTime) / Double(due)
        return i
    }

    static let report: AssessmentReport = {
        let month = AssessmentPeriod(year: 2026, month: 11)
        let rows = [RankedGroup(group: "A", label: "张<路长>", rank: 1, current: figures(received: 4, due: 2, onTime: 2), previous: nil),
                    RankedGroup(group: "B", label: "李路长", rank: 2, current: figures(received: 3, due: 3, onTime: 1),
                                previous: figures(received: 1, due: 1, onTime: 1))]
        return AssessmentReport(
            period: month, interval: DateInterval(start: CityTime.parse("2026-11-01")!, end: CityTime.parse("2026-12-01")!),
            previousInterval: DateInterval(start: CityTime.parse("2026-10-01")!, end: CityTime.parse("2026-11-01")!),
            subDistrict: "南京东路街道", total: figures(received: 7, due: 5, onTime: 3), previousTotal: figures(received: 1, due: 1, onTime: 1),
            tables: [AssessmentTable(grouping: .subDistrict, rows: []), AssessmentTable(grouping: .department, rows: []),
                     AssessmentTable(grouping: .chief, rows: rows)],
            overdue: [OverdueCase(caseID: "C", typeCode: "0104", typeName: "毁坏绿化", subDistrict: "南京东路街道", gridCode: "310101-002-001-0002",
                                  assignee: "区绿化和市容管理局", status: .dispatched, dueAt: CityTime.parse("2026-11-30T17:00")!, overdueDays: 0)],
            cells: [CellCaseCount(code: "0001", subDistrict: "南京东路街道", received: 4, overdueOpen: 0, shape: square(0, 0)),
                    CellCaseCount(code: "0002", subDistrict: "南京东路街道", received: 0, overdueOpen: 0, shape: square(100, 0)),
                    CellCaseCount(code: "0003", subDistrict: "南京东路街道", received: 1, overdueOpen: 1, shape: square(0, 100))])
    }()

    @Test func partsInOrderEachOnItsPage() {
        let html = ReportHTML(Self.report).document
        let parts = ["南京东路街道城市管理综合评价月报 2026年11月", "一、总体指标", "按街道排名", "按处置部门排名", "按路长排名", "超期未结案件（截至月末，共 1 件）", "网格案件分布图"]
        let positions = parts.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "every part is there")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "in order")
        #expect(html.components(separatedBy: "<section class=\"page\"").count - 1 == 6, "a summary page, three rankings, the overdue list, the map")
        #expect(html.contains("page-break-after:always"))
        #expect(!html.contains("<script"), "no script: the report is a document")
        #expect(!html.contains("src=\"http"), "nothing fetched from elsewhere")
    }

    @Test func rowsAndMapShowTheFigures() {
        let html = ReportHTML(Self.report).document
        #expect(html.contains("张&lt;路长&gt;") && !html.contains("张<路长>"), "names are escaped")
        // Chief A: 2 of 2 on time; B: 1 of 3; B's last month 1 of 1.
        #expect(html.contains("<td>100.0%</td>") && html.contains("<td>33.3%</td>"))
        #expect(html.contains("<td>60.0%</td><td>100.0%</td>"), "the summary: 3/5 this month beside 1/1 last month")
        // One path per cell; the busiest (4) darkest, the empty one palest, 1 of 4 in the second class.
        let paths = html.components(separatedBy: "<path ").dropFirst()
        #expect(paths.count == 3)
        #expect(paths.first?.contains("fill=\"#bd0026\"") == true)
        #expect(Array(paths)[1].contains("fill=\"#ffffcc\""))
        #expect(Array(paths)[2].contains("fill=\"#fecc5c\""))
        // Cell 0001 (x 0…100, y 0…100) is drawn bottom-left: y grows down in SVG.
        let scale = min(680.0 / 200, 780.0 / 200)
        #expect(paths.first?.contains(String(format: "M0.0 %.1f", 200 * scale)) == true)
    }
}

extension ReportHTMLTests {
    /// A city's month can hold hundreds of thousands of overdue cases: the page lists the longest
    /// overdue (the report's order) up to `overdueListed` and says how many more the workbook holds.
    @Test func aLongOverdueListIsCutAndSaysWhereTheRestIs() throws {
        var report = Self.report
        let one = try #require(report.overdue.first)
        report.overdue = (0..<(ReportHTML.overdueListed + 7)).map { k in
            var o = one
            o.caseID = String(format: "OD-%05d", k)
            return o
        }
        let html = ReportHTML(report).document
        #expect(html.contains("共 \(ReportHTML.overdueListed + 7) 件"))
        #expect(html.contains("OD-00000") && html.contains(String(format: "OD-%05d", ReportHTML.overdueListed - 1)))
        #expect(!html.contains(String(format: "OD-%05d", ReportHTML.overdueListed)))
        #expect(html.contains("其余 7 件见 XLSX 工作簿"))
        let workbook = ReportWorkbook(report).workbook.sheets.first { $0.name == "超期案件" }
        #expect(workbook?.rows.count == ReportHTML.overdueListed + 7 + 1, "the workbook lists every one, under a header")
    }
}
