import CityModel
import CityStore
import Dispatch
import Foundation

/// What the map needs of one case beyond the store's columns (position, status, type): when it
/// was reported, when it falls due, and its cell. Decoded once per version of the case and kept
/// with it (`StoredFeature.memo`), so a rebuild of `CasePoints` after a write decodes only the
/// cases the write touched.
struct CaseMapFacts: Sendable {
    var reported: Double
    /// Seconds since the reference date; +∞ when no administrative clock runs (no deadline yet,
    /// closed, rejected, cancelled, merged, or with the police), so `asOf > due` is "overdue".
    var due: Double
    var cellCode: String?

    static let memoKey = "CityQuery.caseMapFacts"

    /// The facts of a case, from its memo, else from `known` (a bulk read of the same rows), else
    /// decoded from its attributes.
    static func of(_ f: StoredFeature, known: CaseMapFacts? = nil, calendar: WorkingCalendar) throws -> CaseMapFacts {
        try f.memo(memoKey) {
            Result { () throws -> CaseMapFacts in
                if let known { return known }
                // A case whose attributes do not decode (written by hand, by an older version)
                // still stands where it is, with its stored status and type; it has no time, so a
                // time filter leaves it out, and no clock.
                guard let c = try? f.decode(ViolationCase.self) else { return CaseMapFacts(reported: -.infinity, due: .infinity, cellCode: nil) }
                return try decoded(c, calendar: calendar)
            }
        }.get()
    }

    static func decoded(_ c: ViolationCase, calendar: WorkingCalendar) throws -> CaseMapFacts {
        let clocked = !c.status.isTerminal && c.status != .escalated
        let due = clocked ? try c.dueDate(calendar: calendar)?.timeIntervalSinceReferenceDate : nil
        return CaseMapFacts(reported: c.reportedAt.timeIntervalSinceReferenceDate, due: due ?? .infinity,
                            cellCode: c.attribution?.gridCode?.description)
    }

    /// Every case's facts by rowid, from one sequential read of the layer's attributes (decoded on
    /// every core, a batch at a time) instead of a million single-row reads: the first build of
    /// `CasePoints` on a million-case store. The attributes are not kept, only the facts.
    static func bulk(from storage: any CityStorage, calendar: WorkingCalendar) throws -> [Int64: CaseMapFacts] {
        var facts: [Int64: CaseMapFacts] = [:]
        var batch: [(Int64, [UInt8])] = []
        func decodeBatch() throws {
            nonisolated(unsafe) var out = [CaseMapFacts?](repeating: nil, count: batch.count)
            let rows = batch
            DispatchQueue.concurrentPerform(iterations: 8) { k in
                for i in stride(from: k, to: rows.count, by: 8) {
                    let f = StoredFeature(layer: .cases, id: "", geometry: nil, properties: rows[i].1)
                    out[i] = try? decoded(f.decode(ViolationCase.self), calendar: calendar)
                }
            }
            // A row that does not decode is left out: its feature decodes on its own and reports why.
            for (i, (rowid, _)) in rows.enumerated() { if let o = out[i] { facts[rowid] = o } }
            batch.removeAll(keepingCapacity: true)
        }
        try storage.forEachProperties(of: .cases) { rowid, bytes in
            batch.append((rowid, bytes))
            if batch.count == 8192 { try decodeBatch() }
        }
        try decodeBatch()
        return facts
    }
}
