import CityModel
import CityStore
import Foundation

extension CityQueries {
    /// The dashboard's figures at `asOf`. Every indicator is `CaseLedger.tally`'s, so a group's
    /// line equals `/api/v1/figures` over `window` (and each day's, over that day).
    public func dashboard(asOf: Date = Date()) throws -> DashboardFigures {
        let ledger = try caseLedger.columns(for: self)
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

        // The rankings take every case, so that their groups are /api/v1/figures' groups; the daily
        // series walk only the cases the window can count, the days on every core.
        let groupings: [FigureGrouping] = [.subDistrict, .department, .chief]
        let ranking = ledger.tally(groupings, period: window, indices: 0..<ledger.count)
        let (ws, we) = window.seconds
        let active = ledger.withTimelines { timelines in (0..<ledger.count).filter { timelines[$0].counts(from: ws, to: we) } }
        let daily = try inParallelChunks(dayIntervals, minimumChunk: 1) { days in
            days.map { ledger.tally(groupings, period: $0, indices: active) }
        }
        let nothing = IndicatorFigures(.zero)

        func trend(_ g: Int) -> [TrendGroup] {
            let labels = groupLabels(groupings[g], ledger: ledger)
            var ranked = ranking[g].map { key, indicators in
                let group = ledger.name(of: key, groupings[g])
                return RankedGroup(group: group, label: labels[group] ?? group, rank: 0, current: IndicatorFigures(indicators))
            }
            ranked.rank()
            let keys = Dictionary(uniqueKeysWithValues: ranking[g].keys.map { (ledger.name(of: $0, groupings[g]), $0) })
            return ranked.map { r in
                let key = keys[r.group]!
                return TrendGroup(ranked: r, daily: daily.map { day in day[g][key].map(IndicatorFigures.init) ?? nothing })
            }
        }

        let now = asOf.timeIntervalSinceReferenceDate
        return DashboardFigures(
            asOf: asOf,
            today: DayCounts(ledger, interval: DateInterval(start: midnight, end: asOf)),
            sameDayLastWeek: DayCounts(ledger, interval: DateInterval(start: midnight - week, end: asOf - week)),
            windowStart: window.start, windowEnd: window.end, days: dayStarts.map(CityTime.day),
            subDistricts: trend(0), departments: trend(1), chiefs: trend(2),
            topCells: openCounts(ledger, by: .grid, asOf: now), topSegments: openCounts(ledger, by: .segment, asOf: now),
            repeatOffenders: repeatOffenders(ledger, since: ws, until: now))
    }

    /// The ten cells or segments with the most open cases at `asOf` (ties by overdue, then key).
    func openCounts(_ ledger: CaseLedger, by grouping: FigureGrouping, asOf: Double, limit: Int = 10) -> [OpenCaseCount] {
        var counts: [Int32: (open: Int, overdue: Int, label: Int32)] = [:]
        let keys = grouping == .segment ? ledger.segments : ledger.grids
        ledger.withTimelines { timelines in
            for i in 0..<ledger.count {
                let t = timelines[i]
                guard t.isOpen(asOf: asOf) else { continue }
                let key = keys[i]
                if key == CaseLedger.dash { continue }   // a case on no cell or segment is nobody's place to send a patrol
                let label = grouping == .segment ? ledger.segmentLabels[i] : -1
                counts[key, default: (0, 0, label)].open += 1
                if t.isOverdue(asOf: asOf) { counts[key]!.overdue += 1 }
            }
        }
        return counts.map { key, c in
            let id = ledger.name(of: key, grouping)
            return OpenCaseCount(id: id, label: c.label >= 0 ? ledger.names[Int(c.label)] : id, open: c.open, overdue: c.overdue)
        }
        .sorted { ($1.open, $1.overdue, $0.id) < ($0.open, $0.overdue, $1.id) }.prefix(limit).map { $0 }
    }

    /// Offenders whose latest case (reported in `since..<until`) has earlier cases linked to it by
    /// `RepeatOffenderRule`, most cases first, at most `limit`. Cases are gathered by dossier (same
    /// storefront, else same structure), where the rule links every earlier case reported strictly
    /// before that was a separate violation (not cancelled, merged or rejected at registration).
    func repeatOffenders(_ ledger: CaseLedger, since: Double, until: Double, limit: Int = 10) -> [RepeatOffender] {
        var byDossier: [Int32: [Int]] = [:]
        for i in 0..<ledger.count where ledger.dossiers[i] >= 0 && ledger.reported[i] < until {
            byDossier[ledger.dossiers[i], default: []].append(i)
        }
        var offenders: [RepeatOffender] = []
        for (key, members) in byDossier {
            let violations = members.filter { !RepeatOffenderRule.neverAViolation.contains(ledger.statuses[$0]) }
            guard let latest = violations.filter({ ledger.reported[$0] >= since })
                .max(by: { (ledger.reported[$0], ledger.ids[$0]) < (ledger.reported[$1], ledger.ids[$1]) }) else { continue }
            let links = violations.filter { ledger.ids[$0] != ledger.ids[latest] && ledger.reported[$0] < ledger.reported[latest] }.count
            guard links > 0 else { continue }
            let dossier = ledger.names[Int(key)]
            let kind: RepeatOffender.Kind = dossier.hasPrefix("storefront:") ? .storefront : .structure
            let id = String(dossier.drop { $0 != ":" }.dropFirst())
            offenders.append(RepeatOffender(kind: kind, id: id, label: id, cases: links + 1, latestCaseID: ledger.ids[latest],
                                            latestReportedAt: Date(timeIntervalSinceReferenceDate: ledger.reported[latest])))
        }
        var top = offenders.sorted { ($1.cases, $1.latestReportedAt, $0.id) < ($0.cases, $0.latestReportedAt, $1.id) }.prefix(limit).map { $0 }
        // Names only for the few listed: the shop's name, the structure's address.
        store.read { view in
            for i in top.indices {
                switch top[i].kind {
                case .storefront:
                    if let s = try? view[.storefronts].feature(id: top[i].id)?.decode(Storefront.self) { top[i].label = s.name }
                case .structure:
                    if let s = try? view[.structures].feature(id: top[i].id)?.decode(IllegalStructure.self) { top[i].label = s.address }
                }
            }
        }
        return top
    }

    /// People's names for the groups' keys: departments by their table (a grid team or an officer
    /// a case was dispatched to, by what it is and its id), chiefs by the segments layer;
    /// sub-districts, cells and types are their own names.
    func groupLabels(_ grouping: FigureGrouping, ledger: CaseLedger) -> [String: String] {
        switch grouping {
        case .department:
            var names: [String: String] = [:]
            for a in ledger.assignees where !a.isDepartment { names[a.id] = "\(a.labelZH) \(a.id)" }
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
