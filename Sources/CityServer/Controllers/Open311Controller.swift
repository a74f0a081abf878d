import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// An Open311 GeoReport v2 façade (https://wiki.open311.org/GeoReport_v2) over the case catalogue
/// and the cases, JSON only, so that existing civic-reporting apps and scripts can file and read
/// cases. Services are the catalogue's case types; requests are cases; "open" is every state of
/// the loop before closure.
struct Open311Controller: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    let authenticate: @Sendable (String) -> Principal?
    var transform: CoordinateBridge { queries.bridge }

    var routes: [Route] {
        let errors = BodyDoc.geoReportErrors
        let tag = "Open311"
        return [
            Route(Endpoint(.get, "/open311/v2/services.json", access: .read, operationID: "open311Services",
                           summary: "GeoReport v2 service list: the case types", tag: tag,
                           responses: [ResponseDoc(200, "Services", .json(.geoReportServices))]),
                  handler: services),
            Route(Endpoint(.get, "/open311/v2/services/{serviceFile}", access: .read, operationID: "open311ServiceDefinition",
                           summary: "GeoReport v2 service definition ({service_code}.json)", tag: tag,
                           parameters: [ParameterDoc("serviceFile", in: .path, .string, "service_code followed by .json")],
                           responses: [ResponseDoc(200, "Definition", .json(.geoReportServiceDefinition)), ResponseDoc(400, "The file does not end in .json", errors), ResponseDoc(404, "No such service", errors)]),
                  handler: definition),
            Route(Endpoint(.get, "/open311/v2/requests.json", access: .read, operationID: "open311Requests",
                           summary: "GeoReport v2 requests: cases by service, status and date", tag: tag,
                           parameters: [ParameterDoc("service_code", in: .query, .string, "Comma-separated service codes"),
                                        ParameterDoc("status", in: .query, .string, "open or closed"),
                                        ParameterDoc("start_date", in: .query, .string, "Requested at or after (RFC 3339)"),
                                        ParameterDoc("end_date", in: .query, .string, "Requested before (RFC 3339)")],
                           responses: [ResponseDoc(200, "Requests", .json(.geoReportRequests)), ResponseDoc(400, "Bad parameter", errors)]),
                  handler: requests),
            Route(Endpoint(.get, "/open311/v2/requests/{requestFile}", access: .read, operationID: "open311Request",
                           summary: "GeoReport v2 single request ({service_request_id}.json)", tag: tag,
                           parameters: [ParameterDoc("requestFile", in: .path, .string, "service_request_id followed by .json")],
                           responses: [ResponseDoc(200, "The request, in a one-element array", .json(.geoReportRequests)), ResponseDoc(400, "The file does not end in .json", errors), ResponseDoc(404, "No such request", errors)]),
                  handler: request),
            // GeoReport v2's resources are files: a path without the format is a client error.
            Route(Endpoint(.get, "/open311/v2/services", access: .open, operationID: "open311ServicesWithoutFormat",
                           summary: "GeoReport v2 paths end in .json: answers 400", tag: tag,
                           responses: [ResponseDoc(400, "[{code, description}]: use services.json", errors)]),
                  handler: { _, _ in throw ServerError.invalidParameter(name: "path", value: "services", reason: "GeoReport v2 paths end in .json: use services.json") }),
            Route(Endpoint(.get, "/open311/v2/requests", access: .open, operationID: "open311RequestsWithoutFormat",
                           summary: "GeoReport v2 paths end in .json: answers 400", tag: tag,
                           responses: [ResponseDoc(400, "[{code, description}]: use requests.json", errors)]),
                  handler: { _, _ in throw ServerError.invalidParameter(name: "path", value: "requests", reason: "GeoReport v2 paths end in .json: use requests.json") }),
            // Open: the key may come in the body as GeoReport v2's api_key, which the router's bearer
            // check cannot see; `create` checks the caller itself.
            Route(Endpoint(.post, "/open311/v2/requests.json", access: .open, operationID: "open311CreateRequest",
                           summary: "GeoReport v2 create request (form-encoded or JSON: api_key, service_code, lat, long, description, jurisdiction_id); a reporter's key", tag: tag,
                           requestBody: [.form(.geoReportCreateInput), .json(.geoReportCreateInput)],
                           responses: [ResponseDoc(201, "[{service_request_id, service_notice}]", .json(.geoReportCreated)),
                                       ResponseDoc(400, "Missing or bad field: [{code, description}]", errors),
                                       ResponseDoc(401, "An unknown bearer token: [{code, description}]", errors),
                                       ResponseDoc(403, "No api_key, an unknown one, or one that may not report: [{code, description}]", errors),
                                       ResponseDoc(413, "Body too large", errors)]),
                  handler: create),
        ]
    }

    @Sendable func services(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let types = queries.catalogue.caseTypes
        return .json(.array(types.map { t in
            .object(["service_code": .string(t.code), "service_name": .string(t.nameZH), "description": .string(t.nameEN),
                     "metadata": false, "type": "realtime", "keywords": .string(t.nameEN.lowercased()),
                     "group": .string(queries.catalogue.eventClass(code: t.classCode)?.nameZH ?? t.classCode)])
        }))
    }

    static func stripJSON(_ file: String, parameter: String) throws -> String {
        guard file.hasSuffix(".json"), file.count > 5 else {
            throw ServerError.invalidParameter(name: parameter, value: file, reason: "GeoReport v2 paths end in .json")
        }
        return String(file.dropLast(5))
    }

    @Sendable func definition(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let code = try Self.stripJSON(context.parameters.require("serviceFile"), parameter: "serviceFile")
        guard queries.catalogue.caseType(code: code) != nil else { throw ServerError.unknownFeature(collection: "services", id: code) }
        // CityGrid asks for no extra attributes beyond the standard fields.
        return .json(.object(["service_code": .string(code), "attributes": .array([])]))
    }

    /// `base` makes `media_url` absolute, as GeoReport v2 has it: the first photo of the report
    /// (or, failing that, of the case), at viewing size.
    func requestJSON(_ c: ViolationCase, base: String) throws -> JSONValue {
        let lonLat = try transform.lonLat(.point(c.point))
        guard case .point(let p) = lonLat else { throw ServerError.internalFailure("point did not stay a point") }
        let closed = c.status.isTerminal
        var agency: JSONValue = .null
        if case .department(let code)? = c.assignment { agency = .string(queries.departments.department(code: code)?.nameZH ?? code) }
        return PersonalData.disclosed(.object([
            "service_request_id": .string(c.id), "status": .string(closed ? "closed" : "open"),
            "status_notes": .string(c.status.labelZH), "service_name": .string(queries.catalogue.caseType(code: c.typeCode)?.nameZH ?? c.typeCode),
            "service_code": .string(c.typeCode), "description": .string(c.description), "agency_responsible": agency,
            "requested_datetime": .string(CityTime.timestamp(c.reportedAt)),
            "updated_datetime": .string(CityTime.timestamp(c.history.last?.at ?? c.reportedAt)),
            "expected_datetime": (try? c.dueDate(calendar: queries.calendar)).flatMap { $0 }.map { .string(CityTime.timestamp($0)) } ?? .null,
            "address": .string(c.attribution?.segment?.roadName ?? ""),
            "lat": .number(p.y), "long": .number(p.x),
            "media_url": (c.photos.first { $0.stage == .report } ?? c.photos.first).map { .string(base + PhotoJSON.url($0.sha256)) } ?? .null,
        ]), at: c.attribution, layer: .cases, id: c.id)
    }

    @Sendable func requests(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let codes = q.set("service_code")
        let status = q["status"]
        guard status == nil || status == "open" || status == "closed" else {
            throw ServerError.invalidParameter(name: "status", value: status!, reason: "expected open or closed")
        }
        let start = try q.date("start_date"), end = try q.date("end_date")
        // GeoReport v2's two statuses over the workflow's: closed is any terminal state.
        let statuses = status.map { s in Set(CaseStatus.allCases.filter { $0.isTerminal == (s == "closed") }.map(\.rawValue)) }
        // GeoReport v2: the most recent first, at most 1000 unless dates narrow it.
        let cases = try queries.latestCases(CaseFilter(statuses: statuses, types: codes, reportedFrom: start, reportedTo: end), limit: 1000)
        let base = baseURL(request, configuration)
        return .json(.array(try cases.map { try requestJSON($0, base: base) }))
    }

    @Sendable func request(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try Self.stripJSON(context.parameters.require("requestFile").decodedPathComponent(parameter: "requestFile"), parameter: "requestFile")
        let c: ViolationCase
        do { c = try queries.violationCase(id: id) } catch CityQueryError.notFound { throw ServerError.unknownFeature(collection: "requests", id: id) }
        return .json(.array([try requestJSON(c, base: baseURL(request, configuration))]))
    }

    @Sendable func create(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let fields = try await Self.formOrJSON(request, limit: configuration.maxBodyBytes)
        // The caller: a bearer token, or the api_key GeoReport v2 clients send with the request.
        var caller = context.caller
        if caller.principal.isAnonymous, let key = fields["api_key"] {
            // GeoReport v2: "403 - API key was not provided or is invalid".
            guard let holder = authenticate(key) else {
                throw ServerError.keyRefused(reason: "api_key is not a key this server issued")
            }
            caller.principal = holder
        }
        guard !caller.principal.isAnonymous else { throw ServerError.keyRefused(reason: "api_key is required: a key with the reporter role") }
        guard let code = fields["service_code"], !code.isEmpty else { throw ServerError.invalidBody(path: "service_code", reason: "required") }
        guard let lat = fields["lat"].flatMap(Double.init), let lon = fields["long"].flatMap(Double.init) else {
            throw ServerError.invalidBody(path: "lat", reason: "lat and long are required numbers (GeoReport v2 accepts address_string too; CityGrid needs a point)")
        }
        // The citizen's own name and contact, as GeoReport v2 sends them: personal data, kept as
        // the case's `reportedFor`, never its actor (the key's holder).
        let citizen = [fields["last_name"], fields["first_name"], fields["phone"], fields["email"]]
            .compactMap { $0?.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " ")
        let outcome = try queries.report(CaseReport(
            typeCode: code, source: .complaint, point: Point(x: lon, y: lat), crs: .wgs84,
            description: fields["description"] ?? "", reportedFor: citizen), by: caller)
        let notice = outcome.likelyDuplicates.isEmpty ? "已受理 received"
            : "已受理；附近已有同类案件 \(outcome.likelyDuplicates.map(\.feature.id).joined(separator: ", "))"
        return .json(.array([.object(["service_request_id": .string(outcome.violationCase.id), "service_notice": .string(notice)])]),
                     status: .created)
    }

    /// GeoReport v2 posts application/x-www-form-urlencoded; JSON objects of strings are accepted too.
    static func formOrJSON(_ request: Request, limit: Int) async throws -> [String: String] {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if type == "application/x-www-form-urlencoded" {
            var buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: limit) } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
                throw ServerError.bodyTooLarge(limitBytes: limit)
            }
            let text = buffer.readString(length: buffer.readableBytes) ?? ""
            let q = try QueryParameters(query: text)
            return Dictionary(q.pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        let body = try await request.jsonBody(limit: limit)
        guard let object = body.objectValue else { throw ServerError.invalidBody(path: "", reason: "expected an object") }
        var fields: [String: String] = [:]
        for (k, v) in object.members {
            if let s = v.stringValue { fields[k] = s } else if let d = v.doubleValue { fields[k] = String(d) }
        }
        return fields
    }
}
