import CityModel
import CityStore
import Foundation
import Synchronization

/// Columns derived from every case (the map's `CasePoints`, the figures' `CaseLedger`): built
/// once from the cases' facts, then patched with the rowids a write touched.
protocol CaseColumns: Sendable {
    /// What the columns are for, as a 503 names it while they are first built.
    static var what: String { get }
    /// The store's change-log sequence these columns were built at.
    var sequence: Int64 { get }
    /// The cases' and the cells' layer generations they were built at (`LayerTable.journal`).
    var casesGeneration: UInt64 { get }
    var gridsGeneration: UInt64 { get }

    /// Built from the cases of one view (`features` copied under the store's read lock, the
    /// facts decoded outside it, on every core), `known` holding facts a bulk read decoded.
    init(cases features: [(Int64, StoredFeature)], cellCodes: [String], sequence: Int64, generations: (cases: UInt64, grids: UInt64),
         calendar: WorkingCalendar, known: [Int64: CaseFacts]) throws

    /// These columns with the cases `changed` (rowid → the case now, nil when removed) put in
    /// their new place.
    func patched(_ changed: [Int64: StoredFeature?], sequence: Int64, casesGeneration: UInt64, calendar: WorkingCalendar) throws -> Self
}

/// The current columns, kept in step with the store: every write reaches memory through the
/// store's change path and moves its sequence, so comparing sequences tells whether the columns
/// are current. When they are not, the cases' layer journal names the rowids the writes since
/// touched and only those are placed again (a write's catch-up costs milliseconds at a million
/// cases); a journal that does not reach back, or a change of the cells, rebuilds from every case,
/// whose decoded facts are memoised on every case a write did not touch.
final class CaseColumnsCache<Columns: CaseColumns>: Sendable {
    private let current = Mutex<Columns?>(nil)
    /// One builder at a time.
    private let building = NSLock()
    /// How many times the columns were built from every case (tests tell a patch from a rebuild).
    let rebuilds = Atomic<Int>(0)

    /// The columns as of the store's last write. While another request rebuilds them, the last
    /// build is answered (a write behind at most) rather than waiting: a request thread blocked on
    /// a lock is one of the server's few (two on this machine), and the first build of a million
    /// cases takes over a minute. Before any build has finished, the answer is `unavailable` (503
    /// with Retry-After); `runServer` starts that first build as the server starts.
    ///
    /// A cold build (no case's facts decoded yet) holds `CityQueries.caseFactsDecoding`, so the
    /// map's columns and the ledger never decode a million cases side by side: the second to
    /// come answers `unavailable` until the first has left every case's facts memoised, unless
    /// `waiting` (the server's warm-up thread, which builds one after the other).
    func columns(for queries: CityQueries, waiting: Bool = false) throws -> Columns {
        let store = queries.store
        if let c = current.withLock({ $0 }), c.sequence == store.appliedSequence { return c }
        guard building.try() else {
            if let c = current.withLock({ $0 }) { return c }
            throw Self.stillBuilding
        }
        defer { building.unlock() }
        let last = current.withLock { $0 }
        // Read inside the lock: memory is at least as new as the sequence (it is stored after
        // memory changes), so a build is never labelled newer than what it holds.
        let read = store.read { view -> Source in
            let cases = view[.cases], grids = view[.grids]
            let sequence = store.appliedSequence, generations = (cases.journal.generation, grids.journal.generation)
            if let last, last.sequence == sequence { return .current(last) }
            if let last, last.gridsGeneration == grids.journal.generation, let changed = cases.journal.changed(since: last.casesGeneration) {
                return .patch(last, Dictionary(uniqueKeysWithValues: changed.map { ($0, cases.features[$0]) }), sequence, generations.0)
            }
            return .rebuild(Array(cases.features), grids.features.values.map(\.id).sorted(), sequence, generations)
        }
        let built: Columns
        switch read {
        case .current(let c):
            return c
        case .patch(let last, let changed, let sequence, let generation):
            built = try last.patched(changed, sequence: sequence, casesGeneration: generation, calendar: queries.calendar)
        case .rebuild(let features, let cellCodes, let sequence, let generations):
            // A cold start reads every case's attributes in one pass; later builds (and the other
            // columns' first) find the facts memoised on every case a write did not touch.
            let cold = features.count > 4096 && !(features.first?.1.hasMemo(CaseFacts.memoKey) ?? true)
            if cold {
                if waiting {
                    queries.caseFactsDecoding.lock()
                } else if !queries.caseFactsDecoding.try() {
                    throw Self.stillBuilding
                }
            }
            defer { if cold { queries.caseFactsDecoding.unlock() } }
            let known = cold ? try CaseFacts.bulk(from: store.storage, calendar: queries.calendar) : [:]
            built = try Columns(cases: features, cellCodes: cellCodes, sequence: sequence, generations: generations,
                                calendar: queries.calendar, known: known)
            rebuilds.add(1, ordering: .relaxed)
        }
        current.withLock { $0 = built }
        return built
    }

    /// The answer (503 with Retry-After) while a first build runs.
    private static var stillBuilding: CityQueryError {
        .unavailable(reason: "\(Columns.what) is still being built after the server started; try again in a few seconds")
    }

    /// What one read of the store calls for.
    private enum Source {
        case current(Columns)
        case patch(Columns, [Int64: StoredFeature?], Int64, UInt64)
        case rebuild([(Int64, StoredFeature)], [String], Int64, (cases: UInt64, grids: UInt64))
    }
}
