import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/cases: the closed loop over HTTP. Officers report; dispatchers register, dispatch,
/// verify, send back, close, escalate, merge; everyone with read access sees the history and the
/// overdue list.
struct CasesController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    /// The case types, departments, statuses and the workflow's allowed steps, built once from the
    /// queries' own catalogue: the web map offers steps from it and does not re-code the state
    /// machine. A failure only when the bundled CityModel data cannot be read, which the
    /// catalogue route then reports.
    let catalogue: Result<JSONValue, ServerError>
    var transform: CoordinateBridge { queries.bridge }

    init(queries: CityQueries, configuration: ServerConfiguration) {
        self.queries = queries
        self.configuration = configuration
        catalogue = Result {
            let open = Set(CityQueries.openStatuses)
            let statuses: [JSONValue] = CaseStatus.allCases.map { s in
                .object(["code": .string(s.rawValue), "nameZH": .string(s.labelZH), "terminal": .bool(s.isTerminal),
                         "open": .bool(open.contains(s.rawValue))])
            }
            let events: [JSONValue] = CaseEvent.Kind.allCases.map { .object(["code": .string($0.rawValue), "nameZH": .string($0.labelZH)]) }
            let workflow = JSONObject(CaseStatus.allCases.map { s in
                (s.rawValue, JSONValue.array(CaseWorkflow.allowedEvents(in: s).map { .string($0.rawValue) }))
            })
            return .object(["version": .string(queries.catalogue.version),
                            "eventClasses": try QueryEncoding.value(queries.catalogue.eventClasses),
                            "caseTypes": try QueryEncoding.value(queries.catalogue.caseTypes),
                            "departments": try QueryEncoding.value(queries.departments.departments),
                            "statuses": .array(statuses), "events": .array(events), "workflow": .object(workflow)])
        }.mapError { ServerError.internalFailure("the catalogue: \($0)") }
    }

    var routes: [Route] {
        let problem = BodyDoc.problem
        let caseID = ParameterDoc("caseId", in: .path, .string, "The case's id")
        let bad = ResponseDoc(400, "A parameter is malformed", problem)
        let denied = [ResponseDoc(401, "No or unknown token", problem), ResponseDoc(403, "The token lacks the role", problem),
                      ResponseDoc(413, "Body too large", problem)]
        // A report or a step may carry photos (multipart/form-data): PhotosController's limits and refusals.
        let photoBodyLimit = Int(queries.configuration.photoMaxBytes) + PhotosController.formOverhead
        let photoRefusals = [ResponseDoc(415, "A photo part is not a JPEG, PNG, WebP or HEIC image", problem)]
        return [
            Route(Endpoint(.post, "/api/v1/cases", access: .role(.reporter), operationID: "reportCase",
                           summary: "Reports a case: attributed at once, with likely duplicates and proposed departments", tag: "Cases",
                           requestBody: [.json(.caseReportInput), .multipart(.caseReportForm)],
                           responses: [ResponseDoc(201, "The stored case and what was found", .json(.caseReportOutcome)),
                                       ResponseDoc(400, "A field is malformed or the point lies outside every cell", problem),
                                       ResponseDoc(409, "The id exists", problem)] + denied + photoRefusals,
                           bodyLimit: photoBodyLimit),
                  handler: report),
            Route(Endpoint(.post, "/api/v1/cases/{caseId}/transitions", access: .anyRole([.officer, .dispatcher]), operationID: "transitionCase",
                           summary: "Moves a case through the workflow (event, assignee, due, type, of, note)", tag: "Cases",
                           parameters: [caseID], requestBody: [.json(.caseTransitionInput), .multipart(.caseTransitionForm)],
                           responses: [ResponseDoc(200, "The case after the step", .json(.violationCase)), ResponseDoc(400, "Malformed step", problem),
                                       ResponseDoc(404, "No such case", problem),
                                       ResponseDoc(409, "The workflow does not allow this step now", problem)] + denied + photoRefusals
                                       + [ResponseDoc(422, "A photo does not decode, or the step needs a photo after handling first", problem)],
                           bodyLimit: photoBodyLimit),
                  handler: transition),
            Route(Endpoint(.get, "/api/v1/cases", access: .read, operationID: "listCases",
                           summary: "Cases in id order, a page at a time, each with its deadline clock", tag: "Cases",
                           parameters: Self.listParameters,
                           responses: [ResponseDoc(200, "A page of cases (GeoJSON, lon/lat) with numberMatched and a next link", .geoJSON(.caseList)),
                                       ResponseDoc(400, "A filter is malformed", problem),
                                       ResponseDoc(404, "No such cell, segment or chief", problem)]),
                  handler: list),
            Route(Endpoint(.get, "/api/v1/cases/{caseId}", access: .read, operationID: "getCase",
                           summary: "One case with its deadline clock, attribution and audit history", tag: "Cases",
                           parameters: [caseID, ParameterDoc("asOf", in: .query, .string, "Judge the deadline at this instant; default now")],
                           responses: [ResponseDoc(200, "The case (GeoJSON Feature, lon/lat)", .geoJSON(.caseFeature)),
                                       ResponseDoc(404, "No such case", problem)]),
                  handler: show),
            Route(Endpoint(.get, "/api/v1/cases/{caseId}/history", access: .read, operationID: "caseHistory",
                           summary: "The case's audit history: every transition with who and when", tag: "Cases",
                           parameters: [caseID], responses: [ResponseDoc(200, "The history", .json(.caseHistory)), ResponseDoc(404, "No such case", problem)]),
                  handler: history),
            Route(Endpoint(.get, "/api/v1/cases/overdue", access: .read, operationID: "overdueCases",
                           summary: "Open cases past their deadline, most overdue first", tag: "Cases",
                           parameters: [ParameterDoc("asOf", in: .query, .string, "Instant to judge at (RFC 3339); default now")],
                           responses: [ResponseDoc(200, "Overdue cases", .geoJSON(.overdueCases)), ResponseDoc(400, "Bad asOf", problem)]),
                  handler: overdue),
            Route(Endpoint(.get, "/api/v1/nearest", access: .read, operationID: "nearestCases",
                           summary: "The k nearest open cases to a point, by type and status", tag: "Cases",
                           parameters: ZonesController.pointParameters + [
                               ParameterDoc("k", in: .query, .integer, "How many", minimum: 1, maximum: queries.configuration.maxPageSize, defaultValue: 10),
                               ParameterDoc("type", in: .query, .string, "Comma-separated case-type codes"),
                               ParameterDoc("status", in: .query, .string, "Comma-separated statuses (default: the open ones)"),
                               ParameterDoc("radius", in: .query, .number, "Search radius in metres"),
                               ParameterDoc("properties", in: .query, .string,
                                            "Comma-separated names of the properties to send (distanceMeters always comes); empty for none; "
                                                + "names a case does not have are left out. Default: all"),
                           ],
                           responses: [ResponseDoc(200, "Cases nearest first, with distanceMeters", .geoJSON(.nearestCases)), bad]),
                  handler: nearest),
            Route(Endpoint(.get, "/api/v1/catalogue", access: .read, operationID: "catalogue",
                           summary: "The case types (with event classes) and the departments cases are dispatched to", tag: "Cases",
                           responses: [ResponseDoc(200, "caseTypes, eventClasses, departments, statuses (open, terminal), events and the workflow: the events each status allows", .json(.catalogue))])) { [catalogue] _, _ in
                .json(try catalogue.get())
            },
        ]
    }

    @Sendable func report(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let (body, photos) = try await PhotosController.jsonWithPhotos(request, jsonPart: "case", defaultStage: .report,
                                                                       jsonLimit: configuration.maxBodyBytes,
                                                                       photoLimit: Int(queries.configuration.photoMaxBytes))
        func text(_ key: String) -> String? { body[key]?.stringValue }
        func number(_ key: String) throws -> Double {
            guard let v = body[key]?.doubleValue, v.isFinite else { throw ServerError.invalidBody(path: key, reason: "expected a number") }
            return v
        }
        guard let type = text("type") else { throw ServerError.invalidBody(path: "type", reason: "the case-type code is required") }
        let sourceText = text("source") ?? CaseSource.patrol.rawValue
        guard let source = CaseSource(rawValue: sourceText) else {
            throw ServerError.invalidBody(path: "source", reason: "expected one of \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let crs: InputCRS
        do { crs = try InputCRS(parameter: text("crs")) } catch { throw ServerError.invalidBody(path: "crs", reason: "\(error)") }
        let point = crs == .working ? Point(x: try number("x"), y: try number("y")) : Point(x: try number("lon"), y: try number("lat"))
        // Who reports is the token's holder; a name in the body is the citizen it is filed for.
        let outcome = try queries.report(CaseReport(
            id: text("id"), typeCode: type, source: source, point: point, crs: crs, description: text("description") ?? "",
            storefrontID: text("storefrontID"), structureID: text("structureID"), reportedFor: text("reportedFor")),
            photos: photos, by: context.caller)
        let duplicates = outcome.likelyDuplicates.map { ($0.feature, ["distanceMeters": JSONValue.number(($0.distanceMeters * 100).rounded() / 100)] as JSONObject) }
        return .json(.object([
            "case": try caseJSON(outcome.violationCase, clock: queries.clock(of: outcome.violationCase)),
            "location": try QueryEncoding.value(outcome.location),
            "likelyDuplicates": try QueryEncoding.featureCollection(duplicates, transform),
            "proposedDepartments": try QueryEncoding.value(outcome.proposedDepartments),
            "repeatOf": .array(outcome.repeatOf.map(JSONValue.string)),
        ]), status: .created)
    }

    @Sendable func transition(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("caseId").decodedPathComponent(parameter: "caseId")
        let (body, photos) = try await PhotosController.jsonWithPhotos(request, jsonPart: "transition", defaultStage: .after,
                                                                       jsonLimit: configuration.maxBodyBytes,
                                                                       photoLimit: Int(queries.configuration.photoMaxBytes))
        let event = try Self.event(from: body)
        // The actor is the token's holder; a name the client typed is kept, labelled, in the note.
        let note = Caller.note(body["note"]?.stringValue ?? "", naming: body["actor"]?.stringValue)
        let after = try queries.transition(caseID: id, event: event, by: context.caller, note: note, photos: photos)
        return .json(try caseJSON(after, clock: queries.clock(of: after)))
    }

    /// A workflow event from its JSON form: {"event": "dispatch", "assignee": "department:enforcement", "due": "…"};
    /// the argument is `assignee`, `of` or `type` by kind, in the flat form the side tables use.
    static func event(from body: JSONValue) throws -> CaseEvent {
        guard let name = body["event"]?.stringValue, let kind = CaseEvent.Kind(rawValue: name) else {
            throw ServerError.invalidBody(path: "event", reason: "expected one of \(CaseEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let field = kind == .dispatch ? "assignee" : (kind == .mergeAsDuplicate ? "of" : "type")
        guard var event = CaseEvent(kind: kind, argument: body[field]?.stringValue) else {
            throw ServerError.invalidBody(path: field, reason: "expected \(CaseEvent.argumentHelp(for: kind))")
        }
        if case .dispatch(let assignment, _) = event, let d = body["due"]?.stringValue {
            guard let due = CityTime.parse(d) else {
                throw ServerError.invalidBody(path: "due", reason: "expected an RFC 3339 date-time or a date (YYYY-MM-DD, Shanghai time)")
            }
            event = .dispatch(to: assignment, due: due)
        }
        return event
    }

    @Sendable func history(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("caseId").decodedPathComponent(parameter: "caseId")
        let rows = try queries.caseDetail(id: id).history
        let history = PersonalData.disclosed(try QueryEncoding.value(rows), at: try queries.violationCase(id: id).attribution,
                                             layer: .cases, id: id)
        return .json(.object(["caseID": .string(id), "history": history]))
    }

    @Sendable func overdue(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let asOf = try q.date("asOf") ?? Date()
        let cases = try queries.overdueCases(asOf: asOf)
        let items = try cases.map { c, due in
            (try CityFeature(c), ["due": JSONValue.string(CityTime.timestamp(due)),
                                    "hoursOverdue": .number((asOf.timeIntervalSince(due) / 36).rounded() / 100)] as JSONObject)
        }
        return .json(try QueryEncoding.featureCollection(items, transform), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func nearest(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let (p, crs) = try q.point()
        let hits = try queries.nearestCases(to: p, crs: crs, k: q.integer("k", default: 10, in: 1...queries.configuration.maxPageSize),
                                            types: q.set("type"), statuses: q.set("status"), radiusMeters: q.optionalNumber("radius"))
        let items = hits.map { ($0.feature, ["distanceMeters": JSONValue.number(($0.distanceMeters * 100).rounded() / 100)] as JSONObject) }
        return .json(bytes: try QueryEncoding.featureCollectionBytes(items, transform, selecting: try q.propertyNames()),
                     mediaType: MediaTypes.geoJSON)
    }

}
