import CityModel
import CityStore
import Foundation
import GeoCore
import Patrol

/// An officer proposed for a case: how soon the officer reaches it along the streets in the
/// officer's own mode, and whether the officer is already late with another case.
public struct DispatchSuggestion: Sendable {
    public var officer: Officer
    public var mode: TravelMode
    public var seconds: Double
    public var meters: Double
    /// The officer holds an open case past its deadline: ranked after those who do not.
    public var busyWithOverdue: Bool
    /// The street path from the officer to the case (working CRS), for the chosen few.
    public var path: GraphPath?

    public var etaMinutes: Double { seconds / 60 }
}

extension CityQueries {
    /// The `k` on-duty, not stale officers who can reach the case soonest along the streets, each
    /// in his own mode (foot, bike, car, with one-way rules as routes have them), with the path.
    /// One search per mode present, from the case backwards over the streets (not one per officer);
    /// officers busy with an overdue case come after the others, soonest first within each group.
    public func dispatchSuggestions(caseID: String, k: Int = 5, now: Date = Date()) throws -> [DispatchSuggestion] {
        guard (1...50).contains(k) else { throw CityQueryError.badParameter(name: "k", value: "\(k)", reason: "must be between 1 and 50") }
        let maxAge = configuration.officerStaleSeconds
        let (graph, target, officers) = try store.read { view -> (RoadGraph, ViolationCase, [Officer]) in
            guard let f = view[.cases].feature(id: caseID) else { throw CityQueryError.notFound(layer: "cases", id: caseID) }
            let c = try f.decode(ViolationCase.self)
            let layer = view[.officers]
            let onDuty = layer.tags.mask(["onDuty"])
            let officers = try layer.features.compactMap { rowid, feature -> Officer? in
                guard layer.tags.matches(rowid: rowid, status: onDuty, category: nil) else { return nil }
                let o = try feature.decode(Officer.self)
                return o.isStale(at: now, maxAge: maxAge) ? nil : o
            }
            return (try roads.planner(for: view).graph, c, officers.sorted { $0.id < $1.id })
        }
        guard !target.status.isTerminal else {
            throw CityQueryError.conflict(reason: "case \(caseID) is \(target.status.rawValue): there is nothing to dispatch")
        }
        // Each officer where he stands on the streets for his mode; a mode with no street near the
        // case reaches it with nobody.
        var onDuty: [OfficerOnDuty] = [], whom: [Officer] = []
        for mode in TravelMode.allCases where graph.snap(target.point, mode: mode) != nil {
            let ofMode = officers.filter { $0.mode.rawValue == mode.rawValue }
            for (officer, position) in zip(ofMode, graph.snap(ofMode.map(\.location), mode: mode)) {
                guard let position else { continue }
                onDuty.append(OfficerOnDuty(position: position, mode: mode))
                whom.append(officer)
            }
        }
        // More than k: the officers late with another case may fall behind.
        let arrivals: [OfficerArrival]
        do { arrivals = try graph.soonestOfficers(to: target.point, officers: onDuty, limit: 3 * k) } catch {
            throw CityQueryError.badParameter(name: "caseId", value: caseID, reason: "\(error)")
        }
        var reached = arrivals.map { a in
            (arrival: a, suggestion: DispatchSuggestion(officer: whom[a.arrival.source], mode: a.mode, seconds: a.arrival.seconds,
                                                        meters: a.arrival.meters, busyWithOverdue: false, path: nil))
        }
        let late = try officersWithOverdueCases(among: Set(reached.map(\.suggestion.officer.id)), asOf: now)
        for i in reached.indices { reached[i].suggestion.busyWithOverdue = late.contains(reached[i].suggestion.officer.id) }
        reached.sort { a, b in
            let (x, y) = (a.suggestion, b.suggestion)
            return (x.busyWithOverdue ? 1 : 0, x.seconds, x.officer.id) < (y.busyWithOverdue ? 1 : 0, y.seconds, y.officer.id)
        }
        return reached.prefix(k).map { r in
            var s = r.suggestion
            s.path = graph.path(of: r.arrival, officers: onDuty)
            return s
        }
    }

    /// An officer's open cases (assigned `officer:ID`), most urgent first: the task list of the
    /// duty app.
    public func tasks(officerID: String, asOf: Date = Date()) throws -> [(violationCase: ViolationCase, due: Date?, overdue: Bool)] {
        _ = try officer(id: officerID)
        let assigned = try openCases(assignedTo: [officerID])[officerID] ?? []
        return try assigned.map { c in
            (c, try c.dueDate(calendar: calendar), try c.isOverdue(at: asOf, calendar: calendar))
        }.sorted { a, b in
            (a.due ?? .distantFuture, a.violationCase.id) < (b.due ?? .distantFuture, b.violationCase.id)
        }
    }

    func officersWithOverdueCases(among ids: Set<String>, asOf: Date) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        var late = Set<String>()
        for (id, cases) in try openCases(assignedTo: ids) where try cases.contains(where: { try $0.isOverdue(at: asOf, calendar: calendar) }) {
            late.insert(id)
        }
        return late
    }

    /// The open cases assigned to each of the officers, by officer id. The assignment is in the
    /// case's attributes only, so the open cases' stored JSON is searched for the flat form
    /// (`"officer:ID"`) before any is decoded.
    func openCases(assignedTo ids: Set<String>) throws -> [String: [ViolationCase]] {
        let needles = ids.map { (id: $0, bytes: Array("\"officer:\($0)\"".utf8)) }
        let marker = Array("\"officer:".utf8)
        let candidates = store.read { view -> [StoredFeature] in
            let cases = view[.cases]
            let open = cases.tags.mask(Self.openStatuses)
            return cases.features.compactMap { rowid, f in
                cases.tags.matches(rowid: rowid, status: open, category: nil) ? f : nil
            }
        }
        var out: [String: [ViolationCase]] = [:]
        for f in candidates {
            let bytes = f.properties
            guard bytes.firstRange(of: marker) != nil else { continue }
            for n in needles where bytes.firstRange(of: n.bytes) != nil {
                let c = try f.decode(ViolationCase.self)
                if c.assignment == .officer(id: n.id) { out[n.id, default: []].append(c) }
            }
        }
        return out
    }
}
