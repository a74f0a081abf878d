import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// The case as the API shows it: the workflow's own fields (status, assignment, deadline rule,
/// history in the forms clients send), with the point in lon/lat, names for codes, and where the
/// case stands against its deadline. `GET /api/v1/cases/{id}`, the list, a report's and a
/// transition's answers all write it here.
extension CasesController {
    func caseJSON(_ c: ViolationCase, clock: CaseClock) throws -> JSONValue {
        var o = try QueryEncoding.value(c).objectValue ?? JSONObject()
        let lonLat = try transform.lonLat(.point(c.point))
        o["point"] = lonLat.geoJSON
        o["photos"] = PhotoJSON.list(c.photos)
        o["statusZH"] = .string(c.status.labelZH)
        o["typeName"] = queries.catalogue.caseType(code: c.typeCode).map { .string($0.nameZH) } ?? .null
        if case .department(let code)? = c.assignment {
            o["assigneeName"] = queries.departments.department(code: code).map { .string($0.nameZH) } ?? .null
        }
        o["dueAt"] = clock.dueAt.map { .string(CityTime.timestamp($0)) } ?? .null
        o["overdue"] = .bool(clock.overdue)
        o["overdueBy"] = clock.overdueByISO.map(JSONValue.string) ?? .null
        o["deadlineRule"] = clock.rule.map(JSONValue.string) ?? .null
        return PersonalData.disclosed(.object(o), at: c.attribution, layer: .cases, id: c.id)
    }

    func caseFeature(_ c: ViolationCase, clock: CaseClock, extra: JSONObject = [:]) throws -> JSONValue {
        var properties = try caseJSON(c, clock: clock).objectValue ?? JSONObject()
        let geometry = properties["point"] ?? .null
        properties["point"] = nil
        for (k, v) in extra { properties[k] = v }
        return .object(["type": "Feature", "id": .string(c.id), "geometry": geometry, "properties": .object(properties)])
    }

    static let listParameters: [ParameterDoc] = [
        ParameterDoc("status", in: .query, .string, "Workflow statuses, comma-separated"),
        ParameterDoc("type", in: .query, .string, "Case-type codes, comma-separated"),
        ParameterDoc("grid", in: .query, .string, "The cell the case is attributed to"),
        ParameterDoc("segment", in: .query, .string, "The road-chief segment the case is attributed to"),
        ParameterDoc("chief", in: .query, .string, "The road chief of that segment"),
        ParameterDoc("department", in: .query, .string, "The department the case is dispatched to"),
        ParameterDoc("overdue", in: .query, .string, "true or false, at asOf"),
        ParameterDoc("reportedFrom", in: .query, .string, "Reported at or after (RFC 3339, or a date in Shanghai time)"),
        ParameterDoc("reportedTo", in: .query, .string, "Reported before"),
        ParameterDoc("asOf", in: .query, .string, "Judge deadlines at this instant; default now"),
        ParameterDoc("cursor", in: .query, .string, "The last id of the previous page"),
        ParameterDoc("limit", in: .query, .integer, "Page size"),
    ]

    @Sendable func list(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(Self.listParameters.map(\.name))
        var overdue: Bool?
        if let text = q["overdue"] {
            guard let b = ["true": true, "false": false][text] else {
                throw ServerError.invalidParameter(name: "overdue", value: text, reason: "expected true or false")
            }
            overdue = b
        }
        var limit: Int?
        if let text = q["limit"] {
            guard let n = Int(text) else { throw ServerError.invalidParameter(name: "limit", value: text, reason: "expected an integer") }
            limit = n
        }
        let filter = CaseFilter(statuses: q.set("status"), types: q.set("type"), grid: q["grid"], segment: q["segment"],
                                chief: q["chief"], department: q["department"], overdue: overdue,
                                reportedFrom: try q.date("reportedFrom"), reportedTo: try q.date("reportedTo"))
        let asOf = try q.date("asOf") ?? Date()
        let page = try queries.cases(filter, asOf: asOf, cursor: q["cursor"], limit: limit)
        var document: JSONObject = [
            "type": "FeatureCollection",
            "features": .array(try page.items.map { try caseFeature($0.violationCase, clock: $0.clock) }),
            "numberMatched": .number(Double(page.numberMatched)), "numberReturned": .number(Double(page.items.count)),
        ]
        if let next = page.nextCursor {
            var pairs = q.pairs.filter { $0.name != "cursor" }
            pairs.append(("cursor", next))
            let query = pairs.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0.value)" }
            document["links"] = .array([.object(["rel": "next", "type": .string(MediaTypes.geoJSON),
                                                 "href": .string("/api/v1/cases?" + query.joined(separator: "&"))])])
        }
        return .json(.object(document), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func show(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("caseId").decodedPathComponent(parameter: "caseId")
        let q = try QueryParameters(query: request.uri.query)
        let detail = try queries.caseDetail(id: id, asOf: try q.date("asOf") ?? Date())
        let audit = PersonalData.disclosed(try QueryEncoding.value(detail.history), at: detail.violationCase.attribution,
                                           layer: .cases, id: id)
        return .json(try caseFeature(detail.violationCase, clock: detail.clock, extra: ["auditTrail": audit]), mediaType: MediaTypes.geoJSON)
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value.
    static let urlQueryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}
