import CityQuery
import Foundation
import GeoCore
import Hummingbird
import Patrol

/// POST /api/v1/routes: a patrol route along real streets through today's open cases (of a cell,
/// a segment, a chief's patch, a window) or through given stops, as GeoJSON.
struct PatrolController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    var routes: [Route] {
        let problem = BodyDoc.problem
        return [
            Route(Endpoint(.post, "/api/v1/routes", access: .read, operationID: "planRoute",
                           summary: "Plans a patrol: {start:{lon,lat}, end?, mode: foot|bike|car, grid|segment|chief|bbox|stops, type?, timeBudgetMinutes?, serviceMinutes?}",
                           tag: "Patrol", requestBody: [.json(.routeInput)],
                           responses: [ResponseDoc(200, "The route (LineString) and the ordered stops (Points) as a FeatureCollection", .geoJSON(.patrolRoute)),
                                       ResponseDoc(400, "A field is malformed, or nothing to visit", problem),
                                       ResponseDoc(404, "No such cell, segment or chief", problem),
                                       ResponseDoc(413, "Body too large", problem)]),
                  handler: plan),
        ]
    }

    static func point(_ v: JSONValue?, _ path: String) throws -> Point? {
        guard let v, !v.isNull else { return nil }
        guard let x = v["lon"]?.doubleValue ?? v["x"]?.doubleValue, let y = v["lat"]?.doubleValue ?? v["y"]?.doubleValue else {
            throw ServerError.invalidBody(path: path, reason: "expected {\"lon\": …, \"lat\": …}")
        }
        return Point(x: x, y: y)
    }

    @Sendable func plan(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        guard let start = try Self.point(body["start"], "start") else { throw ServerError.invalidBody(path: "start", reason: "required") }
        let crs: InputCRS
        do { crs = try InputCRS(parameter: body["crs"]?.stringValue) } catch { throw ServerError.invalidBody(path: "crs", reason: "\(error)") }
        let mode = try Self.mode(body["mode"])
        let source = try Self.stopSource(body, crs: crs)
        let types = try Self.text(body["type"], "type").map { Set($0.split(separator: ",").map(String.init)) }
        let route = try queries.planRoute(RouteRequest(
            start: start, end: try Self.point(body["end"], "end"), crs: crs, stops: source, types: types, mode: mode,
            timeBudgetMinutes: try Self.number(body["timeBudgetMinutes"], "timeBudgetMinutes"),
            serviceMinutesPerStop: try Self.number(body["serviceMinutes"], "serviceMinutes") ?? 0))
        return .json(try Self.geoJSON(route, transform), mediaType: MediaTypes.geoJSON)
    }

    static func mode(_ v: JSONValue?) throws -> TravelMode {
        guard let v, !v.isNull else { return .foot }
        guard let text = v.stringValue, let mode = TravelMode(rawValue: text) else {
            throw ServerError.invalidBody(path: "mode", reason: "expected \"foot\", \"bike\" or \"car\"")
        }
        return mode
    }

    /// Where the stops come from: exactly one of grid, segment, chief, bbox and stops.
    static func stopSource(_ body: JSONValue, crs: InputCRS) throws -> StopSource {
        let given = ["grid", "segment", "chief", "bbox", "stops"].filter { body[$0].map { !$0.isNull } ?? false }
        guard given.count == 1 else {
            throw ServerError.invalidBody(path: given.count > 1 ? given[1] : "stops",
                                          reason: given.isEmpty ? "give one of grid, segment, chief, bbox or stops"
                                                                : "give only one of \(given.joined(separator: ", "))")
        }
        switch given[0] {
        case "grid": return .grid(code: try text(body["grid"], "grid")!)
        case "segment": return .segment(id: try text(body["segment"], "segment")!)
        case "chief": return .chief(id: try text(body["chief"], "chief")!)
        case "bbox":
            guard let list = body["bbox"]?.arrayValue, list.count == 4, case let bbox = list.compactMap(\.doubleValue), bbox.count == 4 else {
                throw ServerError.invalidBody(path: "bbox", reason: "expected [minLon, minLat, maxLon, maxLat]")
            }
            return .window(Envelope(minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3]), crs: crs)
        default:
            guard let list = body["stops"]?.arrayValue, !list.isEmpty else {
                throw ServerError.invalidBody(path: "stops", reason: "expected a non-empty array of {\"id\": …, \"lon\": …, \"lat\": …}")
            }
            return .explicit(try list.enumerated().map { i, s in
                guard s.objectValue != nil, let p = try Self.point(s, "stops[\(i)]") else {
                    throw ServerError.invalidBody(path: "stops[\(i)]", reason: "expected {\"id\": …, \"lon\": …, \"lat\": …}")
                }
                let id: String
                switch s["id"] {
                case nil, .null?: id = "stop-\(i + 1)"
                case .string(let text)? where !text.isEmpty: id = text
                case .number(let n)? where n == n.rounded(): id = String(Int(n))
                default: throw ServerError.invalidBody(path: "stops[\(i)].id", reason: "expected a non-empty string")
                }
                return PatrolStop(id: id, location: p)
            }, crs: crs)
        }
    }

    static func text(_ v: JSONValue?, _ path: String) throws -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.stringValue else { throw ServerError.invalidBody(path: path, reason: "expected a string") }
        return s
    }

    static func number(_ v: JSONValue?, _ path: String) throws -> Double? {
        guard let v, !v.isNull else { return nil }
        guard let d = v.doubleValue else { throw ServerError.invalidBody(path: path, reason: "expected a number") }
        return d
    }

    static func geoJSON(_ route: PlannedRoute, _ transform: CoordinateBridge) throws -> JSONValue {
        let plan = route.plan
        let overdue = Dictionary(route.stops.map { ($0.stop.id, $0.overdue) }, uniquingKeysWith: { a, _ in a })
        var legs: [JSONValue] = []
        for leg in plan.legs {
            legs.append(.object(["from": .string(leg.from), "to": .string(leg.to), "meters": .number(leg.meters.rounded()),
                                 "minutes": .number((leg.seconds / 6).rounded() / 10)]))
        }
        var features: [JSONValue] = [.object([
            "type": "Feature", "id": "route",
            "geometry": try transform.lonLat(.lineString(plan.path)).geoJSON,
            "properties": .object(["order": .array(plan.order.map(JSONValue.string)), "legs": .array(legs),
                                   "meters": .number(plan.meters.rounded()), "travelMinutes": .number((plan.travelSeconds / 6).rounded() / 10),
                                   "serviceMinutes": .number((plan.serviceSeconds / 6).rounded() / 10),
                                   "leftOut": .object(JSONObject(plan.leftOut.sorted { $0.key < $1.key }.map { id, why in
                                       (id, JSONValue.string(why.description))
                                   }))]),
        ])]
        for (k, id) in plan.order.enumerated() {
            guard let position = plan.positions[id] else { continue }
            features.append(.object([
                "type": "Feature", "id": .string(id),
                "geometry": try transform.lonLat(.point(position.point)).geoJSON,
                "properties": .object(["sequence": .number(Double(k + 1)), "overdue": .bool(overdue[id] ?? false)]),
            ]))
        }
        return .object(["type": "FeatureCollection", "features": .array(features)])
    }
}
