import CityModel
import CityStore
import Dispatch
import Foundation
import GeoCore
import Synchronization

/// Every case as the map counts it, in flat columns sorted by x: a viewport's cases are one binary
/// search and a sweep, and counting a million of them per cluster or cell touches a few arrays of
/// numbers, not a million features (supercluster's flat arrays; the R-tree's boxes would add a
/// node walk and a dictionary lookup per case for nothing, since every case is a point).
struct CasePoints: CaseColumns {
    static let what = "the case map"

    /// The store's change-log sequence these columns were built at.
    private(set) var sequence: Int64
    /// The cases' and the cells' layer generations they were built at (`LayerTable.journal`).
    let casesGeneration: UInt64
    let gridsGeneration: UInt64
    let xs: [Double]
    let ys: [Double]
    /// Seconds since the reference date.
    let reported: [Double]
    /// +∞ when no clock runs (`CaseMapFacts.due`).
    let due: [Double]
    let open: [Bool]
    /// Index into `typeCodes`.
    let types: [UInt16]
    /// Index into `cellCodes`, -1 for a case outside every cell.
    let cells: [Int32]
    let rowids: [Int64]
    let typeCodes: [String]
    let cellCodes: [String]

    var count: Int { xs.count }

    /// One case as the columns will hold it.
    struct Row {
        var rowid: Int64, x: Double, y: Double, facts: CaseMapFacts, open: Bool, type: String
    }

    /// Builds the columns from the cases of one view. `features` is a copy taken under the store's
    /// read lock; the decoding runs outside it (on every core), so writers are not held up while
    /// a million cases are read the first time.
    init(cases features: [(Int64, StoredFeature)], cellCodes: [String], sequence: Int64, generations: (cases: UInt64, grids: UInt64),
         calendar: WorkingCalendar, known: [Int64: CaseFacts] = [:]) throws {
        let rows = try inParallelChunks(features) { Self.rows($0, calendar: calendar, known: known) }
        self.init(merging: nil, dropping: [], rows: rows, cellCodes: cellCodes,
                  sequence: sequence, generations: generations)
    }

    /// These columns with the cases `changed` (rowid → the case now, nil when removed) put in
    /// their new place: a filter and a merge over the columns (milliseconds at a million cases)
    /// instead of a copy, decode and sort of every case.
    func patched(_ changed: [Int64: StoredFeature?], sequence: Int64, casesGeneration: UInt64, calendar: WorkingCalendar) throws -> CasePoints {
        if changed.isEmpty {
            // Writes to other layers (a shop's record, an officer's position): the same columns.
            var same = self
            same.sequence = sequence
            return same
        }
        let now = changed.compactMap { rowid, f in f.map { (rowid, $0) } }
        return CasePoints(merging: self, dropping: Set(changed.keys), rows: Self.rows(now[...], calendar: calendar),
                          cellCodes: cellCodes, sequence: sequence, generations: (casesGeneration, gridsGeneration))
    }

    /// The rows of some cases (those without a point are not on the map).
    private static func rows(_ features: ArraySlice<(Int64, StoredFeature)>, calendar: WorkingCalendar,
                             known: [Int64: CaseFacts] = [:]) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(features.count)
        for (rowid, f) in features {
            guard case .point(let p)? = f.geometry else { continue }
            let facts = CaseMapFacts.of(f, known: known[rowid], calendar: calendar)
            rows.append(Row(rowid: rowid, x: p.x, y: p.y, facts: facts,
                            open: f.status.map(CityQueries.openStatuses.contains) ?? false, type: f.category ?? ""))
        }
        return rows
    }

    /// `old`'s cases except those in `dropping`, merged in x order with `rows`.
    private init(merging old: CasePoints?, dropping: Set<Int64>, rows unsorted: [Row], cellCodes: [String],
                 sequence: Int64, generations: (cases: UInt64, grids: UInt64)) {
        self.sequence = sequence
        casesGeneration = generations.cases
        gridsGeneration = generations.grids
        self.cellCodes = cellCodes
        let rows = unsorted.sorted { ($0.x, $0.rowid) < ($1.x, $1.rowid) }
        let cellIndex = Dictionary(uniqueKeysWithValues: cellCodes.enumerated().map { ($1, Int32($0)) })
        var typeCodes = old?.typeCodes ?? []
        var typeIndex = Dictionary(uniqueKeysWithValues: typeCodes.enumerated().map { ($1, UInt16($0)) })
        let capacity = (old?.count ?? 0) + rows.count
        var xs: [Double] = [], ys: [Double] = [], reported: [Double] = [], due: [Double] = []
        var open: [Bool] = [], types: [UInt16] = [], cells: [Int32] = [], rowids: [Int64] = []
        xs.reserveCapacity(capacity); ys.reserveCapacity(capacity); reported.reserveCapacity(capacity); due.reserveCapacity(capacity)
        open.reserveCapacity(capacity); types.reserveCapacity(capacity); cells.reserveCapacity(capacity); rowids.reserveCapacity(capacity)
        func take(_ r: Row) {
            let type: UInt16
            if let t = typeIndex[r.type] {
                type = t
            } else {
                type = UInt16(typeCodes.count)
                typeCodes.append(r.type)
                typeIndex[r.type] = type
            }
            xs.append(r.x); ys.append(r.y); reported.append(r.facts.reported); due.append(r.facts.due)
            open.append(r.open); types.append(type); cells.append(r.facts.cellCode.flatMap { cellIndex[$0] } ?? -1); rowids.append(r.rowid)
        }
        var next = 0
        if let old {
            for i in 0..<old.count where !dropping.contains(old.rowids[i]) {
                while next < rows.count, (rows[next].x, rows[next].rowid) < (old.xs[i], old.rowids[i]) {
                    take(rows[next])
                    next += 1
                }
                xs.append(old.xs[i]); ys.append(old.ys[i]); reported.append(old.reported[i]); due.append(old.due[i])
                open.append(old.open[i]); types.append(old.types[i]); cells.append(old.cells[i]); rowids.append(old.rowids[i])
            }
        }
        while next < rows.count {
            take(rows[next])
            next += 1
        }
        self.typeCodes = typeCodes
        self.xs = xs; self.ys = ys; self.reported = reported; self.due = due
        self.open = open; self.types = types; self.cells = cells; self.rowids = rowids
    }

    /// The first index whose x is ≥ `x`.
    func firstIndex(atLeast x: Double) -> Int {
        var lo = 0, hi = xs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if xs[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A membership table over `typeCodes` for the filter's types (nil: any).
    func typeMask(_ wanted: Set<String>?) -> [Bool]? {
        wanted.map { w in typeCodes.map(w.contains) }
    }
}
