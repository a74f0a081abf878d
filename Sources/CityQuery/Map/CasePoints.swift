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
struct CasePoints: Sendable {
    /// The store's change-log sequence these columns were built at.
    let sequence: Int64
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

    /// Builds the columns from the cases of one view. `features` is a copy taken under the store's
    /// read lock; the decoding runs outside it (on every core), so writers are not held up while
    /// a million cases are read the first time.
    init(cases features: [(Int64, StoredFeature)], cellCodes: [String], sequence: Int64, calendar: WorkingCalendar,
         known: [Int64: CaseMapFacts] = [:]) throws {
        self.sequence = sequence
        self.cellCodes = cellCodes
        let cellIndex = Dictionary(uniqueKeysWithValues: cellCodes.enumerated().map { ($1, Int32($0)) })
        struct Row { var rowid: Int64; var x: Double; var y: Double; var facts: CaseMapFacts; var open: Bool; var type: String }
        let chunks = Swift.max(1, Swift.min(64, features.count / 4096))
        nonisolated(unsafe) var parts = [[Row]](repeating: [], count: chunks)
        nonisolated(unsafe) var failure: (any Error)?
        let failureLock = NSLock()
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let lo = features.count * k / chunks, hi = features.count * (k + 1) / chunks
            var rows: [Row] = []
            rows.reserveCapacity(hi - lo)
            do {
                for (rowid, f) in features[lo..<hi] {
                    guard case .point(let p)? = f.geometry else { continue }
                    let facts = try CaseMapFacts.of(f, known: known[rowid], calendar: calendar)
                    rows.append(Row(rowid: rowid, x: p.x, y: p.y, facts: facts,
                                    open: f.status.map(CityQueries.openStatuses.contains) ?? false, type: f.category ?? ""))
                }
            } catch {
                failureLock.withLock { failure = failure ?? error }
            }
            parts[k] = rows
        }
        if let failure { throw failure }
        var rows = parts.flatMap { $0 }
        rows.sort { ($0.x, $0.rowid) < ($1.x, $1.rowid) }
        var typeCodes: [String] = [], typeIndex: [String: UInt16] = [:]
        var types: [UInt16] = []
        types.reserveCapacity(rows.count)
        for r in rows {
            if let t = typeIndex[r.type] { types.append(t); continue }
            let t = UInt16(typeCodes.count)
            typeCodes.append(r.type)
            typeIndex[r.type] = t
            types.append(t)
        }
        self.typeCodes = typeCodes
        self.types = types
        xs = rows.map(\.x)
        ys = rows.map(\.y)
        reported = rows.map(\.facts.reported)
        due = rows.map(\.facts.due)
        open = rows.map(\.open)
        cells = rows.map { r in r.facts.cellCode.flatMap { cellIndex[$0] } ?? -1 }
        rowids = rows.map(\.rowid)
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

/// The current `CasePoints`, rebuilt when the store has moved on: every write reaches memory
/// through the store's change path and moves its sequence, so comparing sequences is enough to
/// keep the map in step; unchanged cases keep their decoded facts, so a rebuild after a write
/// costs a copy and a sort, not a million decodes.
final class CasePointsCache: Sendable {
    private let current = Mutex<CasePoints?>(nil)
    /// One builder at a time.
    private let building = NSLock()

    /// The columns as of the store's last write. While another request rebuilds them, the last
    /// build is answered (a write behind at most) rather than waiting: a request thread blocked on
    /// a lock is one of the server's few (two on this machine), and the first build of a million
    /// cases takes over a minute. Before any build has finished, the answer is `unavailable` (503
    /// with Retry-After); `runServer` starts that first build as the server starts.
    func points(for queries: CityQueries) throws -> CasePoints {
        let store = queries.store
        if let p = current.withLock({ $0 }), p.sequence == store.appliedSequence { return p }
        guard building.try() else {
            if let p = current.withLock({ $0 }) { return p }
            throw CityQueryError.unavailable(reason: "the case map is still being built after the server started; try again in a few seconds")
        }
        defer { building.unlock() }
        let (sequence, features, cellCodes) = store.read { view in
            // Read inside the lock: memory is at least as new as the sequence (it is stored after
            // memory changes), so a build is never labelled newer than what it holds.
            (store.appliedSequence, Array(view[.cases].features), view[.grids].features.values.map(\.id).sorted())
        }
        if let p = current.withLock({ $0 }), p.sequence == sequence { return p }
        // The first build reads every case's attributes in one pass; later ones find their facts
        // memoised on every case a write did not touch.
        let first = current.withLock { $0 == nil }
        let known = first && features.count > 4096 ? try CaseMapFacts.bulk(from: store.storage, calendar: queries.calendar) : [:]
        let built = try CasePoints(cases: features, cellCodes: cellCodes, sequence: sequence, calendar: queries.calendar, known: known)
        current.withLock { $0 = built }
        return built
    }
}
