import CityModel
import Foundation
import GeoCore

/// The monthly assessment report (月度综合评价): its figures, computed once here and rendered by
/// CityReport as HTML, PDF or a workbook. Every indicator is `figures(of:by:period:)`'s.
public struct AssessmentReport: Sendable {
    public var period: AssessmentPeriod
    public var interval: DateInterval
    public var previousInterval: DateInterval
    /// The sub-district the report is limited to, or nil for the whole district.
    public var subDistrict: String?
    /// The whole (district or sub-district) this month and last.
    public var total: IndicatorFigures
    public var previousTotal: IndicatorFigures
    /// Rankings by sub-district, department and road chief, last month beside each line.
    public var tables: [AssessmentTable]
    /// Cases open and overdue at the month's end, most overdue first.
    public var overdue: [OverdueCase]
    /// Cases received in the month per grid cell, with the cell's shape (working CRS, metres).
    public var cells: [CellCaseCount]
}

public struct AssessmentTable: Sendable {
    public var grouping: FigureGrouping
    public var rows: [RankedGroup]

    /// 街道, 职能部门, 路长: the table's name on paper.
    public var titleZH: String {
        switch grouping {
        case .subDistrict: "街道"
        case .department: "处置部门"
        case .chief: "路长"
        case .grid: "网格"
        case .segment: "路段"
        case .type: "案件类型"
        }
    }
}

public struct OverdueCase: Sendable, Hashable {
    public var caseID: String
    public var typeCode: String
    public var typeName: String
    public var subDistrict: String
    public var gridCode: String
    public var assignee: String
    public var status: CaseStatus
    public var dueAt: Date
    /// Whole days between the due date and the month's end.
    public var overdueDays: Int
}

public struct CellCaseCount: Sendable {
    public var code: String
    public var subDistrict: String
    public var received: Int
    public var overdueOpen: Int
    public var shape: MultiPolygon
}
