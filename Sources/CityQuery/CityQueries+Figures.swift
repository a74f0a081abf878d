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
    /// the cases' histories (the definitions are CityModel's `CaseIndicators`). Cases are grouped
    /// by the attribution they were reported with, so a re-drawn grid does not rewrite last
    /// year's figures.
    public func figures(by grouping: FigureGrouping, period: DateInterval) throws -> [GroupFigures] {
        try figures(of: storedCases(), by: grouping, period: period)
    }

    /// The one computation behind `/api/v1/figures`, `citygrid query figures`, the dashboard and
    /// the monthly report: each asks it of the cases it selected.
    func figures(of cases: [ViolationCase], by grouping: FigureGrouping, period: DateInterval) throws -> [GroupFigures] {
        let grouped = try CaseIndicators.computeByGroup(cases, period: period, calendar: calendar) { grouping.key(of: $0, asOf: period.end) }
        return grouped.map { GroupFigures(group: $0.key, indicators: $0.value) }.sorted { $0.group < $1.group }
    }

    /// Every case of the store, decoded.
    func storedCases() throws -> [ViolationCase] {
        let features = store.read { view in Array(view[.cases].features.values) }
        // Most of a first dashboard or report at a million cases: decoded on every core.
        return try inParallelChunks(features) { try $0.map { try $0.decode(ViolationCase.self) } }
    }
}

extension FigureGrouping {
    /// The group a case counts in as of `date`; "—" when the case has none (figures leave no case
    /// out). The department is the one the case was last dispatched to before `date`, like every
    /// count of `CaseIndicators`: dispatching today a case reported last month does not move last
    /// month's figures from one department to another.
    public func key(of c: ViolationCase, asOf date: Date) -> String {
        if self == .department {
            let dispatched = c.history.last { t in
                if case .dispatch = t.event, t.at < date { true } else { false }
            }
            guard case .dispatch(let to, _)? = dispatched?.event else { return "—" }
            if case .department(let code) = to { return code }
            return to.id
        }
        return key(of: c)
    }

    /// The group a case counts in now.
    public func key(of c: ViolationCase) -> String {
        switch self {
        case .subDistrict: c.attribution?.subDistrict ?? "—"
        case .grid: c.attribution?.gridCode?.description ?? "—"
        case .segment: c.attribution?.segment?.segmentID ?? "—"
        case .chief: c.attribution?.segment?.chiefID ?? "—"
        case .department:
            if case .department(let code)? = c.assignment { code } else { c.assignment.map { "\($0.id)" } ?? "—" }
        case .type: c.typeCode
        }
    }
}
