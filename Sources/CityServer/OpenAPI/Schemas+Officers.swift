import CityModel
import GeoCore
import CityQuery
import Patrol

/// /api/v1/officers and /api/v1/cases/{caseId}/suggestions (`OfficersController`): officers where
/// they are, the fixes the duty app sends, tracks, task lists and dispatch suggestions.
extension Schemas {
    static let officerProperties = S.object([
        "name": S.string, "team": S.string, "mode": S.oneOf(OfficerMode.allCases.map(\.rawValue)), "onDuty": S.boolean,
        "phone": S.nullable("string"), "accountID": S.nullable("string"), "lastFixAt": S.nullable("string"),
        "accuracyMeters": S.nullable("number"),
        "stale": ["type": "boolean", "description": "No fix, or the last older than officerStaleSeconds"],
        "subDistrict": S.nullable("string"), "distanceMeters": S.number,
    ], required: ["name", "team", "mode", "onDuty", "phone", "accountID", "lastFixAt", "accuracyMeters", "stale", "subDistrict"])

    static let officerFeature = S.object([
        "type": S.constant("Feature"), "id": S.string, "geometry": S.ref(.point), "properties": officerProperties,
    ], required: ["type", "id", "geometry", "properties"], examples: [[
        "type": "Feature", "id": "ZF310101018-01", "geometry": ["type": "Point", "coordinates": [121.4906, 31.2268]],
        "properties": ["name": "王五", "team": "豫园街道中队", "mode": "foot", "onDuty": true, "phone": "139****5678",
                       "accountID": nil, "lastFixAt": "2026-12-03T10:00:00+08:00", "accuracyMeters": 8, "stale": false,
                       "subDistrict": "豫园街道"],
    ]])

    static let officerCollection = S.object([
        "type": S.constant("FeatureCollection"), "features": S.array(S.ref(.officerFeature)),
    ], required: ["type", "features"])

    static let fixInput = S.object([
        "at": S.dateTime, "lon": S.number, "lat": S.number,
        "accuracy": ["type": ["number", "null"], "minimum": 0, "description": "Metres"],
        "speed": ["type": ["number", "null"], "minimum": 0, "description": "Metres per second"],
    ], required: ["at", "lon", "lat"])

    static let positionsInput = S.object([
        "crs": S.oneOf(["wgs84", "gcj02", "bd09"]),
        "fixes": S.array(fixInput, minItems: 1),
        "at": S.dateTime, "lon": S.number, "lat": S.number, "accuracy": S.nullable("number"), "speed": S.nullable("number"),
    ], required: [], description: "A batch ({\"fixes\": […]}, oldest first) or one fix alone ({\"at\", \"lon\", \"lat\"})", examples: [
        ["crs": "wgs84", "fixes": [["at": "2026-12-03T10:00:00+08:00", "lon": 121.4906, "lat": 31.2268, "accuracy": 8],
                                   ["at": "2026-12-03T10:00:05+08:00", "lon": 121.4908, "lat": 31.2269, "accuracy": 8, "speed": 1.3]]],
    ])

    static let positionsReport = S.object([
        "accepted": S.count,
        "refused": S.array(S.object(["index": S.count, "field": S.string("fixes[3].at"), "reason": S.string],
                                    required: ["index", "field", "reason"])),
        "officer": S.ref(.officerFeature),
    ], required: ["accepted", "refused", "officer"])

    static let dutyInput = S.object(["onDuty": S.boolean], required: ["onDuty"], examples: [["onDuty": true]])

    static let officerTrack = S.object([
        "type": S.constant("Feature"), "id": S.string,
        "geometry": ["oneOf": [S.object(["type": S.constant("LineString"), "coordinates": S.array(position)], required: ["type", "coordinates"]),
                               ["type": "null"]]],
        "properties": S.object(["officer": S.string, "fixes": S.count, "times": S.array(S.dateTime)],
                               required: ["officer", "fixes", "times"]),
    ], required: ["type", "id", "geometry", "properties"])

    static let trackCoverage = S.object([
        "officer": S.string, "fixes": S.count, "from": S.nullable("string"), "to": S.nullable("string"),
        "toleranceMeters": S.number, "coveredFraction": S.number,
        "segments": S.array(S.object(["id": S.string, "lengthMeters": S.number, "coveredMeters": S.number, "fraction": S.number,
                                      "covered": S.boolean], required: ["id", "lengthMeters", "coveredMeters", "fraction", "covered"])),
        "covered": S.array(S.string), "missed": S.array(S.string),
    ], required: ["officer", "fixes", "from", "to", "toleranceMeters", "coveredFraction", "segments", "covered", "missed"], examples: [[
        "officer": "ZF31010101801", "fixes": 412, "from": "2026-12-03", "to": "2026-12-04", "toleranceMeters": 20, "coveredFraction": 0.8,
        "segments": [["id": "SEG-310101-00073", "lengthMeters": 182.4, "coveredMeters": 182.4, "fraction": 1, "covered": true]],
        "covered": ["SEG-310101-00073"], "missed": [],
    ]])

    static let officerTasks = S.object([
        "tasks": S.array(S.object(["id": S.string, "type": S.string, "status": S.string, "dueAt": S.nullable("string"),
                                   "overdue": S.boolean], required: ["id", "type", "status", "dueAt", "overdue"])),
    ], required: ["tasks"])

    static let dispatchSuggestions = S.object([
        "type": S.constant("FeatureCollection"), "case": S.string,
        "features": S.array(S.object([
            "type": S.constant("Feature"), "id": S.string,
            "geometry": ["oneOf": [S.object(["type": S.constant("LineString"), "coordinates": S.array(position)], required: ["type", "coordinates"]),
                                   ["type": "null"]]],
            "properties": S.object([
                "rank": S.count, "officer": S.string, "name": S.string, "team": S.string,
                "mode": S.oneOf(TravelMode.allCases.map(\.rawValue)), "etaMinutes": S.number, "meters": S.number,
                "busyWithOverdue": S.boolean,
                "dispatch": S.object(["event": S.constant("dispatch"), "assignee": S.string], required: ["event", "assignee"],
                                     description: "The body of POST /api/v1/cases/{caseId}/transitions that dispatches the case to this officer"),
            ], required: ["rank", "officer", "name", "team", "mode", "etaMinutes", "meters", "busyWithOverdue", "dispatch"]),
        ], required: ["type", "id", "geometry", "properties"])),
    ], required: ["type", "case", "features"])

    /// /api/v1/events (`EventsController`): committed case steps, one page; the stream sends each
    /// as an SSE message whose `id` is the step's id, `event` its type and `data` this object.
    static let caseStepEvent = S.object([
        "id": S.count, "type": S.oneOf(EventFilter.caseTypesOfEvents), "case": S.string, "at": S.string, "actor": S.string,
        "from": S.nullable("string"), "to": S.nullable("string"), "note": S.string, "caseType": S.string, "point": position,
        "gridCode": S.nullable("string"), "subDistrict": S.nullable("string"), "status": S.string, "assignee": S.nullable("string"),
    ], required: ["id", "type", "case", "at", "actor", "from", "to", "note"])

    static let officerEvent = S.object([
        "id": S.count, "type": S.oneOf(EventFilter.fenceTypes + ["officer.stale"]), "officer": S.string, "at": S.string,
        "actor": S.string, "note": S.string, "fence": S.nullable("string"), "name": S.string, "team": S.string, "onDuty": S.boolean,
        "point": position, "positionAt": S.nullable("string"),
    ], required: ["id", "type", "officer", "at", "actor", "note", "fence"])

    static let committedStep: JSONValue = ["oneOf": [caseStepEvent, officerEvent]]

    static let caseEvents = S.object([
        "events": S.array(committedStep),
        "last": ["type": "integer", "minimum": 0, "description": "The last step id looked at: the next page's after"],
    ], required: ["events", "last"], examples: [[
        "events": [["id": 1917, "type": "case.dispatch", "case": "C20261203-00004", "at": "2026-12-03T10:02:00+08:00",
                    "actor": "演示-派单员", "from": "registered", "to": "dispatched", "note": "", "caseType": "0103",
                    "point": [121.4806, 31.2263], "gridCode": "310101-018-003-0004", "subDistrict": "豫园街道",
                    "status": "dispatched", "assignee": "officer:ZF31010101801"]],
        "last": 1917,
    ]])

    /// /api/v1/subscriptions (`SubscriptionsController`).
    static let subscription = S.object([
        "id": S.string, "url": S.nullable("string"), "filter": S.string("The query /api/v1/events takes"),
        "fence": ["type": "boolean", "description": "Whether its place is a fence officers enter and leave"], "owner": S.string,
        "createdAt": S.string, "active": S.boolean, "cursor": S.count, "delivered": S.count, "failures": S.count,
        "nextAttemptAt": S.nullable("string"), "lastError": S.nullable("string"),
        "secret": S.string("Only in the answer that makes the subscription: the HMAC-SHA256 key of X-CityGrid-Signature"),
        "deadLetters": S.array(S.object(["event": S.count, "attempts": S.count, "error": S.string, "at": S.string],
                                        required: ["event", "attempts", "error", "at"])),
    ], required: ["id", "url", "filter", "fence", "owner", "createdAt", "active", "cursor", "delivered", "failures", "nextAttemptAt", "lastError"])

    static let subscriptionList = S.object(["subscriptions": S.array(S.ref(.subscription))], required: ["subscriptions"])

    static let subscriptionInput = S.object([
        "url": ["type": ["string", "null"], "description": "The receiver: http or https; null or absent for a fence watched by streams only (the filter must then have a place)"],
        "filter": S.string("The query /api/v1/events takes; empty: every event"),
    ], required: [], examples: [["url": "https://grid-center.example.org/hooks/citygrid", "filter": "subDistrict=豫园街道&events=case.report"]])
}
