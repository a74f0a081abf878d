import CityModel
import CityStore
import Foundation
import GeoCore
import Patrol

/// Where a patrol's stops come from: given explicitly, or the open cases of a cell, a segment's
/// frontage, a chief's segments or a window.
public enum StopSource: Sendable {
    case explicit([PatrolStop], crs: InputCRS)
    case grid(code: String)
    case segment(id: String)
    case chief(id: String)
    case window(Envelope, crs: InputCRS)
}

public struct RouteRequest: Sendable {
    public var start: Point
    public var end: Point?
    public var crs: InputCRS
    public var stops: StopSource
    /// Only open cases of these types (for query sources).
    public var types: Set<String>?
    public var mode: TravelMode
    public var timeBudgetMinutes: Double?
    public var serviceMinutesPerStop: Double

    public init(start: Point, end: Point? = nil, crs: InputCRS = .wgs84, stops: StopSource, types: Set<String>? = nil,
                mode: TravelMode = .foot, timeBudgetMinutes: Double? = nil, serviceMinutesPerStop: Double = 0) {
        self.start = start
        self.end = end
        self.crs = crs
        self.stops = stops
        self.types = types
        self.mode = mode
        self.timeBudgetMinutes = timeBudgetMinutes
        self.serviceMinutesPerStop = serviceMinutesPerStop
    }
}

public struct PlannedRoute: Sendable {
    public var plan: PatrolPlan
    /// Every stop considered, in the working CRS, with whether it is overdue.
    public var stops: [(stop: PatrolStop, overdue: Bool)]
}

extension CityQueries {
    /// The routable street network of the roads layer as it is now (built once per version of the
    /// layer): what routes, and later dispatch by street time, travel on.
    public func streetGraph() throws -> RoadGraph {
        try store.read { view in try roads.planner(for: view).graph }
    }

    /// The order and path along real streets through the stops: overdue cases first when a time
    /// budget cannot cover them all.
    public func planRoute(_ request: RouteRequest, asOf: Date = Date()) throws -> PlannedRoute {
        if let budget = request.timeBudgetMinutes, !(budget > 0 && budget <= 24 * 60) {
            throw CityQueryError.badParameter(name: "timeBudgetMinutes", value: "\(budget)",
                                              reason: "must be more than 0 and at most 1440 minutes, a day")
        }
        guard request.serviceMinutesPerStop >= 0, request.serviceMinutesPerStop <= 240 else {
            throw CityQueryError.badParameter(name: "serviceMinutes", value: "\(request.serviceMinutesPerStop)", reason: "must be between 0 and 240")
        }
        let start = try bridge.working(request.start, from: request.crs, parameter: "start")
        let end = try request.end.map { try bridge.working($0, from: request.crs, parameter: "end") }
        var (planner, stops) = try store.read { view -> (PatrolPlanner, [(PatrolStop, Bool)]) in
            (try roads.planner(for: view), try self.stops(request, in: view, asOf: asOf))
        }
        planner.maxSnapMeters = configuration.routeSnapMeters
        if case .explicit = request.stops {
            try checkGivenStops(stops.map(\.0), on: planner, mode: request.mode)
        }
        guard !stops.isEmpty else { throw CityQueryError.badParameter(name: "stops", value: "", reason: "no open case to visit there") }
        guard stops.count <= 500 else {
            throw CityQueryError.badParameter(name: "stops", value: "\(stops.count)", reason: "at most 500 stops per route; narrow the query")
        }
        var priorities: [String: StopPriority] = [:]
        for (s, overdue) in stops { priorities[s.id] = StopPriority(overdue: overdue) }
        do {
            let plan = try planner.route(start: start, end: end, stops: stops.map(\.0), mode: request.mode,
                                         timeBudgetMinutes: request.timeBudgetMinutes,
                                         serviceMinutesPerStop: request.serviceMinutesPerStop, priorities: priorities)
            return PlannedRoute(plan: plan, stops: stops.map { (stop: $0.0, overdue: $0.1) })
        } catch let e as PatrolError {
            let value = switch e.parameter {
            case "start": "\(request.start.x),\(request.start.y)"
            case "end": request.end.map { "\($0.x),\($0.y)" } ?? ""
            case "mode": request.mode.rawValue
            case "timeBudgetMinutes": request.timeBudgetMinutes.map { "\($0)" } ?? ""
            default: ""
            }
            throw CityQueryError.badParameter(name: e.parameter ?? "roads", value: value, reason: e.description)
        }
    }

    /// Stops the caller gave (not cases found in an area): each needs its own id and a street
    /// within reach, or the request is refused naming the stop, rather than planned without it.
    func checkGivenStops(_ stops: [PatrolStop], on planner: PatrolPlanner, mode: TravelMode) throws {
        guard !stops.isEmpty else {
            throw CityQueryError.badParameter(name: "stops", value: "[]", reason: "is empty; give at least one stop")
        }
        var first: [String: Int] = [:]
        for (i, stop) in stops.enumerated() {
            if let earlier = first[stop.id] {
                throw CityQueryError.badParameter(name: "stops[\(i)].id", value: stop.id, reason: "is also the id of stops[\(earlier)]; stop ids must be unique")
            }
            first[stop.id] = i
            let snapped = planner.graph.snap(stop.location, mode: mode)
            if let d = snapped?.snapDistanceMeters, d > planner.maxSnapMeters {
                throw CityQueryError.badParameter(
                    name: "stops[\(i)]", value: stop.id,
                    reason: PatrolError.tooFarFromStreet(function: "route", which: "stops[\(i)]", meters: d,
                                                         limitMeters: planner.maxSnapMeters, mode: mode).description)
            }
        }
    }

    func stops(_ request: RouteRequest, in view: CityView, asOf: Date) throws -> [(PatrolStop, Bool)] {
        let area: AreaSelection
        switch request.stops {
        case .explicit(let given, let crs):
            return try given.enumerated().map { i, stop in
                (PatrolStop(id: stop.id, location: try bridge.working(stop.location, from: crs, parameter: "stops[\(i)]")), false)
            }
        case .grid(let code):
            let canonical = (try? GridCode(parsing: code).description) ?? code
            guard let g = view[.grids].feature(id: canonical)?.geometry else { throw CityQueryError.notFound(layer: "grids", id: code) }
            area = .polygon(g)
        case .segment(let id):
            guard let g = view[.segments].feature(id: id)?.geometry else { throw CityQueryError.notFound(layer: "segments", id: id) }
            area = .corridor(along: g, meters: 30)
        case .chief(let id):
            let lines = view[.segments].features.values.filter { $0.category == id }.compactMap(\.geometry)
            guard !lines.isEmpty else { throw CityQueryError.notFound(layer: "chiefs", id: id) }
            area = AreaSelection(envelope: lines.reduce(Envelope.empty) { $0.union($1.envelope) }.expanded(by: 30),
                                 contains: { p in lines.contains { $0.distance(to: p) <= 30 } })
        case .window(let e, let crs):
            let corners = try [Point(x: e.minX, y: e.minY), Point(x: e.maxX, y: e.minY), Point(x: e.maxX, y: e.maxY),
                               Point(x: e.minX, y: e.maxY)].map { try bridge.working($0, from: crs, parameter: "bbox") }
            let w = Envelope(covering: corners)
            area = AreaSelection(envelope: w, contains: { w.contains($0) })
        }
        return try area.members(of: .cases, in: view)
            .filter { f in f.status.map(Self.openStatuses.contains) == true && (request.types.map { t in f.category.map(t.contains) ?? false } ?? true) }
            .map { f in
                let c = try f.decode(ViolationCase.self)
                return (PatrolStop(id: c.id, location: c.point), try c.isOverdue(at: asOf, calendar: calendar))
            }
    }
}
