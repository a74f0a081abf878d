import CityModel
import CityStore
import Foundation

/// Every case as the figures count it, in flat columns in rowid order: its timeline (every case's
/// steps end to end in one array), the groups it counts in (interned names) and who it was
/// dispatched to. The dashboard's 31 periods × 3 groupings and a month's report are sweeps over
/// these numbers, with no reference counted per case, not a decoding of a million case
/// documents per request; a write patches in the cases it touched (`CaseColumnsCache`).
struct CaseLedger: CaseColumns {
    static let what = "the case figures"
    private(set) var sequence: Int64
    let casesGeneration: UInt64
    let gridsGeneration: UInt64

    let rowids: [Int64]
    let ids: [String]
    let statuses: [CaseStatus]
    let reported: [Double]
    let due: [Double?]
    /// Case i's steps are `steps[stepStart[i] ..< stepStart[i + 1]]` (one more entry than cases).
    let stepStart: [Int32]
    let steps: [CaseTimeline.Step]
    /// Indices into each grouping's `groupNames`; a case with no sub-district, cell, segment or
    /// chief counts under "—", which is index 0 of every grouping.
    let types, subDistricts, grids, segments, chiefs: [Int32]
    /// `names` indices, -1 when none.
    let segmentLabels, dossiers: [Int32]
    /// `assignees` index of the current assignee, -1 when none.
    let assignments: [Int32]
    /// Case i's dispatches, one per dispatch step in order: `dispatchedTo[dispatchStart[i] ..< dispatchStart[i + 1]]`.
    let dispatchStart: [Int32]
    let dispatchedTo: [Int32]

    /// Each grouping's group keys (in `FigureGrouping.allCases` order), interned: dense, so that
    /// a sweep adds into an array, not a dictionary.
    let groupNames: [[String]]
    /// Labels and dossiers, interned.
    let names: [String]
    /// Everyone a case was ever dispatched or assigned to.
    let assignees: [Assignment]
    /// The department group of each assignee (`FigureGrouping.department`: its id or code).
    let assigneeKeys: [Int32]
    /// The group of a case with none, in every grouping.
    static let dash: Int32 = 0

    var count: Int { rowids.count }

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

    /// `old`'s cases except those in `dropping`, merged in rowid order with the cases of `facts`.
    private init(merging old: CaseLedger?, dropping: Set<Int64>, facts unsorted: [(Int64, CaseFacts)], sequence: Int64,
                 generations: (cases: UInt64, grids: UInt64)) {
        var b = Builder(old)
        let facts = unsorted.sorted { $0.0 < $1.0 }
        var next = 0
        for i in 0..<(old?.count ?? 0) where !dropping.contains(old!.rowids[i]) {
            while next < facts.count, facts[next].0 < old!.rowids[i] {
                b.append(facts[next].0, facts[next].1)
                next += 1
            }
            b.append(old!, i)
        }
        while next < facts.count {
            b.append(facts[next].0, facts[next].1)
            next += 1
        }
        self.sequence = sequence
        casesGeneration = generations.cases
        gridsGeneration = generations.grids
        rowids = b.rowids; ids = b.ids; statuses = b.statuses; reported = b.reported; due = b.due
        stepStart = b.stepStart; steps = b.steps
        types = b.types; subDistricts = b.subDistricts; grids = b.grids; segments = b.segments; chiefs = b.chiefs
        segmentLabels = b.segmentLabels; dossiers = b.dossiers; assignments = b.assignments
        dispatchStart = b.dispatchStart; dispatchedTo = b.dispatchedTo
        groupNames = b.groups.map(\.names); names = b.names.names; assignees = b.assignees; assigneeKeys = b.assigneeKeys
    }

    /// The columns as they are filled: old cases copied across, new ones interned.
    private struct Builder {
        var rowids: [Int64] = [], ids: [String] = [], statuses: [CaseStatus] = [], reported: [Double] = [], due: [Double?] = []
        var stepStart: [Int32] = [0], steps: [CaseTimeline.Step] = []
        var types: [Int32] = [], subDistricts: [Int32] = [], grids: [Int32] = [], segments: [Int32] = [], chiefs: [Int32] = []
        var segmentLabels: [Int32] = [], dossiers: [Int32] = [], assignments: [Int32] = []
        var dispatchStart: [Int32] = [0], dispatchedTo: [Int32] = []
        var groups: [Interner], names: Interner
        var assignees: [Assignment], assigneeKeys: [Int32], assigneeIndex: [Assignment: Int32]

        init(_ old: CaseLedger?) {
            // "—" first in every grouping: `CaseLedger.dash`.
            groups = old?.groupNames.map(Interner.init) ?? FigureGrouping.allCases.map { _ in Interner(["—"]) }
            names = Interner(old?.names ?? [])
            assignees = old?.assignees ?? []
            assigneeKeys = old?.assigneeKeys ?? []
            assigneeIndex = Dictionary(uniqueKeysWithValues: assignees.enumerated().map { ($1, Int32($0)) })
            let capacity = old?.count ?? 0
            rowids.reserveCapacity(capacity); ids.reserveCapacity(capacity); statuses.reserveCapacity(capacity)
            reported.reserveCapacity(capacity); due.reserveCapacity(capacity); stepStart.reserveCapacity(capacity + 1)
            steps.reserveCapacity(old?.steps.count ?? 0)
            types.reserveCapacity(capacity); subDistricts.reserveCapacity(capacity); grids.reserveCapacity(capacity)
            segments.reserveCapacity(capacity); chiefs.reserveCapacity(capacity); segmentLabels.reserveCapacity(capacity)
            dossiers.reserveCapacity(capacity); assignments.reserveCapacity(capacity); dispatchStart.reserveCapacity(capacity + 1)
        }

        mutating func group(_ grouping: FigureGrouping, _ key: String?) -> Int32 {
            groups[grouping.ordinal].intern(key ?? "—")
        }

        mutating func assignee(_ a: Assignment) -> Int32 {
            if let i = assigneeIndex[a] { return i }
            let i = Int32(assignees.count)
            assignees.append(a)
            assigneeKeys.append(group(.department, a.id))
            assigneeIndex[a] = i
            return i
        }

        /// A case decoded now.
        mutating func append(_ rowid: Int64, _ f: CaseFacts) {
            rowids.append(rowid); ids.append(f.id); statuses.append(f.status)
            reported.append(f.timeline.reported); due.append(f.timeline.due)
            steps.append(contentsOf: f.timeline.steps); stepStart.append(Int32(steps.count))
            types.append(group(.type, f.typeCode)); subDistricts.append(group(.subDistrict, f.subDistrict))
            grids.append(group(.grid, f.gridCode)); segments.append(group(.segment, f.segmentID)); chiefs.append(group(.chief, f.chiefID))
            segmentLabels.append(f.segmentLabel.map { names.intern($0) } ?? -1); dossiers.append(f.dossier.map { names.intern($0) } ?? -1)
            assignments.append(f.assignment.map { assignee($0) } ?? -1)
            for a in f.dispatchedTo { dispatchedTo.append(assignee(a)) }
            dispatchStart.append(Int32(dispatchedTo.count))
        }

        /// Case `i` of the ledger these columns continue (its indices are valid in them).
        mutating func append(_ old: CaseLedger, _ i: Int) {
            rowids.append(old.rowids[i]); ids.append(old.ids[i]); statuses.append(old.statuses[i])
            reported.append(old.reported[i]); due.append(old.due[i])
            steps.append(contentsOf: old.steps[Int(old.stepStart[i])..<Int(old.stepStart[i + 1])]); stepStart.append(Int32(steps.count))
            types.append(old.types[i]); subDistricts.append(old.subDistricts[i]); grids.append(old.grids[i])
            segments.append(old.segments[i]); chiefs.append(old.chiefs[i])
            segmentLabels.append(old.segmentLabels[i]); dossiers.append(old.dossiers[i]); assignments.append(old.assignments[i])
            dispatchedTo.append(contentsOf: old.dispatchedTo[Int(old.dispatchStart[i])..<Int(old.dispatchStart[i + 1])])
            dispatchStart.append(Int32(dispatchedTo.count))
        }
    }

    /// The timelines, lent for as long as `body` runs.
    struct Timelines {
        let reported: UnsafeBufferPointer<Double>
        let due: UnsafeBufferPointer<Double?>
        let stepStart: UnsafeBufferPointer<Int32>
        let steps: UnsafeBufferPointer<CaseTimeline.Step>

        subscript(i: Int) -> CaseTimelineView {
            CaseTimelineView(reported: reported[i], due: due[i],
                             steps: UnsafeBufferPointer(rebasing: steps[Int(stepStart[i])..<Int(stepStart[i + 1])]))
        }
    }

    func withTimelines<R>(_ body: (Timelines) throws -> R) rethrows -> R {
        try reported.withUnsafeBufferPointer { r in
            try due.withUnsafeBufferPointer { d in
                try stepStart.withUnsafeBufferPointer { s in
                    try steps.withUnsafeBufferPointer { st in try body(Timelines(reported: r, due: d, stepStart: s, steps: st)) }
                }
            }
        }
    }

    /// The `names` index of the group case `i` counts in under `grouping` as of `end`: the
    /// department is the one it was last dispatched to before `end`.
    func group(of i: Int, _ grouping: FigureGrouping, before end: Double, _ t: CaseTimelineView) -> Int32 {
        switch grouping {
        case .subDistrict: return subDistricts[i]
        case .grid: return grids[i]
        case .segment: return segments[i]
        case .chief: return chiefs[i]
        case .type: return types[i]
        case .department:
            // The last dispatch in the history's order seen before `end`; the case's dispatches
            // hold one assignee per dispatch step, in the same order.
            var k = 0, chosen = -1
            for s in t.steps where s.kind == .dispatch {
                if s.at < end { chosen = k }
                k += 1
            }
            let first = Int(dispatchStart[i])
            guard chosen >= 0, first + chosen < Int(dispatchStart[i + 1]) else { return Self.dash }
            return assigneeKeys[Int(dispatchedTo[first + chosen])]
        }
    }

    /// The indicators over `period` of the cases at `indices`, per group of each of `groupings`:
    /// every group a case counts in is present, even with nothing counted (so the groups are
    /// `/api/v1/figures`' groups).
    func tally(_ groupings: [FigureGrouping], period: DateInterval, indices: some Sequence<Int>) -> [[Int32: CaseIndicators]] {
        let (start, end) = period.seconds
        // Every grouping's groups end to end in one array.
        var offsets: [Int] = [0]
        for g in groupings { offsets.append(offsets.last! + groupNames[g.ordinal].count) }
        var sums = [CaseIndicators](repeating: .zero, count: offsets.last!)
        var present = [Bool](repeating: false, count: offsets.last!)
        withTimelines { timelines in
            for i in indices {
                let t = timelines[i]
                var one = CaseIndicators.zero
                one.count(t, from: start, to: end)
                for (g, grouping) in groupings.enumerated() {
                    let slot = offsets[g] + Int(group(of: i, grouping, before: end, t))
                    sums[slot].add(one)
                    present[slot] = true
                }
            }
        }
        return groupings.indices.map { g in
            var out: [Int32: CaseIndicators] = [:]
            for slot in offsets[g]..<offsets[g + 1] where present[slot] { out[Int32(slot - offsets[g])] = sums[slot] }
            return out
        }
    }

    /// The indicators over `period` of the cases at `indices`, all groups together.
    func total(period: DateInterval, indices: some Sequence<Int>) -> CaseIndicators {
        let (start, end) = period.seconds
        var all = CaseIndicators.zero
        withTimelines { timelines in
            for i in indices { all.count(timelines[i], from: start, to: end) }
        }
        return all
    }

    /// The key of group `index` of `grouping`.
    func name(of index: Int32, _ grouping: FigureGrouping) -> String {
        groupNames[grouping.ordinal][Int(index)]
    }

    /// `tally`'s groups of `grouping` as `GroupFigures` ordered by key: what `/api/v1/figures` answers.
    func figures(_ tallied: [Int32: CaseIndicators], _ grouping: FigureGrouping) -> [GroupFigures] {
        tallied.map { GroupFigures(group: name(of: $0.key, grouping), indicators: $0.value) }.sorted { $0.group < $1.group }
    }
}

/// Strings numbered in the order first seen.
struct Interner {
    private(set) var names: [String]
    private var index: [String: Int32]

    init(_ names: [String]) {
        self.names = names
        index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
    }

    mutating func intern(_ s: String) -> Int32 {
        if let i = index[s] { return i }
        let i = Int32(names.count)
        names.append(s)
        index[s] = i
        return i
    }
}

extension FigureGrouping {
    /// The grouping's place in `allCases`.
    var ordinal: Int {
        switch self {
        case .subDistrict: 0
        case .grid: 1
        case .segment: 2
        case .chief: 3
        case .department: 4
        case .type: 5
        }
    }
}
