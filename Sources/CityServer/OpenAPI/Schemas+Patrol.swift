import GeoCore
import Patrol

/// POST /api/v1/routes (`PatrolController`): the request and the planned route as GeoJSON.
extension Schemas {
    static let lonLat = S.object(["lon": S.number, "lat": S.number, "x": S.number, "y": S.number], required: [], open: true)

    static let routeInput = S.object([
        "start": lonLat, "end": ["oneOf": [lonLat, ["type": "null"]]],
        "crs": S.oneOf(["wgs84", "gcj02", "bd09", "working"]), "mode": S.oneOf(TravelMode.allCases.map(\.rawValue)),
        "grid": S.string, "segment": S.string, "chief": S.string, "bbox": S.array(S.number, minItems: 4, maxItems: 4),
        "stops": S.array(S.object(["id": S.string, "lon": S.number, "lat": S.number], required: ["lon", "lat"], open: true), minItems: 1),
        "type": S.string("Comma-separated case-type codes"), "timeBudgetMinutes": S.number, "serviceMinutes": S.number,
    ], required: ["start"], open: true, description: "Give exactly one of grid, segment, chief, bbox and stops", examples: [
        ["start": ["lon": 121.4737, "lat": 31.2304], "mode": "foot",
         "stops": [["id": "a", "lon": 121.475, "lat": 31.231], ["id": "b", "lon": 121.476, "lat": 31.232]]],
    ])

    /// The route (a LineString, possibly of one point when every stop is at the start) then each stop.
    static let routeFeature = S.object([
        "type": S.constant("Feature"), "id": S.constant("route"),
        "geometry": S.object(["type": S.constant("LineString"), "coordinates": S.array(position)], required: ["type", "coordinates"]),
        "properties": S.object([
            "order": S.array(S.string), "meters": S.number, "travelMinutes": S.number, "serviceMinutes": S.number,
            "legs": S.array(S.object(["from": S.string, "to": S.string, "meters": S.number, "minutes": S.number],
                                     required: ["from", "to", "meters", "minutes"])),
            "leftOut": S.map(S.string),
        ], required: ["order", "legs", "meters", "travelMinutes", "serviceMinutes", "leftOut"]),
    ], required: ["type", "id", "geometry", "properties"])

    static let stopFeature = S.object([
        "type": S.constant("Feature"), "id": S.string, "geometry": S.ref(.point),
        "properties": S.object(["sequence": ["type": "integer", "minimum": 1], "overdue": S.boolean], required: ["sequence", "overdue"]),
    ], required: ["type", "id", "geometry", "properties"])

    static let patrolRoute = S.object([
        "type": S.constant("FeatureCollection"),
        "features": ["type": "array", "prefixItems": [routeFeature], "items": stopFeature, "minItems": 1],
    ], required: ["type", "features"])
}
