import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/map: what the web map draws at a zoom, decided by the server so that no viewport
/// carries more than a readable number of drawn things: the cases (clusters, cell aggregates or the
/// cases themselves), a heat map of them, and the neutral base from the city's own layers.
/// Every answer comes from CityQuery (`CityQueries+Map`); this controller reads parameters and
/// writes GeoJSON in CRS84.
struct MapController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let viewParameters = [
        ParameterDoc("bbox", in: .query, .number, "minLon,minLat,maxLon,maxLat in CRS84", required: true, arrayOf: (.number, 4, 4)),
        ParameterDoc("zoom", in: .query, .integer, "The map's zoom level (Web Mercator, 0–22)", required: true, minimum: 0, maximum: 22),
        ParameterDoc("crs", in: .query, .string, "wgs84 (default): bbox in CRS84; working: bbox in the working CRS's x/y (what scripts/bench-map gives PostGIS too)",
                     allowed: ["wgs84", "working"]),
    ]
    static let caseFilters = [
        ParameterDoc("status", in: .query, .string, "Which cases: open (default), overdue or all", allowed: CaseMapFilter.Scope.allCases.map(\.rawValue)),
        ParameterDoc("type", in: .query, .string, "Comma-separated case-type codes"),
        ParameterDoc("from", in: .query, .string, "Cases reported at or after (RFC 3339 or YYYY-MM-DD)"),
        ParameterDoc("to", in: .query, .string, "Cases reported before"),
        ParameterDoc("asOf", in: .query, .string, "Instant overdue is judged at (RFC 3339); default now"),
    ]

    var routes: [Route] {
        let bad = ResponseDoc(400, "A parameter is malformed", BodyDoc.problem)
        let building = ResponseDoc(503, "The case map is still being built after the server started (Retry-After)", BodyDoc.problem)
        return [
            Route(Endpoint(.get, "/api/v1/map/cases", access: .read, operationID: "mapCases",
                           summary: "The cases of a viewport at a zoom: grid clusters, cell aggregates or, when few enough, the cases", tag: "Map",
                           parameters: Self.viewParameters + Self.caseFilters,
                           responses: [ResponseDoc(200, "Aggregates or cases as GeoJSON", .geoJSON(.mapCases)), bad, building]),
                  handler: cases),
            Route(Endpoint(.get, "/api/v1/map/heat", access: .read, operationID: "mapHeat",
                           summary: "Cases per square of a grid (about 8 pixels at the zoom) for the heat map", tag: "Map",
                           parameters: Self.viewParameters + Self.caseFilters,
                           responses: [ResponseDoc(200, "The squares with their counts", .json(.mapHeat)), bad, building]),
                  handler: heat),
            Route(Endpoint(.get, "/api/v1/map/base", access: .read, operationID: "mapBase",
                           summary: "The neutral base of a viewport: roads (and parcels from zoom 15) simplified for the zoom", tag: "Map",
                           parameters: Self.viewParameters,
                           responses: [ResponseDoc(200, "One feature per base layer", .geoJSON(.mapBase)), bad]),
                  handler: base),
        ]
    }

    /// The viewport's box in the working CRS, and the zoom.
    func view(_ q: QueryParameters) throws -> (Envelope, Int) {
        guard let text = q["bbox"] else { throw ServerError.invalidParameter(name: "bbox", value: "", reason: "required") }
        let working: Bool
        switch q["crs"] {
        case nil, "wgs84": working = false
        case "working": working = true
        case let other?: throw ServerError.invalidParameter(name: "crs", value: other, reason: "expected wgs84 or working")
        }
        let box = try BoundingBox(parameter: text, lonLat: !working)
        let zoom = try q.integer("zoom", default: -1, in: MapScale.zooms.lowerBound...MapScale.zooms.upperBound)
        guard zoom >= 0 else { throw ServerError.invalidParameter(name: "zoom", value: "", reason: "required") }
        return (working ? box.envelope : try transform.searchWindow(box), zoom)
    }

    func filter(_ q: QueryParameters) throws -> CaseMapFilter {
        var scope = CaseMapFilter.Scope.open
        if let text = q["status"] {
            guard let s = CaseMapFilter.Scope(rawValue: text) else {
                throw ServerError.invalidParameter(name: "status", value: text, reason: "expected open, overdue or all")
            }
            scope = s
        }
        let from = try q.date("from"), to = try q.date("to")
        if let from, let to, to <= from {
            throw ServerError.invalidParameter(name: "to", value: q["to"] ?? "", reason: "must be after from")
        }
        return CaseMapFilter(scope: scope, types: q.set("type"), reportedFrom: from, reportedTo: to)
    }

    func point(_ p: Point) throws -> JSONValue {
        try transform.lonLat(.point(p)).geoJSON
    }

    @Sendable func cases(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["bbox", "zoom", "crs", "status", "type", "from", "to", "asOf"])
        let (window, zoom) = try view(q)
        let answer = try queries.caseMap(window: window, zoom: zoom, filter: filter(q), asOf: try q.date("asOf") ?? Date())
        var features: [JSONValue] = []
        features.reserveCapacity(answer.groups.count + answer.cases.count)
        let kind = answer.level == .cells ? "cell" : "cluster"
        for g in answer.groups {
            features.append(.object(["type": "Feature", "id": .string(kind + ":" + g.key), "geometry": try point(g.position),
                                     "properties": .object(["kind": .string(kind), "key": .string(g.key),
                                                            "count": .number(Double(g.count)), "overdue": .number(Double(g.overdue))])]))
        }
        for c in answer.cases {
            var p: JSONObject = ["kind": "case", "status": .string(c.status), "typeCode": .string(c.typeCode), "overdue": .bool(c.overdue)]
            if let at = c.reportedAt { p["reportedAt"] = .string(CityTime.timestamp(at)) }
            if let cell = c.cell { p["cell"] = .string(cell) }
            features.append(.object(["type": "Feature", "id": .string(c.id), "geometry": try point(c.position), "properties": .object(p)]))
        }
        var o: JSONObject = ["type": "FeatureCollection", "level": .string(answer.level.rawValue), "zoom": .number(Double(zoom)),
                             "numberMatched": .number(Double(answer.matched)), "overdue": .number(Double(answer.overdue)),
                             "numberReturned": .number(Double(features.count)), "features": .array(features)]
        if let m = answer.clusterMeters { o["clusterMeters"] = .number(m) }
        return .json(.object(o), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func heat(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["bbox", "zoom", "crs", "status", "type", "from", "to", "asOf"])
        let (window, zoom) = try view(q)
        let heat = try queries.caseHeat(window: window, zoom: zoom, filter: filter(q), asOf: try q.date("asOf") ?? Date())
        var maximum = 0
        let cells: [JSONValue] = try heat.cells.map { c in
            maximum = max(maximum, c.count)
            guard case .point(let p) = try transform.lonLat(.point(c.center)) else { return .null }
            return .array([.number(p.x), .number(p.y), .number(Double(c.count))])
        }
        return .json(.object(["zoom": .number(Double(zoom)), "cellMeters": .number(heat.cellMeters),
                              "numberMatched": .number(Double(heat.matched)), "max": .number(Double(maximum)), "cells": .array(cells)]))
    }

    @Sendable func base(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["bbox", "zoom", "crs"])
        let (window, zoom) = try view(q)
        var features: [JSONValue] = []
        for (layer, geometries) in try queries.mapBase(window: window, zoom: zoom) where !geometries.isEmpty {
            // One feature per layer: the base is a backdrop, drawn as one path per layer.
            let merged = try transform.lonLat(Self.merged(geometries))
            features.append(.object(["type": "Feature", "id": .string(layer.rawValue), "geometry": merged.geoJSON,
                                     "properties": .object(["layer": .string(layer.rawValue), "parts": .number(Double(geometries.count))])]))
        }
        return .json(.object(["type": "FeatureCollection", "zoom": .number(Double(zoom)), "features": .array(features),
                              "numberMatched": .number(Double(features.count)), "numberReturned": .number(Double(features.count))]),
                     mediaType: MediaTypes.geoJSON)
    }

    /// Lines into one MultiLineString, areas into one MultiPolygon.
    static func merged(_ geometries: [Geometry]) -> Geometry {
        var lines: [LineString] = [], polygons: [Polygon] = []
        for g in geometries {
            switch g {
            case .lineString(let l): lines.append(l)
            case .multiLineString(let m): lines += m.lineStrings
            case .polygon(let p): polygons.append(p)
            case .multiPolygon(let m): polygons += m.polygons
            default: break
            }
        }
        return polygons.isEmpty ? .multiLineString(MultiLineString(lines)) : .multiPolygon(MultiPolygon(polygons))
    }
}
