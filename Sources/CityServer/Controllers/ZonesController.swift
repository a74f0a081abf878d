import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1 questions about the places the district is cut into: locate a point, a grid cell's
/// report, a road-chief segment's, a chief's segments, what lies in a drawn polygon, and the
/// assessment figures by area.
/// Every answer comes from CityQuery; this controller only reads parameters and writes JSON.
struct ZonesController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let pointParameters = [
        ParameterDoc("lon", in: .query, .number, "Longitude (x with crs=working)"),
        ParameterDoc("lat", in: .query, .number, "Latitude (y with crs=working)"),
        ParameterDoc("crs", in: .query, .string, "wgs84 (default), gcj02, bd09 or working"),
    ]
    static let memberFilters = [
        ParameterDoc("status", in: .query, .string, "Comma-separated statuses"),
        ParameterDoc("type", in: .query, .string, "Comma-separated case-type codes"),
        ParameterDoc("from", in: .query, .string, "Cases reported at or after (RFC 3339 or YYYY-MM-DD)"),
        ParameterDoc("to", in: .query, .string, "Cases reported before"),
        ParameterDoc("cursor", in: .query, .string, "The nextCursor of the previous page"),
        ParameterDoc("limit", in: .query, .integer, "Page size per list", minimum: 1),
    ]

    var routes: [Route] {
        let problem = BodyDoc.problem
        let bad = ResponseDoc(400, "A parameter is malformed", problem)
        let missing = ResponseDoc(404, "No such entity", problem)
        return [
            Route(Endpoint(.get, "/api/v1/locate", access: .read, operationID: "locate",
                           summary: "Grid cell, parcel, road-chief segment and red-line verdict of a point", tag: "Zones",
                           parameters: Self.pointParameters, responses: [ResponseDoc(200, "Where the point belongs", .json(.locate)), bad]),
                  handler: locate),
            Route(Endpoint(.get, "/api/v1/grids/{code}", access: .read, operationID: "byGrid",
                           summary: "A grid cell's figures and its storefronts, structures and cases", tag: "Zones",
                           parameters: [ParameterDoc("code", in: .path, .string, "Grid code, e.g. 310101-002-001-0001")] + Self.memberFilters,
                           responses: [ResponseDoc(200, "The cell report", .json(.gridReport)), bad, missing]),
                  handler: grid),
            Route(Endpoint(.get, "/api/v1/segments/{segmentId}", access: .read, operationID: "bySegment",
                           summary: "A road-chief segment, its chief and what lies along its frontage", tag: "Zones",
                           parameters: [ParameterDoc("segmentId", in: .path, .string, "Segment id"),
                                        ParameterDoc("distance", in: .query, .number, "Corridor half-width in metres instead of the red line")]
                               + Self.memberFilters,
                           responses: [ResponseDoc(200, "The segment report", .json(.segmentReport)), bad, missing]),
                  handler: segment),
            Route(Endpoint(.get, "/api/v1/chiefs/{chiefId}/segments", access: .read, operationID: "chiefSegments",
                           summary: "Every segment a road chief answers for", tag: "Zones",
                           parameters: [ParameterDoc("chiefId", in: .path, .string, "Road chief id")],
                           responses: [ResponseDoc(200, "The segments as GeoJSON", .geoJSON(.chiefSegments)), missing]),
                  handler: chiefSegments),
            Route(Endpoint(.post, "/api/v1/within/{layer}", access: .read, operationID: "withinPolygon",
                           summary: "A layer's features meeting a drawn polygon (GeoJSON Polygon in CRS84)", tag: "Zones",
                           parameters: [LayersController.layerParameter,
                                        ParameterDoc("cursor", in: .query, .string, "The nextCursor of the previous page"),
                                        ParameterDoc("limit", in: .query, .integer, "Page size", minimum: 1)],
                           requestBody: [.geoJSON(.polygonInput), .json(.polygonInput)], responses: [ResponseDoc(200, "The features", .geoJSON(.featurePage)), bad,
                                                         ResponseDoc(413, "Body too large", problem)]),
                  handler: within),
            Route(Endpoint(.get, "/api/v1/figures", access: .read, operationID: "figures",
                           summary: "立案率, 结案率, 按期结案率, 返工率 and overdue counts per group over a period", tag: "Zones",
                           parameters: [ParameterDoc("by", in: .query, .string, "How to group the cases", allowed: FigureGrouping.allCases.map(\.rawValue)),
                                        ParameterDoc("from", in: .query, .string, "Period start (RFC 3339 or YYYY-MM-DD)", required: true),
                                        ParameterDoc("to", in: .query, .string, "Period end, exclusive", required: true)],
                           responses: [ResponseDoc(200, "Indicators per group", .json(.figures)), bad]),
                  handler: figures),
        ]
    }

    @Sendable func locate(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let (p, crs) = try QueryParameters(query: request.uri.query).point()
        let result = try queries.locate(p, crs: crs)
        var o = result.jsonObject
        let lonLat = try transform.lonLat(.point(Point(x: result.x, y: result.y)))
        if case .point(let q) = lonLat { o["lon"] = .number(q.x); o["lat"] = .number(q.y) }
        o["redLineVerdictZH"] = .string(result.redLineVerdict.labelZH)
        o["constructionWasteLiabilityZH"] = .string(result.constructionWasteLiability.labelZH)
        return .json(.object(o))
    }

    func memberFilter(_ q: QueryParameters) throws -> MemberFilter {
        MemberFilter(statuses: q.set("status"), types: q.set("type"), from: try q.date("from"), to: try q.date("to"))
    }

    func contentsJSON(_ c: AreaContents) throws -> JSONObject {
        ["figures": try QueryEncoding.value(c.figures),
         "storefronts": try QueryEncoding.page(c.storefronts, transform),
         "structures": try QueryEncoding.page(c.structures, transform),
         "cases": try QueryEncoding.page(c.cases, transform),
         "officers": try QueryEncoding.page(c.officers, transform)]
    }

    @Sendable func grid(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let code = try context.parameters.require("code").decodedPathComponent(parameter: "code")
        let report = try queries.grid(code: code, filter: memberFilter(q), cursor: q["cursor"].map(Cursor.id(from:)),
                                      limit: q.integer("limit", default: queries.configuration.defaultPageSize, in: 1...queries.configuration.maxPageSize))
        var o = try contentsJSON(report.contents)
        o["cell"] = try QueryEncoding.feature(CityFeature(report.cell), transform)
        return .json(.object(o))
    }

    @Sendable func segment(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let id = try context.parameters.require("segmentId").decodedPathComponent(parameter: "segmentId")
        let report = try queries.segment(id: id, corridorMeters: q.optionalNumber("distance"), filter: memberFilter(q),
                                         cursor: q["cursor"].map(Cursor.id(from:)),
                                         limit: q.integer("limit", default: queries.configuration.defaultPageSize, in: 1...queries.configuration.maxPageSize))
        var o = try contentsJSON(report.contents)
        o["segment"] = try QueryEncoding.feature(CityFeature(report.segment), transform)
        o["chief"] = try report.segment.chief.map { PersonalData.disclosed(try QueryEncoding.value($0), as: "chief", at: try CityFeature(report.segment).attribution,
                                                                         layer: .segments, id: id) } ?? .null
        o["frontage"] = .string(report.frontage)
        return .json(.object(o))
    }

    @Sendable func chiefSegments(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("chiefId").decodedPathComponent(parameter: "chiefId")
        let segments = try queries.segments(ofChief: id)
        let items = try segments.map { (try CityFeature($0), JSONObject()) }
        var o = try QueryEncoding.featureCollection(items, transform).objectValue ?? JSONObject()
        o["chief"] = try segments.first.flatMap { s in
            try s.chief.map { PersonalData.disclosed(try QueryEncoding.value($0), as: "chief", at: try CityFeature(s).attribution, layer: .segments, id: s.segment.id) }
        } ?? .null
        return .json(.object(o), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func within(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let layer = try LayersController.layer(context)
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        let geometryJSON = body["type"]?.stringValue == "Feature" ? (body["geometry"] ?? .null) : body
        let geometry: Geometry
        do { geometry = try Geometry(geoJSON: geometryJSON) } catch {
            throw ServerError.invalidBody(path: "geometry", reason: error.description)
        }
        guard case .polygon = geometry, case .polygon(let area) = try transform.working(geometry, path: "geometry") else {
            throw ServerError.invalidBody(path: "type", reason: "expected a GeoJSON Polygon")
        }
        let page = try queries.polygon(layer: layer, area: area, cursor: q["cursor"].map(Cursor.id(from:)),
                                       limit: q.integer("limit", default: queries.configuration.defaultPageSize, in: 1...queries.configuration.maxPageSize))
        return .json(try QueryEncoding.page(page, transform), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func figures(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        let byText = q["by"] ?? "subDistrict"
        guard let by = FigureGrouping(rawValue: byText) else {
            throw ServerError.invalidParameter(name: "by", value: byText, reason: "expected one of \(FigureGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let from = try q.date("from") else { throw ServerError.invalidParameter(name: "from", value: "", reason: "required") }
        guard let to = try q.date("to") else { throw ServerError.invalidParameter(name: "to", value: "", reason: "required") }
        guard from < to else { throw ServerError.invalidParameter(name: "to", value: q["to"] ?? "", reason: "must be after from") }
        let groups = try queries.figures(by: by, period: DateInterval(start: from, end: to))
        return .json(.object(["by": .string(by.rawValue), "groups": .array(try groups.map { g in
            .object(["group": .string(g.group), "indicators": try Self.indicators(g.indicators)])
        })]))
    }

    static func indicators(_ i: CaseIndicators) throws -> JSONValue {
        func ratio(_ r: Ratio) -> JSONValue {
            .object(["numerator": .number(Double(r.numerator)), "denominator": .number(Double(r.denominator)),
                     "value": r.value.map(JSONValue.number) ?? .null])
        }
        return .object(["received": .number(Double(i.received)),
                        "registrationRate": ratio(i.registrationRate), "closureRate": ratio(i.closureRate),
                        "onTimeClosureRate": ratio(i.onTimeClosureRate), "reworkRate": ratio(i.reworkRate),
                        "labelsZH": .object(["registrationRate": "立案率", "closureRate": "结案率",
                                             "onTimeClosureRate": "按期结案率", "reworkRate": "返工率"]),
                        "overdueOpen": .number(Double(i.overdueOpen)), "closedLate": .number(Double(i.closedLate)),
                        // 平均处置时长, registration to closure over the cases closed in the period; null when none closed.
                        "meanHandlingHours": i.meanHandlingSeconds.map { .number($0 / 3600) } ?? .null])
    }
}
