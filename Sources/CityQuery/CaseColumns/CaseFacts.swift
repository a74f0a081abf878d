import CityModel
import CityStore
import Dispatch
import Foundation

/// What the grid center's columns need of one case, beyond the store's own columns: its timeline
/// for the figures, the groups it counts in, and what the map reads (when reported, when due, its
/// cell). Decoded once per version of the case and kept with it (`StoredFeature.memo`), so the
/// map's `CasePoints` and the figures' `CaseLedger`, patched or rebuilt after a write, decode only
/// the cases the write touched, and the two share one decoding of a million cases at start.
struct CaseFacts: Sendable {
    var id: String
    var typeCode: String
    var status: CaseStatus
    var timeline: CaseTimeline
    /// The attribution the case was reported with (figures do not move when a grid is re-drawn).
    var subDistrict: String?
    var gridCode: String?
    var segmentID: String?
    var chiefID: String?
    /// "南京东路 3": the road's name and the segment's number, as the top-ten list shows it.
    var segmentLabel: String?
    /// "storefront:<id>" or "structure:<id>": the dossier a repeat offender is counted by.
    var dossier: String?
    var assignment: Assignment?
    /// Who each dispatch sent the case to, in the order of the dispatch steps of `timeline`.
    var dispatchedTo: [Assignment]

    static let memoKey = "CityQuery.caseFacts"

    init(_ c: ViolationCase, calendar: WorkingCalendar) throws {
        id = c.id
        typeCode = c.typeCode
        status = c.status
        timeline = try CaseTimeline(c, calendar: calendar)
        subDistrict = c.attribution?.subDistrict
        gridCode = c.attribution?.gridCode?.description
        segmentID = c.attribution?.segment?.segmentID
        chiefID = c.attribution?.segment?.chiefID
        segmentLabel = c.attribution?.segment.map { "\($0.roadName) \($0.segmentID.split(separator: "-").last ?? "")" }
        dossier = c.storefrontID.map { "storefront:" + $0 } ?? c.structureID.map { "structure:" + $0 }
        assignment = c.assignment
        dispatchedTo = c.history.compactMap { t in if case .dispatch(let to, _) = t.event { to } else { nil } }
    }

    /// The facts of a case, from its memo, else from `known` (a bulk read of the same rows), else
    /// decoded from its attributes. A case whose attributes do not decode throws, every time.
    static func of(_ f: StoredFeature, known: CaseFacts? = nil, calendar: WorkingCalendar) throws -> CaseFacts {
        try f.memo(memoKey) {
            Result { () throws -> CaseFacts in
                if let known { return known }
                return try CaseFacts(f.decode(ViolationCase.self), calendar: calendar)
            }
        }.get()
    }

    /// Every case's facts by rowid, from one sequential read of the layer's attributes (decoded on
    /// every core, a batch at a time) instead of a million single-row reads: the first build on a
    /// million-case store. The attributes are not kept, only the facts.
    static func bulk(from storage: any CityStorage, calendar: WorkingCalendar) throws -> [Int64: CaseFacts] {
        var facts: [Int64: CaseFacts] = [:]
        var batch: [(Int64, [UInt8])] = []
        func decodeBatch() throws {
            nonisolated(unsafe) var out = [CaseFacts?](repeating: nil, count: batch.count)
            let rows = batch
            DispatchQueue.concurrentPerform(iterations: 8) { k in
                for i in stride(from: k, to: rows.count, by: 8) {
                    let f = StoredFeature(layer: .cases, id: "", geometry: nil, properties: rows[i].1)
                    out[i] = try? CaseFacts(f.decode(ViolationCase.self), calendar: calendar)
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

/// What the map needs of one case: when it was reported, when it falls due, and its cell.
struct CaseMapFacts: Sendable {
    var reported: Double
    /// Seconds since the reference date; +∞ when no administrative clock runs (no deadline yet,
    /// closed, rejected, cancelled, merged, or with the police), so `asOf > due` is "overdue".
    var due: Double
    var cellCode: String?

    /// The map's facts of a case. A case whose attributes do not decode (written by hand, by an
    /// older version) still stands where it is, with its stored status and type; it has no time,
    /// so a time filter leaves it out, and no clock.
    static func of(_ f: StoredFeature, known: CaseFacts? = nil, calendar: WorkingCalendar) -> CaseMapFacts {
        guard let facts = try? CaseFacts.of(f, known: known, calendar: calendar) else {
            return CaseMapFacts(reported: -.infinity, due: .infinity, cellCode: nil)
        }
        return CaseMapFacts(reported: facts.timeline.reported, due: facts.status.isOpen ? facts.timeline.due ?? .infinity : .infinity,
                            cellCode: facts.gridCode)
    }
}
