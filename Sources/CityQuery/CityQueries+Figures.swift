import CityModel
import CityStore
import Foundation

/// How figures are grouped.
public enum FigureGrouping: String, Sendable, CaseIterable, Codable {
    case subDistrict, grid, segment, chief, department, type
}

/// The evaluation indicators of digital city management for one group, plus the dossier figures.
public struct GroupFigures: Sendable {
    public var group: String
    public var indicators: CaseIndicators
}

extension CityQueries {
    /// 立案率, 结案率, 按期结案率, 返工率 and overdue counts per group over `period`, computed from
    /// the cases' timelines (the definitions are CityModel's `CaseIndicators`). Cases are grouped
    /// by the attribution they were reported with, so a re-drawn grid does not rewrite last
    /// year's figures; the department is the one a case was last dispatched to before the
    /// period's end, so dispatching today a case reported last month does not move last month's
    /// figures from one department to another. A case with no group counts under "—": figures
    /// leave no case out. The one computation behind `/api/v1/figures`, `citygrid query figures`,
    /// the dashboard and the monthly report (`CaseLedger.tally`).
    public func figures(by grouping: FigureGrouping, period: DateInterval) throws -> [GroupFigures] {
        let ledger = try caseLedger.columns(for: self)
        return ledger.figures(ledger.tally([grouping], period: period, indices: 0..<ledger.count)[0], grouping)
    }
}
