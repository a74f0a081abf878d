import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird
import NIOCore
import ServiceLifecycle

/// /api/v1/events: every committed step of the case loop (reported, registered, dispatched, …) in
/// commit order, for a geofence (cells, a sub-district, a chief's patch, a box, a circle) and the
/// kinds and case types asked for. With `Accept: text/event-stream` it is a live stream
/// (Server-Sent Events) that a browser's EventSource resumes from `Last-Event-ID` after a
/// disconnect with no gap; otherwise one page of JSON after `after`, for scripts that poll.
///
/// The steps are the case-transition rows themselves, whose ids grow in commit order: an event
/// exists only for a write that committed, and a restart loses none.
struct EventsController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let parameterNames = ["after", "events", "type", "grid", "subDistrict", "segment", "chief", "bbox", "lon", "lat", "radius", "limit",
                                 "access_token"]

    var routes: [Route] {
        let problem = BodyDoc.problem
        return [
            Route(Endpoint(.get, "/api/v1/events", access: .read, operationID: "caseEvents",
                           summary: "Committed case steps in commit order, for a place, kinds and case types: a page of JSON, or a live stream with Accept: text/event-stream",
                           tag: "Events", parameters: [
                               ParameterDoc("after", in: .query, .integer, "Steps after this id (a stream resumes from Last-Event-ID instead); default: from now on", minimum: 0),
                               ParameterDoc("events", in: .query, .string, "Comma-separated kinds: " + CaseEventFilter.allTypes.joined(separator: ", ")),
                               ParameterDoc("type", in: .query, .string, "Comma-separated case-type codes"),
                               ParameterDoc("grid", in: .query, .string, "Comma-separated grid cell codes"),
                               ParameterDoc("subDistrict", in: .query, .string, "A sub-district by name (豫园街道) or code (310101-018)"),
                               ParameterDoc("segment", in: .query, .string, "Comma-separated road-chief segment ids"),
                               ParameterDoc("chief", in: .query, .string, "A road chief's id: the chief's patch"),
                               ParameterDoc("bbox", in: .query, .string, "minLon,minLat,maxLon,maxLat"),
                               ParameterDoc("lon", in: .query, .number, "With lat and radius: a circle"),
                               ParameterDoc("lat", in: .query, .number, "With lon and radius: a circle"),
                               ParameterDoc("radius", in: .query, .number, "Metres, with lon and lat"),
                               ParameterDoc("limit", in: .query, .integer, "At most this many steps looked at per page", minimum: 1, maximum: 1000, defaultValue: 500),
                               ParameterDoc("access_token", in: .query, .string, "The bearer token, for a browser's EventSource, which cannot send an Authorization header"),
                           ],
                           responses: [ResponseDoc(200, "A page of steps (a stream of them with Accept: text/event-stream)", .json(.caseEvents)),
                                       ResponseDoc(400, "A parameter is malformed (named in invalid-params)", problem),
                                       ResponseDoc(401, "Reads need a token here (readsRequireToken), or the token opens nothing", problem)]),
                  handler: events),
        ]
    }

    @Sendable func events(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(Self.parameterNames)
        let filter = try self.filter(q)
        let limit = try q.integer("limit", default: 500, in: 1...1000)
        // The answer is written after this handler returns: the reader is taken now, explicitly.
        let reader = context.principal
        var after = try q["after"].map { text throws(ServerError) -> Int64 in
            guard let n = Int64(text), n >= 0 else { throw .invalidParameter(name: "after", value: text, reason: "expected an event id (0 or more)") }
            return n
        }
        let wantsStream = request.headers[.accept]?.contains("text/event-stream") == true
        guard wantsStream else {
            let start = try after ?? queries.lastCaseEventID()
            let page = try queries.caseEvents(after: start, filter: filter, limit: limit)
            return .json(["events": .array(try page.events.map { try eventJSON($0, to: reader) }), "last": .number(Double(page.through))])
        }
        if let resume = request.headers[.init("Last-Event-ID")!].flatMap({ Int64($0) }) { after = resume }
        let start = try after ?? queries.lastCaseEventID()
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
                        let page = try queries.caseEvents(after: cursor, filter: filter, limit: limit)
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

    func filter(_ q: QueryParameters) throws -> CaseEventFilter {
        var filter = CaseEventFilter(types: q.set("events"), caseTypes: q.set("type"))
        if let unknown = filter.types?.first(where: { !CaseEventFilter.allTypes.contains($0) }) {
            throw ServerError.invalidParameter(name: "events", value: unknown, reason: "expected some of " + CaseEventFilter.allTypes.joined(separator: ", "))
        }
        var areas: [(String, EventArea)] = []
        if let cells = q.set("grid") { areas.append(("grid", .cells(cells))) }
        if let sd = q["subDistrict"] { areas.append(("subDistrict", .subDistrict(sd))) }
        if let segments = q.set("segment") { areas.append(("segment", .segments(segments))) }
        if let chief = q["chief"] { areas.append(("chief", .chief(chief))) }
        if let text = q["bbox"] {
            let e = try BoundingBox(parameter: text).envelope
            let corners = [Point(x: e.minX, y: e.minY), Point(x: e.maxX, y: e.minY), Point(x: e.maxX, y: e.maxY), Point(x: e.minX, y: e.maxY)]
            let working = try transform.working(.polygon(Polygon(exterior: LinearRing(corners + [corners[0]]))), path: "bbox")
            areas.append(("bbox", .window(Envelope(covering: working.allPoints))))
        }
        if q["lon"] != nil || q["lat"] != nil || q["radius"] != nil {
            let (p, crs) = try q.point()
            let r = try q.number("radius")
            guard r > 0, r <= 50_000 else { throw ServerError.invalidParameter(name: "radius", value: "\(r)", reason: "must be more than 0 and at most 50,000 metres") }
            areas.append(("lon", .circle(center: try queries.bridge.working(p, from: crs), radiusMeters: r)))
        }
        guard areas.count <= 1 else {
            throw ServerError.invalidParameter(name: areas[1].0, value: q[areas[1].0] ?? "", reason: "give one place: grid, subDistrict, segment, chief, bbox or lon/lat/radius")
        }
        filter.area = areas.first?.1
        return filter
    }

    /// One step as the API shows it; its note and the case's personal data as `reader` may see them.
    func eventJSON(_ e: CaseEventRecord, to reader: Principal) throws -> JSONValue {
        var o: JSONObject = [
            "id": .number(Double(e.id)), "type": .string(e.type), "case": .string(e.caseID), "at": .string(e.at),
            "actor": .string(e.actor), "from": e.from.map(JSONValue.string) ?? .null, "to": .string(e.to), "note": .string(e.note),
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
        return PersonalData.disclosed(.object(o), at: e.violationCase?.attribution, layer: .cases, id: e.caseID, to: reader)
    }
}
