import CityModel
import CityQuery
import Foundation
import GeoCore

/// The report as one self-contained HTML page: Chinese headers, inline CSS and SVG (no script, no
/// file or network fetch), printable on A4 with each part on its own page. The PDF is this page
/// printed by Chromium, so what the screen shows and what the paper shows are the same.
public struct ReportHTML: Sendable {
    public let report: AssessmentReport

    public init(_ report: AssessmentReport) { self.report = report }

    public var document: String {
        let r = report
        var h = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <title>\(ReportText.escaped(ReportText.title(r)))</title>
        <style>\(Self.css)</style></head><body>
        <section class="page" id="summary">
        <h1>\(ReportText.escaped(ReportText.title(r)))</h1>
        <p class="meta">统计期 \(CityTime.day(r.interval.start)) 至 \(CityTime.day(r.interval.end.addingTimeInterval(-1)))（北京时间），上月 \(r.period.previous)；
        按期以工作日历（法定节假日与调休）计算。</p>
        <h2>一、总体指标</h2>
        \(summaryTable())
        </section>

        """
        for (n, table) in r.tables.enumerated() {
            h += section(table, number: ["二", "三", "四", "五", "六"][min(n, 4)])
        }
        h += overdueSection()
        h += mapSection()
        h += "</body></html>\n"
        return h
    }

    static let css = """
    body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;color:#222;margin:24px;font-size:12px}
    h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;border-left:4px solid #c0392b;padding-left:6px;margin:14px 0 8px}
    .meta{color:#555}table{border-collapse:collapse;width:100%;margin:6px 0}
    th,td{border:1px solid #bbb;padding:2px 4px;text-align:right;white-space:nowrap}th{background:#f2f2f2;text-align:center}
    td.name{text-align:left}.up{color:#1e8449}.down{color:#c0392b}svg{display:block;margin:6px 0}
    .page{page-break-after:always;break-after:page}.page:last-child{page-break-after:auto;break-after:auto}
    @page{size:A4;margin:12mm}@media print{body{margin:0}}
    """

    func summaryTable() -> String {
        let c = report.total, p = report.previousTotal
        func row(_ name: String, _ now: Double?, _ before: Double?, higherIsBetter: Bool = true) -> String {
            var change = "—", cls = ""
            if let now, let before {
                let d = (now - before) * 100
                change = String(format: "%+.1f 个百分点", d)
                if d != 0 { cls = (d > 0) == higherIsBetter ? "up" : "down" }
            }
            return "<tr><td class=\"name\">\(name)</td><td>\(ReportText.percent(now))</td><td>\(ReportText.percent(before))</td><td class=\"\(cls)\">\(change)</td></tr>"
        }
        return """
        <table class="summary"><tr><th>指标</th><th>本月</th><th>上月</th><th>变化</th></tr>
        <tr><td class="name">受理数</td><td>\(c.received)</td><td>\(p.received)</td><td>\(String(format: "%+d", c.received - p.received))</td></tr>
        \(row("立案率", c.registrationRate, p.registrationRate))
        \(row("结案率", c.closureRate, p.closureRate))
        \(row("按期结案率", c.onTimeClosureRate, p.onTimeClosureRate))
        \(row("返工率", c.reworkRate, p.reworkRate, higherIsBetter: false))
        <tr><td class="name">平均处置时长(小时)</td><td>\(ReportText.hours(c.meanHandlingHours))</td><td>\(ReportText.hours(p.meanHandlingHours))</td><td>—</td></tr>
        <tr><td class="name">超期未结</td><td>\(c.overdueOpen)</td><td>\(p.overdueOpen)</td><td>\(String(format: "%+d", c.overdueOpen - p.overdueOpen))</td></tr>
        </table>
        """
    }

    func section(_ table: AssessmentTable, number: String) -> String {
        var h = "<section class=\"page\" id=\"by-\(table.grouping.rawValue)\">\n<h2>\(number)、按\(table.titleZH)排名</h2>\n"
        h += Self.barChart(table.rows.prefix(25).map { ($0.label, $0.current.onTimeClosureRate) }, title: "按期结案率")
        h += "<table><tr>" + ReportText.rankingHeaders.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for row in table.rows {
            let c = row.current, p = row.previous
            let cells = ["\(row.rank)", ReportText.escaped(row.label), "\(c.received)", ReportText.percent(c.registrationRate),
                         ReportText.percent(c.closureRate), ReportText.percent(c.onTimeClosureRate), ReportText.percent(c.reworkRate),
                         ReportText.hours(c.meanHandlingHours), "\(c.overdueOpen)",
                         ReportText.percent(p?.registrationRate), ReportText.percent(p?.closureRate),
                         ReportText.percent(p?.onTimeClosureRate), ReportText.percent(p?.reworkRate)]
            h += "<tr>" + cells.enumerated().map { i, v in i == 1 ? "<td class=\"name\">\(v)</td>" : "<td>\(v)</td>" }.joined() + "</tr>\n"
        }
        return h + "</table>\n</section>\n"
    }

    func overdueSection() -> String {
        var h = "<section class=\"page\" id=\"overdue\">\n<h2>超期未结案件（截至月末，共 \(report.overdue.count) 件）</h2>\n"
        h += "<table><tr><th>案件编号</th><th>类型</th><th>街道</th><th>网格</th><th>处置单位</th><th>状态</th><th>应结时间</th><th>超期天数</th></tr>\n"
        for o in report.overdue.prefix(Self.overdueListed) {
            h += "<tr><td class=\"name\">\(ReportText.escaped(o.caseID))</td><td class=\"name\">\(ReportText.escaped(o.typeName))</td>"
            h += "<td class=\"name\">\(ReportText.escaped(o.subDistrict))</td><td class=\"name\">\(ReportText.escaped(o.gridCode))</td>"
            h += "<td class=\"name\">\(ReportText.escaped(o.assignee))</td><td>\(o.status.labelZH)</td>"
            h += "<td>\(CityTime.timestamp(o.dueAt).prefix(16).replacingOccurrences(of: "T", with: " "))</td><td>\(o.overdueDays)</td></tr>\n"
        }
        h += "</table>\n"
        if report.overdue.count > Self.overdueListed {
            h += "<p class=\"note\">以上为超期最久的 \(Self.overdueListed) 件；其余 \(report.overdue.count - Self.overdueListed) 件见 XLSX 工作簿“超期案件”表。</p>\n"
        }
        return h + "</section>\n"
    }

    /// Most overdue cases a printed report lists, longest overdue first: a city's month can hold a
    /// quarter of a million (67 MB of HTML, thousands of PDF pages); the workbook lists every one.
    static let overdueListed = 500

    func mapSection() -> String {
        "<section class=\"page\" id=\"map\">\n<h2>网格案件分布图（本月受理数）</h2>\n" + CellMapSVG(cells: report.cells).svg + "\n</section>\n"
    }

    /// Horizontal bars of a rate per group, drawn here (no chart library).
    static func barChart(_ bars: [(String, Double?)], title: String) -> String {
        let rowHeight = 16.0, labelWidth = 150.0, width = 640.0, barSpace = width - labelWidth - 50
        let height = Double(bars.count) * rowHeight + 22
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(title)\">"
        s += "<text x=\"0\" y=\"12\" font-size=\"12\">\(title)</text>"
        for (i, bar) in bars.enumerated() {
            let y = 20 + Double(i) * rowHeight
            let w = (bar.1 ?? 0) * barSpace
            s += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 11)\" font-size=\"11\" text-anchor=\"end\">\(ReportText.escaped(String(bar.0.prefix(14))))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\(String(format: "\"%.1f\"", w)) height=\"\(rowHeight - 4)\" fill=\"#2e86c1\"/>"
            s += "<text x=\(String(format: "\"%.1f\"", labelWidth + w + 4)) y=\"\(y + 11)\" font-size=\"10\">\(ReportText.percent(bar.1))</text>"
        }
        return s + "</svg>\n"
    }
}
