import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird
import Patrol

/// /api/v1/officers and /api/v1/cases/{caseId}/suggestions: officers on duty as the grid center
/// and the duty app (勤务通) see them. Fixes come in batches; one bad fix is refused by its index
/// and field and the rest are kept. Who may send an officer's fixes (the officer's own account, a
/// dispatcher of the team's area) is CityQuery's rule; the gate turns away callers with neither role.
struct OfficersController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let officerID = ParameterDoc("officerId", in: .path, .string, "The officer's id (ZF310101018-01)")

    var routes: [Route] {
        let problem = BodyDoc.problem
        let notFound = ResponseDoc(404, "No such officer", problem)
        let denied = [ResponseDoc(401, "No or unknown token", problem),
                      ResponseDoc(403, "Neither the officer's own account nor a dispatcher of the officer's team", problem)]
        let body = [ResponseDoc(400, "A member of the body is malformed (named in invalid-params)", problem),
                    ResponseDoc(413, "Body too large", problem), ResponseDoc(415, "Not JSON", problem)]
        return [
            Route(Endpoint(.get, "/api/v1/officers/nearest", access: .read, operationID: "nearestOfficers",
                           summary: "The officers nearest a point in a straight line, on duty and not stale unless asked",
                           tag: "Officers", parameters: [
                               ParameterDoc("lon", in: .query, .number, "Longitude (WGS84 unless crs)", required: true),
                               ParameterDoc("lat", in: .query, .number, "Latitude", required: true),
                               ParameterDoc("crs", in: .query, .string, "wgs84 (default), gcj02, bd09", allowed: ["wgs84", "gcj02", "bd09"]),
                               ParameterDoc("k", in: .query, .integer, "How many", minimum: 1, maximum: queries.configuration.maxPageSize, defaultValue: 10),
                               ParameterDoc("team", in: .query, .string, "Only this team (豫园街道中队)"),
                               ParameterDoc("includeOffDuty", in: .query, .boolean, "Officers off duty too"),
                               ParameterDoc("includeStale", in: .query, .boolean, "Officers whose last fix is old (or who have none) too"),
                           ],
                           responses: [ResponseDoc(200, "The officers, nearest first", .geoJSON(.officerCollection)),
                                       ResponseDoc(400, "A parameter is malformed", problem)]),
                  handler: nearest),
            Route(Endpoint(.get, "/api/v1/officers/{officerId}", access: .read, operationID: "getOfficer",
                           summary: "One officer: team, mode, duty, last fix and whether it is stale", tag: "Officers",
                           parameters: [Self.officerID],
                           responses: [ResponseDoc(200, "The officer at the last known place", .geoJSON(.officerFeature)), notFound]),
                  handler: officer),
            Route(Endpoint(.post, "/api/v1/officers/{officerId}/positions", access: .anyRole([.officer, .dispatcher]),
                           operationID: "recordPositions",
                           summary: "GPS fixes of an officer, one or a batch, oldest first; bad fixes are refused by index, the others kept",
                           tag: "Officers", parameters: [Self.officerID], requestBody: [.json(.positionsInput)],
                           responses: [ResponseDoc(200, "What was kept and what was refused", .json(.positionsReport)), notFound,
                                       ResponseDoc(422, "Every fix was refused (each named in invalid-params)", problem)] + body + denied),
                  handler: positions),
            Route(Endpoint(.post, "/api/v1/officers/{officerId}/duty", access: .anyRole([.officer, .dispatcher]), operationID: "setDuty",
                           summary: "Puts an officer on or off duty", tag: "Officers", parameters: [Self.officerID],
                           requestBody: [.json(.dutyInput)],
                           responses: [ResponseDoc(200, "The officer", .geoJSON(.officerFeature)), notFound] + body + denied),
                  handler: duty),
            Route(Endpoint(.get, "/api/v1/officers/{officerId}/track", access: .read, operationID: "officerTrack",
                           summary: "The officer's fixes between two instants, as a LineString with each fix's time",
                           tag: "Officers", parameters: [
                               Self.officerID,
                               ParameterDoc("from", in: .query, .string, "At or after this instant (RFC 3339, or YYYY-MM-DD in Shanghai)"),
                               ParameterDoc("to", in: .query, .string, "Before this instant"),
                               ParameterDoc("limit", in: .query, .integer, "At most this many fixes", minimum: 1, maximum: 100_000, defaultValue: 10_000),
                           ],
                           responses: [ResponseDoc(200, "The track", .geoJSON(.officerTrack)), notFound,
                                       ResponseDoc(400, "A parameter is malformed", problem)]),
                  handler: track),
            Route(Endpoint(.get, "/api/v1/officers/{officerId}/coverage", access: .read, operationID: "officerCoverage",
                           summary: "How much of road-chief segments the officer's recorded track passed along (the GPS coverage audit)",
                           tag: "Officers", parameters: [
                               Self.officerID,
                               ParameterDoc("segment", in: .query, .string, "Comma-separated segment ids (or chief=)"),
                               ParameterDoc("chief", in: .query, .string, "A road chief's id: the chief's whole patch (or segment=)"),
                               ParameterDoc("from", in: .query, .string, "Fixes at or after this instant (RFC 3339, or YYYY-MM-DD in Shanghai)"),
                               ParameterDoc("to", in: .query, .string, "Fixes before this instant"),
                               ParameterDoc("tolerance", in: .query, .number, "Metres from the track a piece of street counts as walked (GPS wanders)", minimum: 0, maximum: 200, defaultValue: 20),
                               ParameterDoc("fraction", in: .query, .number, "Share of a segment's length to walk for it to count as covered (default 0.8)", minimum: 0, maximum: 1),
                           ],
                           responses: [ResponseDoc(200, "Each segment's covered length", .json(.trackCoverage)), notFound,
                                       ResponseDoc(400, "A parameter is malformed, or neither or both of segment and chief", problem)]),
                  handler: coverage),
            Route(Endpoint(.get, "/api/v1/officers/{officerId}/tasks", access: .read, operationID: "officerTasks",
                           summary: "The officer's open cases (dispatched to officer:ID), soonest due first", tag: "Officers",
                           parameters: [Self.officerID],
                           responses: [ResponseDoc(200, "The cases", .json(.officerTasks)), notFound]),
                  handler: tasks),
            Route(Endpoint(.get, "/api/v1/cases/{caseId}/suggestions", access: .read, operationID: "dispatchSuggestions",
                           summary: "The on-duty officers who reach the case soonest along the streets in their own mode, with the path",
                           tag: "Officers", parameters: [
                               ParameterDoc("caseId", in: .path, .string, "The case's id"),
                               ParameterDoc("k", in: .query, .integer, "How many", minimum: 1, maximum: 50, defaultValue: 5),
                           ],
                           responses: [ResponseDoc(200, "The officers, soonest first (those late with another case last)", .geoJSON(.dispatchSuggestions)),
                                       ResponseDoc(404, "No such case", problem), ResponseDoc(409, "The case is closed", problem),
                                       ResponseDoc(400, "A parameter is malformed", problem)]),
                  handler: suggestions),
        ]
    }

    // MARK: Handlers

    @Sendable func nearest(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["lon", "lat", "crs", "k", "team", "includeOffDuty", "includeStale"])
        let (point, crs) = try q.point()
        let found = try queries.nearestOfficers(to: point, crs: crs, k: try q.integer("k", default: 10, in: 1...queries.configuration.maxPageSize),
                                                team: q["team"], onDutyOnly: !(try Self.flag(q, "includeOffDuty")),
                                                includeStale: try Self.flag(q, "includeStale"))
        var features: [JSONValue] = []
        for n in found {
            features.append(try officerFeature(n.officer, extra: ["distanceMeters": .number((n.distanceMeters * 10).rounded() / 10)]))
        }
        return .json(["type": "FeatureCollection", "features": .array(features)], mediaType: MediaTypes.geoJSON)
    }

    @Sendable func officer(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        .json(try officerFeature(try queries.officer(id: try Self.id(context))), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func positions(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        let fixes = try Self.fixes(body)
        let report = try queries.recordFixes(fixes, officerID: id, by: context.caller)
        let refused: [JSONValue] = report.refused.map { .object(["index": .number(Double($0.index)), "field": .string($0.field), "reason": .string($0.reason)]) }
        guard report.accepted > 0 else {
            let first = report.refused[0]
            throw ServerError.unprocessable(path: first.field, reason: report.refused.map { "\($0.field): \($0.reason)" }.joined(separator: "; "))
        }
        return .json(["accepted": .number(Double(report.accepted)), "refused": .array(refused),
                      "officer": try officerFeature(report.officer)])
    }

    @Sendable func duty(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        guard let onDuty = body["onDuty"]?.boolValue else { throw ServerError.invalidBody(path: "onDuty", reason: "expected true or false") }
        let officer = try queries.setDuty(officerID: try Self.id(context), onDuty: onDuty, by: context.caller)
        return .json(try officerFeature(officer), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func track(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["from", "to", "limit"])
        let id = try Self.id(context)
        let fixes = try queries.track(officerID: id, from: try q.date("from"), to: try q.date("to"),
                                      limit: try q.integer("limit", default: 10_000, in: 1...100_000))
        let times: [JSONValue] = fixes.map { .string(CityTime.timestamp($0.at)) }
        // One fix is a line of one point repeated, so the track is always a LineString.
        let points = fixes.map(\.point)
        let line = points.count == 1 ? points + points : points
        let geometry = line.isEmpty ? JSONValue.null : try transform.lonLat(.lineString(LineString(line))).geoJSON
        return .json(["type": "Feature", "id": .string(id), "geometry": geometry,
                      "properties": ["officer": .string(id), "fixes": .number(Double(fixes.count)), "times": .array(times)]],
                     mediaType: MediaTypes.geoJSON)
    }

    @Sendable func coverage(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["segment", "chief", "from", "to", "tolerance", "fraction"])
        let result = try queries.coverage(officerID: try Self.id(context), segmentIDs: q.set("segment").map { $0.sorted() }, chiefID: q["chief"],
                                          from: try q.date("from"), to: try q.date("to"),
                                          toleranceMeters: try q.optionalNumber("tolerance") ?? 20, coveredFraction: try q.optionalNumber("fraction") ?? 0.8)
        let segments: [JSONValue] = result.audit.segments.map { s in
            ["id": .string(s.id), "lengthMeters": .number(s.lengthMeters), "coveredMeters": .number(s.coveredMeters),
             "fraction": .number(s.fraction), "covered": .bool(s.covered)]
        }
        return .json(["officer": .string(result.officer.id), "fixes": .number(Double(result.fixes)),
                      "from": q["from"].map(JSONValue.string) ?? .null, "to": q["to"].map(JSONValue.string) ?? .null,
                      "toleranceMeters": .number(result.toleranceMeters), "coveredFraction": .number(result.coveredFraction),
                      "segments": .array(segments), "covered": .array(result.audit.covered.map(JSONValue.string)),
                      "missed": .array(result.audit.missed.map(JSONValue.string))])
    }

    @Sendable func tasks(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let list = try queries.tasks(officerID: try Self.id(context))
        let items: [JSONValue] = list.map { t in
            .object(["id": .string(t.violationCase.id), "type": .string(t.violationCase.typeCode),
                     "status": .string(t.violationCase.status.rawValue),
                     "dueAt": t.due.map { .string(CityTime.timestamp($0)) } ?? .null, "overdue": .bool(t.overdue)])
        }
        return .json(["tasks": .array(items)])
    }

    @Sendable func suggestions(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["k"])
        let caseID = try context.parameters.require("caseId").decodedPathComponent(parameter: "caseId")
        let found = try queries.dispatchSuggestions(caseID: caseID, k: try q.integer("k", default: 5, in: 1...50))
        var features: [JSONValue] = []
        for (rank, s) in found.enumerated() {
            let geometry = try s.path.flatMap { $0.geometry.points.count >= 2 ? $0.geometry : nil }
                .map { try transform.lonLat(.lineString($0)).geoJSON } ?? .null
            features.append(.object([
                "type": "Feature", "id": .string(s.officer.id), "geometry": geometry,
                "properties": [
                    "rank": .number(Double(rank + 1)), "officer": .string(s.officer.id), "name": .string(s.officer.name),
                    "team": .string(s.officer.team), "mode": .string(s.mode.rawValue),
                    "etaMinutes": .number((s.etaMinutes * 10).rounded() / 10), "meters": .number(s.meters.rounded()),
                    "busyWithOverdue": .bool(s.busyWithOverdue),
                    "dispatch": ["event": "dispatch", "assignee": .string("officer:\(s.officer.id)")],
                ],
            ]))
        }
        return .json(["type": "FeatureCollection", "case": .string(caseID), "features": .array(features)], mediaType: MediaTypes.geoJSON)
    }

    // MARK: Reading and writing

    static func id(_ context: CityRequestContext) throws -> String {
        try context.parameters.require("officerId").decodedPathComponent(parameter: "officerId")
    }

    static func flag(_ q: QueryParameters, _ name: String) throws(ServerError) -> Bool {
        guard let text = q[name] else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalidParameter(name: name, value: text, reason: "expected true or false")
        }
    }

    /// `{"fixes": [{"at", "lon", "lat", "accuracy", "speed"}…], "crs": "gcj02"}` or one fix alone.
    static func fixes(_ body: JSONValue) throws -> [PositionFix] {
        let crs: InputCRS
        do { crs = try InputCRS(parameter: body["crs"]?.stringValue) } catch { throw ServerError.invalidBody(path: "crs", reason: "expected wgs84, gcj02 or bd09") }
        guard crs != .working else { throw ServerError.invalidBody(path: "crs", reason: "fixes are longitude and latitude: wgs84, gcj02 or bd09") }
        let items: [(JSONValue, String)]
        if let list = body["fixes"] {
            guard let array = list.arrayValue else { throw ServerError.invalidBody(path: "fixes", reason: "expected an array of fixes") }
            guard !array.isEmpty, array.count <= 10_000 else { throw ServerError.invalidBody(path: "fixes", reason: "give 1 to 10,000 fixes") }
            items = array.enumerated().map { ($1, "fixes[\($0)]") }
        } else {
            items = [(body, "fixes[0]")]
        }
        return try items.map { item, path in
            guard item.objectValue != nil else { throw ServerError.invalidBody(path: path, reason: "expected an object") }
            guard let atText = item["at"]?.stringValue else { throw ServerError.invalidBody(path: path + ".at", reason: "required: an RFC 3339 date-time") }
            guard let at = CityTime.parse(atText), atText.contains("T") else {
                throw ServerError.invalidBody(path: path + ".at", reason: "'\(atText)' is not an RFC 3339 date-time")
            }
            guard let lon = item["lon"]?.doubleValue else { throw ServerError.invalidBody(path: path + ".lon", reason: "required: a number") }
            guard let lat = item["lat"]?.doubleValue else { throw ServerError.invalidBody(path: path + ".lat", reason: "required: a number") }
            func optional(_ key: String) throws -> Double? {
                guard let v = item[key], !v.isNull else { return nil }
                guard let d = v.doubleValue else { throw ServerError.invalidBody(path: "\(path).\(key)", reason: "expected a number") }
                return d
            }
            return PositionFix(at: at, point: Point(x: lon, y: lat), crs: crs, accuracyMeters: try optional("accuracy"),
                               speedMetersPerSecond: try optional("speed"))
        }
    }

    /// An officer as GeoJSON: where the officer is now (the last fix, else the station), with
    /// whether that place is stale. The phone is personal data, disclosed as everywhere else.
    func officerFeature(_ o: Officer, extra: JSONObject = [:]) throws -> JSONValue {
        let now = Date()
        let here = try transform.lonLat(.point(o.location)).geoJSON
        var props: JSONObject = [
            "name": .string(o.name), "team": .string(o.team), "mode": .string(o.mode.rawValue), "onDuty": .bool(o.onDuty),
            "phone": o.phone.map(JSONValue.string) ?? .null, "accountID": o.accountID.map(JSONValue.string) ?? .null,
            "lastFixAt": o.position.map { .string(CityTime.timestamp($0.at)) } ?? .null,
            "accuracyMeters": o.position?.accuracyMeters.map(JSONValue.number) ?? .null,
            "stale": .bool(o.isStale(at: now, maxAge: queries.configuration.officerStaleSeconds)),
            "subDistrict": o.attribution?.subDistrict.map(JSONValue.string) ?? .null,
        ]
        for (k, v) in extra.members { props[k] = v }
        let disclosed = PersonalData.disclosed(.object(props), at: o.attribution, layer: .officers, id: o.id)
        return .object(["type": "Feature", "id": .string(o.id),
                        "geometry": here,
                        "properties": disclosed])
    }
}
