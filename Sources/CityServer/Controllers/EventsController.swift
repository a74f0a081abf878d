import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird
import NIOCore
import ServiceLifecycle

/// /api/v1/events: every committed event in commit order (the case loop's steps, cases gone
/// overdue, officers gone stale, and, for one subscription's fence, officers entering and leaving
/// it), for a geofence (cells, a sub-district, a chief's patch, a box, a circle) and the kinds and
/// case types asked for. With `Accept: text/event-stream` it is a live stream (Server-Sent
/// Events) that a browser's EventSource resumes from `Last-Event-ID` after a disconnect with no
/// gap; otherwise one page of JSON after `after`, for scripts that poll.
///
/// The events are the store's outbox rows, written in the transaction of what caused them, whose
/// ids grow in commit order: an event exists only for a write that committed, and a restart loses none.
struct EventsController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let parameterNames = ["after", "events", "type", "grid", "subDistrict", "segment", "chief", "bbox", "polygon", "lon", "lat", "radius", "limit",
                                 "subscription", "access_token"]

    var routes: [Route] {
        let problem = BodyDoc.problem
        return [
            Route(Endpoint(.get, "/api/v1/events", access: .read, operationID: "caseEvents",
                           summary: "Committed events in commit order, for a place, kinds and case types: a page of JSON, or a live stream with Accept: text/event-stream",
                           tag: "Events", parameters: [
                               ParameterDoc("after", in: .query, .integer, "Events after this id (a stream resumes from Last-Event-ID instead); default: from now on", minimum: 0),
                               ParameterDoc("events", in: .query, .string, "Comma-separated kinds: " + EventFilter.allTypes.joined(separator: ", ")),
                               ParameterDoc("type", in: .query, .string, "Comma-separated case-type codes"),
                               ParameterDoc("grid", in: .query, .string, "Comma-separated grid cell codes"),
                               ParameterDoc("subDistrict", in: .query, .string, "A sub-district by name (豫园街道) or code (310101-018)"),
                               ParameterDoc("segment", in: .query, .string, "Comma-separated road-chief segment ids"),
                               ParameterDoc("chief", in: .query, .string, "A road chief's id: the chief's patch"),
                               ParameterDoc("bbox", in: .query, .string, "minLon,minLat,maxLon,maxLat"),
                               ParameterDoc("polygon", in: .query, .string, "A drawn area: WKT POLYGON in longitude/latitude (CRS84), simple, at most 500 vertices"),
                               ParameterDoc("lon", in: .query, .number, "With lat and radius: a circle"),
                               ParameterDoc("lat", in: .query, .number, "With lon and radius: a circle"),
                               ParameterDoc("radius", in: .query, .number, "Metres, with lon and lat"),
                               ParameterDoc("subscription", in: .query, .string, "A subscription's id: its filter, and the officers entering and leaving its fence (dispatchers and admins); no other filter parameter then"),
                               ParameterDoc("limit", in: .query, .integer, "At most this many events looked at per page", minimum: 1, maximum: 1000, defaultValue: 500),
                               ParameterDoc("access_token", in: .query, .string, "The bearer token, for a browser's EventSource, which cannot send an Authorization header"),
                           ],
                           responses: [ResponseDoc(200, "A page of events (a stream of them with Accept: text/event-stream)", .json(.caseEvents)),
                                       ResponseDoc(400, "A parameter is malformed (named in invalid-params)", problem),
                                       ResponseDoc(401, "Reads need a token here (readsRequireToken), or the token opens nothing", problem),
                                       ResponseDoc(403, "subscription= by neither a dispatcher nor an admin", problem),
                                       ResponseDoc(404, "No such subscription", problem)]),
                  handler: events),
        ]
    }

    @Sendable func events(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(Self.parameterNames)
        let filter = try streamFilter(q, by: context.principal)
        let limit = try q.integer("limit", default: 500, in: 1...1000)
        // The answer is written after this handler returns: the reader is taken now, explicitly.
        let reader = context.principal
        var after = try q["after"].map { text throws(ServerError) -> Int64 in
            guard let n = Int64(text), n >= 0 else { throw .invalidParameter(name: "after", value: text, reason: "expected an event id (0 or more)") }
            return n
        }
        let wantsStream = request.headers[.accept]?.contains("text/event-stream") == true
        guard wantsStream else {
            let start = try after ?? queries.lastEventID()
            let page = try queries.events(after: start, filter: filter, limit: limit)
            return .json(["events": .array(try page.events.map { try eventJSON($0, to: reader) }), "last": .number(Double(page.through))])
        }
        if let resume = request.headers[.init("Last-Event-ID")!].flatMap({ Int64($0) }) { after = resume }
        let start = try after ?? queries.lastEventID()
        let queries = self.queries
        let body = ResponseBody { writer in
            var cursor = start
            var seen: Int64 = -1
            var beat = ContinuousClock.now
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                // Memory's place in the change log moves after every commit (this node's and, once
                // followed, every other writer's): the store is asked only when it has moved, and
                // until a page comes back empty.
                let applied = queries.store.appliedSequence
                if applied != seen {
                    seen = applied
                    while true {
                        let page = try queries.events(after: cursor, filter: filter, limit: limit)
                        guard page.through > cursor else { break }
                        var text = ""
                        for e in page.events {
                            text += "id: \(e.id)\nevent: \(e.type)\ndata: \(try eventJSON(e, to: reader).jsonString)\n\n"
                        }
                        if !text.isEmpty {
                            try await writer.write(ByteBuffer(string: text))
                            beat = .now
                        }
                        cursor = page.through
                    }
                }
                if ContinuousClock.now - beat > .seconds(15) {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    beat = .now
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The stream's filter: a subscription's (with its fence's events), or the parameters'.
    func streamFilter(_ q: QueryParameters, by reader: Principal) throws -> EventFilter {
        guard let id = q["subscription"] else {
            let filter = try self.filter(q)
            if let fenced = filter.types?.first(where: { EventFilter.fenceTypes.contains($0) }) {
                throw ServerError.invalidParameter(name: "events", value: fenced,
                                                   reason: "officers enter and leave a subscription's fence: make one (POST /api/v1/subscriptions) and stream it with subscription=")
            }
            return filter
        }
        if let other = q.names.first(where: { !["subscription", "after", "limit", "access_token"].contains($0) }) {
            throw ServerError.invalidParameter(name: other, value: q[other] ?? "", reason: "a subscription's stream takes its own filter: give subscription alone")
        }
        return try subscriptionFilter(queries.subscription(id: id, by: reader).subscription)
    }

    /// What a subscription is sent: its filter's events, and its fence's.
    func subscriptionFilter(_ s: Subscription) throws -> EventFilter {
        var filter = try self.filter(try QueryParameters(query: s.filter))
        filter.fence = s.id
        return filter
    }

    func filter(_ q: QueryParameters) throws -> EventFilter {
        var filter = EventFilter(types: q.set("events"), caseTypes: q.set("type"))
        if let unknown = filter.types?.first(where: { !EventFilter.allTypes.contains($0) }) {
            throw ServerError.invalidParameter(name: "events", value: unknown, reason: "expected some of " + EventFilter.allTypes.joined(separator: ", "))
        }
        var areas: [(String, EventArea)] = []
        if let cells = q.set("grid") { areas.append(("grid", .cells(cells))) }
        if let sd = q["subDistrict"] { areas.append(("subDistrict", .subDistrict(sd))) }
        if let segments = q.set("segment") { areas.append(("segment", .segments(segments))) }
        if let chief = q["chief"] { areas.append(("chief", .chief(chief))) }
        if let text = q["bbox"] {
            let working = try transform.working(.polygon(Polygon(rectangle: try BoundingBox(parameter: text).envelope)), path: "bbox")
            areas.append(("bbox", .window(Envelope(covering: working.allPoints))))
        }
        if let wkt = q["polygon"] { areas.append(("polygon", try drawnPolygon(wkt))) }
        if q["lon"] != nil || q["lat"] != nil || q["radius"] != nil {
            let (p, crs) = try q.point()
            let r = try q.number("radius")
            guard r > 0, r <= 50_000 else { throw ServerError.invalidParameter(name: "radius", value: "\(r)", reason: "must be more than 0 and at most 50,000 metres") }
            areas.append(("lon", .circle(center: try queries.bridge.working(p, from: crs), radiusMeters: r)))
        }
        guard areas.count <= 1 else {
            throw ServerError.invalidParameter(name: areas[1].0, value: q[areas[1].0] ?? "", reason: "give one place: grid, subDistrict, segment, chief, bbox, polygon or lon/lat/radius")
        }
        filter.area = areas.first?.1
        return filter
    }

    /// A fence drawn on a map: one simple polygon in CRS84 longitude/latitude, in the working CRS.
    func drawnPolygon(_ wkt: String) throws -> EventArea {
        func refuse(_ reason: String) -> ServerError { .invalidParameter(name: "polygon", value: String(wkt.prefix(120)), reason: reason) }
        let geometry: Geometry
        do { geometry = try Geometry(wkt: wkt) } catch { throw refuse("not WKT: \(error)") }
        guard case .polygon(let p) = geometry else { throw refuse("expected a POLYGON") }
        let vertices = ([p.exterior] + p.holes).reduce(0) { $0 + $1.points.count }
        guard vertices <= 500 else { throw refuse("at most 500 vertices, found \(vertices)") }
        for ring in [p.exterior] + p.holes {
            if let bad = ring.points.first(where: { !(-180...180).contains($0.x) || !(-90...90).contains($0.y) }) {
                throw refuse("(\(bad.x) \(bad.y)) is not a longitude/latitude")
            }
            if let x = ring.firstSelfIntersection { throw refuse("the ring crosses itself near (\(x.x) \(x.y))") }
        }
        guard abs(p.exterior.signedArea) > 0 else { throw refuse("the polygon has no area") }
        guard case .polygon(let working) = try transform.working(geometry, path: "polygon") else { throw refuse("expected a POLYGON") }
        return .polygon(working)
    }

    /// One event as the API shows it; personal data as `reader` may see it.
    func eventJSON(_ e: LiveEvent, to reader: Principal) throws -> JSONValue {
        e.isOfficerEvent ? try officerEventJSON(e, to: reader) : try caseEventJSON(e, to: reader)
    }

    private func caseEventJSON(_ e: LiveEvent, to reader: Principal) throws -> JSONValue {
        let r = e.row
        var o: JSONObject = [
            "id": .number(Double(e.id)), "type": .string(e.type), "case": .string(r.subject), "at": .string(r.at),
            "actor": .string(r.actor), "from": r.fromStatus.map(JSONValue.string) ?? .null, "to": r.toStatus.map(JSONValue.string) ?? .null,
            "note": .string(r.note),
        ]
        if let c = e.violationCase {
            let lonLat = try transform.lonLat(.point(c.point)).geoJSON
            o["caseType"] = .string(c.typeCode)
            o["point"] = lonLat["coordinates"] ?? .null
            o["gridCode"] = c.attribution?.gridCode.map { .string($0.description) } ?? .null
            o["subDistrict"] = c.attribution?.subDistrict.map(JSONValue.string) ?? .null
            o["status"] = .string(c.status.rawValue)
            o["assignee"] = c.assignment.map { .string($0.flat) } ?? .null
        }
        return PersonalData.disclosed(.object(o), at: e.violationCase?.attribution, layer: .cases, id: r.subject, to: reader)
    }

    private func officerEventJSON(_ e: LiveEvent, to reader: Principal) throws -> JSONValue {
        let r = e.row
        var o: JSONObject = [
            "id": .number(Double(e.id)), "type": .string(e.type), "officer": .string(r.subject), "at": .string(r.at),
            "actor": .string(r.actor), "note": .string(r.note), "fence": r.fence.map(JSONValue.string) ?? .null,
        ]
        if let officer = e.officer {
            o["name"] = .string(officer.name)
            o["team"] = .string(officer.team)
            o["onDuty"] = .bool(officer.onDuty)
            o["point"] = try transform.lonLat(.point(officer.location)).geoJSON["coordinates"] ?? .null
            o["positionAt"] = officer.position.map { .string(CityTime.timestamp($0.at)) } ?? .null
        }
        return PersonalData.disclosed(.object(o), at: e.officer?.attribution, layer: .officers, id: r.subject, to: reader)
    }
}
