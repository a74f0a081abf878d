import CityModel
import CityStore
import Foundation

extension CityQueries {
    /// The report of `period`, for the district or one sub-district (a name no cell carries is a
    /// `badParameter` naming `parameter`). Figures are taken as of the month's end, so the report
    /// of a closed month does not change.
    public func assessmentReport(period: AssessmentPeriod, subDistrict: String? = nil,
                                 subDistrictParameter: String = "subDistrict") throws -> AssessmentReport {
        let interval = period.interval(on: calendar)
        let previousInterval = period.previous.interval(on: calendar)
        let cells = store.read { view in view[.grids].features.values.compactMap { try? $0.decode(GridCell.self) } }
        if let subDistrict, !cells.contains(where: { $0.subDistrictName == subDistrict }) {
            let known = Set(cells.map(\.subDistrictName)).sorted().joined(separator: ", ")
            throw CityQueryError.badParameter(name: subDistrictParameter, value: subDistrict, reason: "no grid cell lies in it; known: \(known)")
        }
        let cases = try storedCases().filter { subDistrict == nil || $0.attribution?.subDistrict == subDistrict }

        func whole(_ period: DateInterval) throws -> IndicatorFigures {
            IndicatorFigures(try CaseIndicators.compute(cases, period: period, calendar: calendar))
        }
        var tables: [AssessmentTable] = []
        for grouping in [FigureGrouping.subDistrict, .department, .chief] {
            let labels = groupLabels(grouping, cases: cases)
            let previous = Dictionary(uniqueKeysWithValues: try figures(of: cases, by: grouping, period: previousInterval).map {
                ($0.group, IndicatorFigures($0.indicators))
            })
            var rows = try figures(of: cases, by: grouping, period: interval).map {
                RankedGroup(group: $0.group, label: labels[$0.group] ?? $0.group, rank: 0,
                            current: IndicatorFigures($0.indicators), previous: previous[$0.group])
            }
            rows.rank()
            tables.append(AssessmentTable(grouping: grouping, rows: rows))
        }

        var overdue: [OverdueCase] = []
        for c in cases where try c.isOverdue(asOf: interval.end, calendar: calendar) {
            guard let due = try c.dueDate(calendar: calendar), let status = c.status(asOf: interval.end) else { continue }
            overdue.append(OverdueCase(caseID: c.id, typeCode: c.typeCode, typeName: catalogue.caseType(code: c.typeCode)?.nameZH ?? c.typeCode,
                                       subDistrict: c.attribution?.subDistrict ?? "—", gridCode: c.attribution?.gridCode?.description ?? "—",
                                       assignee: assigneeLabel(c.assignment), status: status, dueAt: due,
                                       overdueDays: Int(interval.end.timeIntervalSince(due) / 86_400)))
        }
        overdue.sort { ($0.dueAt, $0.caseID) < ($1.dueAt, $1.caseID) }

        let byCell = Dictionary(uniqueKeysWithValues: try figures(of: cases, by: .grid, period: interval).map { ($0.group, $0.indicators) })
        let cellCounts = cells.filter { subDistrict == nil || $0.subDistrictName == subDistrict }
            .map { cell in
                let i = byCell[cell.code.description]
                return CellCaseCount(code: cell.code.description, subDistrict: cell.subDistrictName,
                                     received: i?.received ?? 0, overdueOpen: i?.overdueOpen ?? 0, shape: cell.shape)
            }
            .sorted { $0.code < $1.code }

        return AssessmentReport(period: period, interval: interval, previousInterval: previousInterval, subDistrict: subDistrict,
                                total: try whole(interval), previousTotal: try whole(previousInterval),
                                tables: tables, overdue: overdue, cells: cellCounts)
    }

    /// Who a case is dispatched to, as the report prints it: a department's name, else the id.
    func assigneeLabel(_ a: Assignment?) -> String {
        guard let a else { return "—" }
        if case .department(let code) = a { return departments.departments.first { $0.code == code }?.nameZH ?? code }
        return "\(a.labelZH) \(a.id)"
    }
}
