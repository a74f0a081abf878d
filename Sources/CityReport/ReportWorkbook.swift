import CityModel
import CityQuery
import Foundation

/// The report as a workbook: 汇总, one sheet per ranking, 超期案件 and 网格案件. Rates are numbers
/// in percent to one decimal (the headers say "(%)"), exactly as the HTML prints them.
struct ReportWorkbook {
    let report: AssessmentReport

    init(_ report: AssessmentReport) { self.report = report }

    var workbook: Workbook {
        typealias C = Workbook.Cell
        func n(_ v: Double?) -> C { v.map(C.number) ?? .empty }
        func i(_ v: Int) -> C { .number(Double(v)) }
        func pct(_ v: Double?) -> C { n(ReportText.percentNumber(v)) }
        var book = Workbook()
        let c = report.total, p = report.previousTotal
        book.add("汇总", rows: [
            [.text(ReportText.title(report))],
            [.text("指标"), .text("本月"), .text("上月")],
            [.text("受理数"), i(c.received), i(p.received)],
            [.text("立案率(%)"), pct(c.registrationRate), pct(p.registrationRate)],
            [.text("结案率(%)"), pct(c.closureRate), pct(p.closureRate)],
            [.text("按期结案率(%)"), pct(c.onTimeClosureRate), pct(p.onTimeClosureRate)],
            [.text("返工率(%)"), pct(c.reworkRate), pct(p.reworkRate)],
            [.text("平均处置时长(小时)"), n(ReportText.hoursNumber(c.meanHandlingHours)), n(ReportText.hoursNumber(p.meanHandlingHours))],
            [.text("超期未结"), i(c.overdueOpen), i(p.overdueOpen)],
        ])
        for table in report.tables {
            // The group's key beside its name (a chief's id, a department's code), as /api/v1/figures names it.
            var headers = ReportText.rankingHeaders
            headers.insert("编号", at: 2)
            var rows: [[C]] = [headers.map(C.text)]
            for r in table.rows {
                let x = r.current, y = r.previous
                rows.append([i(r.rank), .text(r.label), .text(r.group), i(x.received), pct(x.registrationRate), pct(x.closureRate),
                             pct(x.onTimeClosureRate), pct(x.reworkRate), n(ReportText.hoursNumber(x.meanHandlingHours)), i(x.overdueOpen),
                             pct(y?.registrationRate), pct(y?.closureRate), pct(y?.onTimeClosureRate), pct(y?.reworkRate)])
            }
            book.add(table.titleZH, rows: rows)
        }
        var overdue: [[C]] = [["案件编号", "类型", "街道", "网格", "处置单位", "状态", "应结时间", "超期天数"].map(C.text)]
        for o in report.overdue {
            overdue.append([.text(o.caseID), .text(o.typeName), .text(o.subDistrict), .text(o.gridCode), .text(o.assignee),
                            .text(o.status.labelZH), .text(CityTime.timestamp(o.dueAt)), i(o.overdueDays)])
        }
        book.add("超期案件", rows: overdue)
        var cells: [[C]] = [["网格编码", "街道", "受理数", "超期未结"].map(C.text)]
        for cell in report.cells { cells.append([.text(cell.code), .text(cell.subDistrict), i(cell.received), i(cell.overdueOpen)]) }
        book.add("网格案件", rows: cells)
        return book
    }
}
