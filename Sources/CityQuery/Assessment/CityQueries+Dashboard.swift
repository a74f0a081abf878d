import CityModel
import CityStore
import Foundation

extension CityQueries {
    /// The dashboard's figures at `asOf`. Every indicator is `figures(of:by:period:)`'s, so a
    /// group's line equals `/api/v1/figures` over `window` (and each day's, over that day).
    public func dashboard(asOf: Date = Date()) throws -> DashboardFigures {
        let cases = try storedCases()
        let today = calendar.day(of: asOf)
        let midnight = calendar.date(today)
        let week: TimeInterval = 7 * 86_400
        // The 30 days ending today: calendar days, so a sparkline point is one day on the wall clock.
        // (Noon of each day back, then its midnight: right even where a zone keeps daylight saving.)
        let dayStarts = (0..<30).reversed().map { k in
            calendar.date(calendar.day(of: midnight.addingTimeInterval(43_200 - Double(k) * 86_400)))
        }
        let window = DateInterval(start: dayStarts[0], end: asOf)
        let dayIntervals = dayStarts.enumerated().map { i, start in
            DateInterval(start: start, end: i + 1 < dayStarts.count ? dayStarts[i + 1] : asOf)
        }

        // The daily series walk only the cases the window can count (`counts(in:calendar:)`); the
        // rankings take every case, so that their groups are /api/v1/figures' groups.
        let active = try cases.filter { try $0.counts(in: window, calendar: calendar) }

        func trend(_ grouping: FigureGrouping) throws -> [TrendGroup] {
            let labels = groupLabels(grouping, cases: cases)
            var ranked = try figures(of: cases, by: grouping, period: window).map {
                RankedGroup(group: $0.group, label: labels[$0.group] ?? $0.group, rank: 0, current: IndicatorFigures($0.indicators))
            }
            ranked.rank()
            var daily: [String: [IndicatorFigures]] = [:]
            for interval in dayIntervals {
                let byGroup = Dictionary(uniqueKeysWithValues: try figures(of: active, by: grouping, period: interval).map { ($0.group, $0.indicators) })
                let nothing = try CaseIndicators.compute([], period: interval, calendar: calendar)
                for r in ranked {
                    daily[r.group, default: []].append(IndicatorFigures(byGroup[r.group] ?? nothing))
                }
            }
            return ranked.map { TrendGroup(ranked: $0, daily: daily[$0.group] ?? []) }
        }

        return DashboardFigures(
            asOf: asOf,
            today: try DayCounts(cases, interval: DateInterval(start: midnight, end: asOf), calendar: calendar),
            sameDayLastWeek: try DayCounts(cases, interval: DateInterval(start: midnight - week, end: asOf - week), calendar: calendar),
            windowStart: window.start, windowEnd: window.end, days: dayStarts.map(CityTime.day),
            subDistricts: try trend(.subDistrict), departments: try trend(.department), chiefs: try trend(.chief),
            topCells: try openCounts(cases, by: .grid, asOf: asOf), topSegments: try openCounts(cases, by: .segment, asOf: asOf),
            repeatOffenders: repeatOffenders(cases, since: window.start, until: asOf))
    }

    /// The ten groups with the most open cases at `asOf` (ties by overdue, then key).
    func openCounts(_ cases: [ViolationCase], by grouping: FigureGrouping, asOf: Date, limit: Int = 10) throws -> [OpenCaseCount] {
        var counts: [String: OpenCaseCount] = [:]
        for c in cases where c.isOpen(asOf: asOf) {
            let key = grouping.key(of: c)
            if key == "—" { continue }   // a case on no cell or segment is nobody's place to send a patrol
            let label = grouping == .segment ? c.attribution?.segment.map { "\($0.roadName) \($0.segmentID.split(separator: "-").last ?? "")" } ?? key : key
            counts[key, default: OpenCaseCount(id: key, label: label, open: 0, overdue: 0)].open += 1
            if try c.isOverdue(asOf: asOf, calendar: calendar) { counts[key]!.overdue += 1 }
        }
        return counts.values.sorted { ($1.open, $1.overdue, $0.id) < ($0.open, $0.overdue, $1.id) }.prefix(limit).map { $0 }
    }

    /// Offenders whose latest case (reported in `since..<until`) has earlier cases linked to it by
    /// `RepeatOffenderRule` (same storefront or structure), most cases first, at most `limit`.
    func repeatOffenders(_ cases: [ViolationCase], since: Date, until: Date, limit: Int = 10) -> [RepeatOffender] {
        let rule = RepeatOffenderRule()
        var byDossier: [String: [ViolationCase]] = [:]
        for c in cases where c.reportedAt < until {
            if let shop = c.storefrontID { byDossier["storefront:" + shop, default: []].append(c) }
            else if let structure = c.structureID { byDossier["structure:" + structure, default: []].append(c) }
        }
        let names = store.read { view -> [String: String] in
            var names: [String: String] = [:]
            for f in view[.storefronts].features.values { if let s = try? f.decode(Storefront.self) { names["storefront:" + s.id] = s.name } }
            for f in view[.structures].features.values { if let s = try? f.decode(IllegalStructure.self) { names["structure:" + s.id] = s.address } }
            return names
        }
        var offenders: [RepeatOffender] = []
        for (key, group) in byDossier {
            guard let latest = group.filter({ $0.reportedAt >= since && !CaseMoments.notAViolation.contains($0.status) })
                .max(by: { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }) else { continue }
            let links = rule.earlierCases(linkedTo: latest, among: group)
            guard !links.isEmpty else { continue }
            let kind: RepeatOffender.Kind = key.hasPrefix("storefront:") ? .storefront : .structure
            let id = String(key.drop { $0 != ":" }.dropFirst())
            offenders.append(RepeatOffender(kind: kind, id: id, label: names[key] ?? id, cases: links.count + 1,
                                            latestCaseID: latest.id, latestReportedAt: latest.reportedAt))
        }
        return offenders.sorted { ($1.cases, $1.latestReportedAt, $0.id) < ($0.cases, $0.latestReportedAt, $1.id) }.prefix(limit).map { $0 }
    }

    /// People's names for the groups' keys: departments by their table (a grid team or an officer
    /// a case was dispatched to, by what it is and its id), chiefs by the segments layer;
    /// sub-districts, cells and types are their own names.
    func groupLabels(_ grouping: FigureGrouping, cases: [ViolationCase]) -> [String: String] {
        switch grouping {
        case .department:
            var names: [String: String] = [:]
            for c in cases {
                for t in c.history {
                    if case .dispatch(let to, _) = t.event, !(to.isDepartment) { names[to.id] = "\(to.labelZH) \(to.id)" }
                }
            }
            for d in departments.departments { names[d.code] = d.nameZH }
            return names
        case .chief:
            return store.read { view in
                var names: [String: String] = [:]
                for f in view[.segments].features.values {
                    if let s = try? f.decode(ChiefSegment.self), let chief = s.chief { names[chief.id] = chief.name }
                }
                return names
            }
        case .type:
            return Dictionary(catalogue.caseTypes.map { ($0.code, $0.nameZH) }, uniquingKeysWith: { a, _ in a })
        default:
            return [:]
        }
    }
}

extension Assignment {
    var isDepartment: Bool { if case .department = self { true } else { false } }
}

extension CaseMoments {
    /// Statuses that were never a separate violation (as `RepeatOffenderRule` reads them).
    static let notAViolation: Set<CaseStatus> = [.cancelled, .mergedAsDuplicate, .notRegistered]
}
