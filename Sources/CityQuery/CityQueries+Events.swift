import CityModel
import CityStore
import Foundation
import GeoCore

/// One step of a case's loop as a live stream sends it: the committed transition (its row id is
/// the event's id and sequence) with where and what the case is.
public struct CaseEventRecord: Sendable {
    public var id: Int64
    /// `case.report`, `case.register`, `case.dispatch`, … (`CaseEventFilter.types`).
    public var type: String
    public var caseID: String
    public var at: String
    public var actor: String
    public var from: String?
    public var to: String
    public var note: String
    /// The case as it is now (nil when it was deleted since).
    public var violationCase: ViolationCase?
}

/// Where a subscriber watches: a geofence of the grid, of a road chief's patch, or drawn.
public enum EventArea: Sendable {
    case cells(Set<String>)
    case subDistrict(String)
    case segments(Set<String>)
    case chief(String)
    case window(Envelope)
    case circle(center: Point, radiusMeters: Double)
    case polygon(Polygon)

    func contains(_ c: ViolationCase) -> Bool {
        let a = c.attribution
        switch self {
        case .cells(let codes): return a?.gridCode.map { codes.contains($0.description) } ?? false
        case .subDistrict(let name): return a?.subDistrict == name || a?.gridCode.map { "\($0.district)-\(Self.pad($0.subDistrict))" == name } == true
        case .segments(let ids): return a?.segment.map { ids.contains($0.segmentID) } ?? false
        case .chief(let id): return a?.segment?.chiefID == id
        case .window(let e): return e.contains(c.point)
        case .circle(let centre, let r): return centre.distance(to: c.point) <= r
        case .polygon(let p): return Geometry.polygon(p).covers(c.point)
        }
    }

    private static func pad(_ n: Int) -> String {
        let d = String(n)
        return String(repeating: "0", count: max(0, 3 - d.count)) + d
    }
}

/// What a subscriber wants: step kinds, case types and a place; nil members take everything.
public struct CaseEventFilter: Sendable {
    public var types: Set<String>?
    public var caseTypes: Set<String>?
    public var area: EventArea?

    public init(types: Set<String>? = nil, caseTypes: Set<String>? = nil, area: EventArea? = nil) {
        self.types = types
        self.caseTypes = caseTypes
        self.area = area
    }

    /// Every type a step can have: `case.report` and `case.` + each workflow event.
    public static let allTypes: [String] = ["case.report"] + CaseEvent.Kind.allCases.map { "case.\($0.rawValue)" }

    func admits(_ e: CaseEventRecord) -> Bool {
        if let types, !types.contains(e.type) { return false }
        guard caseTypes != nil || area != nil else { return true }
        guard let c = e.violationCase else { return false }
        if let caseTypes, !caseTypes.contains(c.typeCode) { return false }
        if let area, !area.contains(c) { return false }
        return true
    }
}

extension CityQueries {
    /// The case steps committed after `id` that `filter` admits, oldest first, and the last id
    /// looked at (the next call's `after`, whether or not anything was admitted).
    public func caseEvents(after id: Int64, filter: CaseEventFilter = CaseEventFilter(), limit: Int = 500) throws
        -> (events: [CaseEventRecord], through: Int64) {
        if let unknown = filter.types?.first(where: { !CaseEventFilter.allTypes.contains($0) }) {
            throw CityQueryError.badParameter(name: "events", value: unknown, reason: "expected some of \(CaseEventFilter.allTypes.joined(separator: ", "))")
        }
        let rows = try store.transitions(after: id, limit: limit)
        guard let last = rows.last?.id else { return ([], id) }
        let cases: [String: ViolationCase] = store.read { view in
            var out: [String: ViolationCase] = [:]
            for caseID in Set(rows.map(\.row.caseID)) {
                if let f = view[.cases].feature(id: caseID), let c = try? f.decode(ViolationCase.self) { out[caseID] = c }
            }
            return out
        }
        let events = rows.map { r in
            CaseEventRecord(id: r.id, type: "case.\(r.row.event)", caseID: r.row.caseID, at: r.row.at, actor: r.row.actor,
                            from: r.row.fromStatus, to: r.row.toStatus, note: r.row.note, violationCase: cases[r.row.caseID])
        }
        return (events.filter(filter.admits), last)
    }

    /// The id of the last committed case step: where a stream that does not resume starts.
    public func lastCaseEventID() throws -> Int64 { try store.lastTransitionID() }
}
