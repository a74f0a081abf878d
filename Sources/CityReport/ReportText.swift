import CityModel
import CityQuery
import Foundation

/// How the report's numbers are written, the same way in HTML and in the workbook's headers.
enum ReportText {
    /// 83.3% (one decimal), or — for no rate.
    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    /// The rate in percent to one decimal, as the workbook stores it: the number `percent` prints
    /// (and `citygrid query figures` prints), so that no tie rounds one way on paper and another in
    /// the sheet.
    static func percentNumber(_ v: Double?) -> Double? { v.flatMap { Double(String(format: "%.1f", $0 * 100)) } }
    static func hours(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "—" }
    static func hoursNumber(_ v: Double?) -> Double? { v.flatMap { Double(String(format: "%.1f", $0)) } }

    /// The columns of every ranking, in order: header and value of a line.
    static let rankingHeaders = ["排名", "名称", "受理数", "立案率(%)", "结案率(%)", "按期结案率(%)", "返工率(%)",
                                 "平均处置时长(小时)", "超期未结", "上月立案率(%)", "上月结案率(%)", "上月按期结案率(%)", "上月返工率(%)"]

    static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func title(_ r: AssessmentReport) -> String {
        "\(r.subDistrict ?? "全区")城市管理综合评价月报 \(r.period.year)年\(r.period.month)月"
    }
}
