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
        let ledger = try caseLedger.columns(for: self)
        let rows: [Int]
        if let subDistrict {
            let key = ledger.groupNames[FigureGrouping.subDistrict.ordinal].firstIndex(of: subDistrict).map(Int32.init)
            rows = (0..<ledger.count).filter { ledger.subDistricts[$0] == key }
        } else {
            rows = Array(0..<ledger.count)
        }

        let groupings: [FigureGrouping] = [.subDistrict, .department, .chief]
        let current = ledger.tally(groupings + [.grid], period: interval, indices: rows)
        let previous = ledger.tally(groupings, period: previousInterval, indices: rows)
        var tables: [AssessmentTable] = []
        for (g, grouping) in groupings.enumerated() {
            let labels = groupLabels(grouping, ledger: ledger)
            var lines = current[g].map { key, indicators in
                let group = ledger.name(of: key, grouping)
                return RankedGroup(group: group, label: labels[group] ?? group, rank: 0,
                                   current: IndicatorFigures(indicators), previous: previous[g][key].map(IndicatorFigures.init))
            }
            lines.rank()
            tables.append(AssessmentTable(grouping: grouping, rows: lines))
        }

        let end = interval.end.timeIntervalSinceReferenceDate
        var overdue: [OverdueCase] = []
        ledger.withTimelines { timelines in
            for i in rows {
                let t = timelines[i]
                guard t.isOverdue(asOf: end), let due = t.due, let status = t.status(asOf: end) else { continue }
                let typeCode = ledger.name(of: ledger.types[i], .type)
                let assignment = ledger.assignments[i]
                overdue.append(OverdueCase(caseID: ledger.ids[i], typeCode: typeCode, typeName: catalogue.caseType(code: typeCode)?.nameZH ?? typeCode,
                                           subDistrict: ledger.name(of: ledger.subDistricts[i], .subDistrict),
                                           gridCode: ledger.name(of: ledger.grids[i], .grid),
                                           assignee: assigneeLabel(assignment >= 0 ? ledger.assignees[Int(assignment)] : nil),
                                           status: status, dueAt: Date(timeIntervalSinceReferenceDate: due),
                                           overdueDays: Int((end - due) / 86_400)))
            }
        }
        overdue.sort { ($0.dueAt, $0.caseID) < ($1.dueAt, $1.caseID) }

        let byCell = Dictionary(uniqueKeysWithValues: current[3].map { (ledger.name(of: $0.key, .grid), $0.value) })
        let cellCounts = cells.filter { subDistrict == nil || $0.subDistrictName == subDistrict }
            .map { cell in
                let i = byCell[cell.code.description]
                return CellCaseCount(code: cell.code.description, subDistrict: cell.subDistrictName,
                                     received: i?.received ?? 0, overdueOpen: i?.overdueOpen ?? 0, shape: cell.shape)
            }
            .sorted { $0.code < $1.code }

        return AssessmentReport(period: period, interval: interval, previousInterval: previousInterval, subDistrict: subDistrict,
                                total: IndicatorFigures(ledger.total(period: interval, indices: rows)),
                                previousTotal: IndicatorFigures(ledger.total(period: previousInterval, indices: rows)),
                                tables: tables, overdue: overdue, cells: cellCounts)
    }

    /// Who a case is dispatched to, as the report prints it: a department's name, else the id.
    func assigneeLabel(_ a: Assignment?) -> String {
        guard let a else { return "—" }
        if case .department(let code) = a { return departments.departments.first { $0.code == code }?.nameZH ?? code }
        return "\(a.labelZH) \(a.id)"
    }
}
