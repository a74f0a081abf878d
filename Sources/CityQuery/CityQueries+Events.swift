import CityModel
import CityStore
import Foundation
import GeoCore

/// One event as a live stream and a webhook send it: its outbox row (the row id is the event's id
/// and sequence) with the case or the officer it is about, as they are now.
public struct LiveEvent: Sendable {
    public var id: Int64
    /// `case.report`, …, `case.overdue`, `officer.enter`, `officer.leave`, `officer.stale` (`EventFilter.allTypes`).
    public var type: String
    public var row: EventRow
    /// The case, for a `case.*` event (nil when it was deleted since).
    public var violationCase: ViolationCase?
    /// The officer, for an `officer.*` event.
    public var officer: Officer?

    public var isOfficerEvent: Bool { type.hasPrefix("officer.") }
}

/// What a subscriber wants: event kinds, case types and a place; nil members take everything.
/// A case event is in the place when the case is; `officer.stale` when the officer's team is
/// stationed there or the last fix is; `officer.enter` and `officer.leave` belong to one stored
/// fence (a subscription's) and reach only the streams and webhooks of that subscription.
public struct EventFilter: Sendable {
    public var types: Set<String>?
    public var caseTypes: Set<String>?
    public var area: EventArea?
    /// The subscription whose fence events are wanted.
    public var fence: String?

    public init(types: Set<String>? = nil, caseTypes: Set<String>? = nil, area: EventArea? = nil, fence: String? = nil) {
        self.types = types
        self.caseTypes = caseTypes
        self.area = area
        self.fence = fence
    }

    public static let caseTypesOfEvents: [String] = ["case.report"] + CaseEvent.Kind.allCases.map { "case.\($0.rawValue)" } + ["case.overdue"]
    public static let fenceTypes: [String] = ["officer.enter", "officer.leave"]
    /// Every kind an event can have.
    public static let allTypes: [String] = caseTypesOfEvents + fenceTypes + ["officer.stale"]

    /// Whether a subscription with this filter is a fence officers enter and leave: it has a place
    /// and takes either kind.
    public var makesFence: Bool {
        area != nil && (types.map { !$0.isDisjoint(with: Self.fenceTypes) } ?? true)
    }

    func admits(_ e: LiveEvent) -> Bool {
        if let types, !types.contains(e.type) { return false }
        if e.isOfficerEvent {
            if Self.fenceTypes.contains(e.type) { return fence != nil && e.row.fence == fence }
            guard caseTypes == nil else { return false }
            guard let area else { return true }
            guard let o = e.officer else { return false }
            return area.contains(o.location, attribution: o.attribution)
        }
        guard caseTypes != nil || area != nil else { return true }
        guard let c = e.violationCase else { return false }
        if let caseTypes, !caseTypes.contains(c.typeCode) { return false }
        if let area, !area.contains(c.point, attribution: c.attribution) { return false }
        return true
    }
}

extension CityQueries {
    /// The events committed after `id` that `filter` admits, oldest first, and the last id looked
    /// at (the next call's `after`, whether or not anything was admitted).
    public func events(after id: Int64, filter: EventFilter = EventFilter(), limit: Int = 500) throws
        -> (events: [LiveEvent], through: Int64) {
        if let unknown = filter.types?.first(where: { !EventFilter.allTypes.contains($0) }) {
            throw CityQueryError.badParameter(name: "events", value: unknown, reason: "expected some of \(EventFilter.allTypes.joined(separator: ", "))")
        }
        let rows = try store.events(after: id, limit: limit)
        guard let last = rows.last?.id else { return ([], id) }
        let events: [LiveEvent] = store.read { view in
            var cases: [String: ViolationCase?] = [:], officers: [String: Officer?] = [:]
            return rows.map { r in
                var e = LiveEvent(id: r.id, type: r.row.type, row: r.row)
                if e.isOfficerEvent {
                    if officers[r.row.subject] == nil {
                        officers[r.row.subject] = .some(view[.officers].feature(id: r.row.subject).flatMap { try? $0.decode(Officer.self) })
                    }
                    e.officer = officers[r.row.subject] ?? nil
                } else {
                    if cases[r.row.subject] == nil {
                        cases[r.row.subject] = .some(view[.cases].feature(id: r.row.subject).flatMap { try? $0.decode(ViolationCase.self) })
                    }
                    e.violationCase = cases[r.row.subject] ?? nil
                }
                return e
            }
        }
        return (events.filter(filter.admits), last)
    }

    /// The id of the last committed event: where a stream that does not resume starts.
    public func lastEventID() throws -> Int64 { try store.lastEventID() }
}
