import CityModel
import CityStore
import Foundation

/// Every case as the figures count it: its timeline and the groups it counts in, in rowid order,
/// the groups' names interned. The dashboard's 31 periods × 3 groupings and a month's report are
/// sweeps over these rows (a million cases in tens of milliseconds a period), not a decoding of a
/// million case documents per request; a write patches in the cases it touched (`CaseColumnsCache`).
struct CaseLedger: CaseColumns {
    static let what = "the case figures"
    private(set) var sequence: Int64
    let casesGeneration: UInt64
    let gridsGeneration: UInt64
    let rows: [Row]
    /// Every group's key and every label, interned: a row's groups are indices into it.
    let names: [String]
    /// Everyone a case was ever dispatched or assigned to.
    let assignees: [Assignment]
    /// `names` index of each assignee's group key (`FigureGrouping.department`: its id or code).
    let assigneeKeys: [Int32]
    /// The `names` index of "—", the group of a case with none.
    let dash: Int32

    struct Row: Sendable {
        var rowid: Int64
        var id: String
        var status: CaseStatus
        var timeline: CaseTimeline
        /// `names` indices; a case with no sub-district, cell, segment or chief counts under "—".
        var type, subDistrict, grid, segment, chief: Int32
        /// `names` indices, -1 when none.
        var segmentLabel, dossier: Int32
        /// `assignees` indices: the current one (-1 when none), and each dispatch's in order.
        var assignment: Int32
        var dispatchedTo: [Int32]
    }

    init(cases features: [(Int64, StoredFeature)], cellCodes: [String], sequence: Int64, generations: (cases: UInt64, grids: UInt64),
         calendar: WorkingCalendar, known: [Int64: CaseFacts]) throws {
        let facts = try inParallelChunks(features) { chunk in
            try chunk.map { rowid, f in (rowid, try CaseFacts.of(f, known: known[rowid], calendar: calendar)) }
        }
        self.init(merging: nil, dropping: [], facts: facts, sequence: sequence, generations: generations)
    }

    func patched(_ changed: [Int64: StoredFeature?], sequence: Int64, casesGeneration: UInt64, calendar: WorkingCalendar) throws -> CaseLedger {
        if changed.isEmpty {
            var same = self
            same.sequence = sequence
            return same
        }
        let now = try changed.compactMap { rowid, f in try f.map { (rowid, try CaseFacts.of($0, calendar: calendar)) } }
        return CaseLedger(merging: self, dropping: Set(changed.keys), facts: now, sequence: sequence,
                          generations: (casesGeneration, gridsGeneration))
    }

    /// `old`'s rows except those in `dropping`, merged in rowid order with the rows of `facts`.
    private init(merging old: CaseLedger?, dropping: Set<Int64>, facts unsorted: [(Int64, CaseFacts)], sequence: Int64,
                 generations: (cases: UInt64, grids: UInt64)) {
        self.sequence = sequence
        casesGeneration = generations.cases
        gridsGeneration = generations.grids
        var names = old?.names ?? [], assignees = old?.assignees ?? [], assigneeKeys = old?.assigneeKeys ?? []
        var nameIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        var assigneeIndex = Dictionary(uniqueKeysWithValues: assignees.enumerated().map { ($1, Int32($0)) })
        func name(_ s: String) -> Int32 {
            if let i = nameIndex[s] { return i }
            let i = Int32(names.count)
            names.append(s)
            nameIndex[s] = i
            return i
        }
        func assignee(_ a: Assignment) -> Int32 {
            if let i = assigneeIndex[a] { return i }
            let i = Int32(assignees.count)
            assignees.append(a)
            assigneeKeys.append(name(a.id))
            assigneeIndex[a] = i
            return i
        }
        func row(_ rowid: Int64, _ f: CaseFacts) -> Row {
            Row(rowid: rowid, id: f.id, status: f.status, timeline: f.timeline, type: name(f.typeCode),
                subDistrict: name(f.subDistrict ?? "—"), grid: name(f.gridCode ?? "—"), segment: name(f.segmentID ?? "—"),
                chief: name(f.chiefID ?? "—"), segmentLabel: f.segmentLabel.map(name) ?? -1, dossier: f.dossier.map(name) ?? -1,
                assignment: f.assignment.map(assignee) ?? -1, dispatchedTo: f.dispatchedTo.map(assignee))
        }
        dash = name("—")
        let facts = unsorted.sorted { $0.0 < $1.0 }
        var rows: [Row] = []
        rows.reserveCapacity((old?.rows.count ?? 0) + facts.count)
        var next = 0
        for r in old?.rows ?? [] where !dropping.contains(r.rowid) {
            while next < facts.count, facts[next].0 < r.rowid {
                rows.append(row(facts[next].0, facts[next].1))
                next += 1
            }
            rows.append(r)
        }
        while next < facts.count {
            rows.append(row(facts[next].0, facts[next].1))
            next += 1
        }
        self.rows = rows
        self.names = names
        self.assignees = assignees
        self.assigneeKeys = assigneeKeys
    }

    /// The `names` index of the group `r` counts in under `grouping` as of `end` (seconds): the
    /// department is the one it was last dispatched to before `end` (`FigureGrouping.key(of:asOf:)`).
    func group(of r: Row, _ grouping: FigureGrouping, before end: Double) -> Int32 {
        switch grouping {
        case .subDistrict: return r.subDistrict
        case .grid: return r.grid
        case .segment: return r.segment
        case .chief: return r.chief
        case .type: return r.type
        case .department:
            // The last dispatch in the history's order seen before `end`; `dispatchedTo` holds one
            // assignee per dispatch step, in the same order.
            var k = 0, chosen = -1
            for s in r.timeline.steps where s.kind == .dispatch {
                if s.at < end { chosen = k }
                k += 1
            }
            guard chosen >= 0, chosen < r.dispatchedTo.count else { return dash }
            return assigneeKeys[Int(r.dispatchedTo[chosen])]
        }
    }

    /// The indicators over `period` of `rows`, per group of each of `groupings`: every group a row
    /// counts in is present, even with nothing counted (so the groups are `/api/v1/figures`' groups).
    func tally(_ groupings: [FigureGrouping], period: DateInterval, rows: some Sequence<Row>) -> [[Int32: CaseIndicators]] {
        let (start, end) = period.seconds
        var out = [[Int32: CaseIndicators]](repeating: [:], count: groupings.count)
        for r in rows {
            var one = CaseIndicators.zero
            one.count(r.timeline, from: start, to: end)
            for (g, grouping) in groupings.enumerated() {
                out[g][group(of: r, grouping, before: end), default: .zero].add(one)
            }
        }
        return out
    }

    /// The indicators over `period` of `rows`, all groups together.
    func total(period: DateInterval, rows: some Sequence<Row>) -> CaseIndicators {
        let (start, end) = period.seconds
        var all = CaseIndicators.zero
        for r in rows { all.count(r.timeline, from: start, to: end) }
        return all
    }

    /// `tally`'s groups as `GroupFigures` ordered by key: what `/api/v1/figures` answers.
    func figures(_ tallied: [Int32: CaseIndicators]) -> [GroupFigures] {
        tallied.map { GroupFigures(group: names[Int($0.key)], indicators: $0.value) }.sorted { $0.group < $1.group }
    }
}
