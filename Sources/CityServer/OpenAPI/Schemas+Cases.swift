import CityModel
import GeoCore

/// The closed loop over HTTP (`CasesController`, `CasesController+Documents.swift`): the case as
/// the API shows it (`caseJSON`), its feature and list forms, the bodies the routes read. The
/// enums come from the workflow's own types, so a new status or event appears here by itself.
extension Schemas {
    static let statuses = S.oneOf(CaseStatus.allCases.map(\.rawValue))
    static let events = S.oneOf(CaseEvent.Kind.allCases.map(\.rawValue))
    static let assignee = ["type": "string", "pattern": "^(department|gridTeam|roadChief|officer):.+$",
                           "description": "department:CODE, gridTeam:ID, roadChief:ID or officer:ID"] as JSONValue

    /// `CaseDeadline`'s JSON form (CaseCoding.swift).
    static let caseDeadline: JSONValue = ["oneOf": [
        S.object(["rule": S.constant("timeLimit"), "value": ["type": "integer", "minimum": 1],
                  "unit": S.oneOf(TimeLimit.Unit.allCases.map(\.rawValue)), "from": S.dateTime],
                 required: ["rule", "value", "unit", "from"]),
        S.object(["rule": S.constant("fixed"), "dueAt": S.dateTime], required: ["rule", "dueAt"]),
    ], "examples": [["rule": "timeLimit", "value": 4, "unit": "workingHours", "from": "2026-05-01T09:00:00+08:00"]]]

    /// `CaseEvent`'s JSON form: the event and its argument, as a client sends it.
    static let caseEvent = S.object(["event": events, "typeCode": S.string, "assignee": assignee, "due": S.dateTime, "of": S.string],
                                    required: ["event"])

    static let caseTransition = S.object([
        "actor": S.string, "at": S.dateTime, "from": statuses, "to": statuses, "event": caseEvent, "note": S.string,
    ], required: ["actor", "at", "from", "to", "event", "note"])

    /// `Attribution`: where the case was when reported, with the zone versions used.
    static let attribution = S.object([
        "gridCode": S.string, "subDistrict": S.string, "community": S.string, "parcelNumber": S.string,
        "segment": S.object(["segmentID": S.string, "roadName": S.string, "chiefID": S.string, "distanceMeters": S.number],
                            required: ["segmentID", "roadName", "distanceMeters"]),
        "redLine": S.object(["redLineID": S.string, "roadName": S.string, "signedDistanceMeters": S.number,
                             "toleranceMeters": S.number, "verdict": S.oneOf(RedLineVerdict.allCases.map(\.rawValue))],
                            required: ["redLineID", "roadName", "signedDistanceMeters", "toleranceMeters", "verdict"]),
        "zoneVersions": S.object(["grids": S.string, "parcels": S.string, "segments": S.string, "redLines": S.string], required: []),
    ], required: ["zoneVersions"])

    /// The case's own members (ViolationCase's Codable form), without `point`.
    static let caseMembers: JSONObject = [
        "id": S.string, "typeCode": ["type": "string", "pattern": "^[0-9]{4}$"],
        "source": S.oneOf(CaseSource.allCases.map(\.rawValue)), "description": S.string,
        "storefrontID": S.string, "structureID": S.string, "status": statuses, "assignment": assignee,
        "deadline": S.ref(.caseDeadline), "reportedAt": S.dateTime, "history": S.array(S.ref(.caseTransition)),
        "duplicateOf": S.string, "attribution": S.ref(.attribution), "photos": S.array(S.ref(.photo)),
        "reportedFor": ["type": "string", "description": "The citizen the case was filed for, as typed when reporting; masked (张*, 138****5678) for readers who may not see personal data"],
        // What caseJSON adds: labels, and where the case stands against its deadline.
        "statusZH": S.string, "typeName": S.nullable("string"), "assigneeName": S.nullable("string"),
        "dueAt": ["type": ["string", "null"], "format": "date-time"], "overdue": S.boolean,
        "overdueBy": ["type": ["string", "null"], "description": "ISO 8601 duration past the due time"],
        "deadlineRule": S.nullable("string"),
    ]
    static let caseRequired = ["id", "typeCode", "source", "description", "status", "reportedAt", "history", "photos", "statusZH", "typeName",
                               "dueAt", "overdue", "overdueBy", "deadlineRule"]

    static let violationCase: JSONValue = {
        var members = caseMembers
        members["point"] = S.ref(.point)
        return S.object(members, required: ["point"] + caseRequired, description: "A violation case as the API shows it", examples: [[
            "id": "CASE-0001", "typeCode": "0103", "source": "patrol", "point": ["type": "Point", "coordinates": [121.4737, 31.2304]],
            "description": "占道经营", "status": "reported", "reportedAt": "2026-05-01T09:00:00+08:00",
            "history": [], "photos": [], "statusZH": "上报", "typeName": "占道经营", "dueAt": nil, "overdue": false, "overdueBy": nil,
            "deadlineRule": nil,
        ]])
    }()

    /// A case as a GeoJSON Feature: its point the geometry, the rest its properties; the single
    /// case also carries its audit trail.
    static let caseFeature = S.object([
        "type": S.constant("Feature"), "id": S.string, "geometry": S.ref(.point),
        "properties": S.object(caseMembers.merging(["auditTrail": S.array(S.ref(.caseHistoryRow))]), required: caseRequired),
    ], required: ["type", "id", "geometry", "properties"])

    static let caseList = collection(of: S.ref(.caseFeature))

    /// A stored audit row (`CaseTransitionRow`): a workflow step, or a re-attribution.
    static let caseHistoryRow = S.object([
        "caseID": S.string, "at": S.dateTime, "actor": S.string, "event": S.string, "fromStatus": statuses, "toStatus": statuses,
        "note": S.string,
    ], required: ["caseID", "at", "actor", "event", "toStatus", "note"])

    static let caseHistory = S.object(["caseID": S.string, "history": S.array(S.ref(.caseHistoryRow))], required: ["caseID", "history"])

    static let overdueCases = collection(of: feature(carrying: ["due": S.dateTime, "hoursOverdue": S.number],
                                                     required: ["due", "hoursOverdue"]))

    /// POST /api/v1/cases: lon/lat (or x/y with crs=working), the case type and what was seen.
    static let caseReportInput = S.object([
        "type": ["type": "string", "description": "The four-digit case-type code"],
        "source": S.oneOf(CaseSource.allCases.map(\.rawValue)),
        "crs": S.oneOf(["wgs84", "gcj02", "bd09", "working"]),
        "lon": S.number, "lat": S.number, "x": S.number, "y": S.number,
        "id": S.string, "description": S.string, "storefrontID": S.string, "structureID": S.string,
        "reportedFor": ["type": "string", "description": "The citizen it is filed for (who phoned in): personal data. Who reports is the token's holder."],
    ], required: ["type"], examples: [["type": "0103", "lon": 121.4737, "lat": 31.2304, "description": "占道经营"]])

    static let caseReportOutcome = S.object([
        "case": S.ref(.violationCase), "location": S.ref(.locateResult),
        "likelyDuplicates": nearestCases, "proposedDepartments": S.array(S.ref(.department)), "repeatOf": S.array(S.string),
    ], required: ["case", "location", "likelyDuplicates", "proposedDepartments", "repeatOf"])

    /// POST /api/v1/cases/{id}/transitions: the event, its argument by kind, who and why.
    static let caseTransitionInput = S.object([
        "event": events, "assignee": assignee, "due": ["type": "string", "description": "RFC 3339, or a date in Shanghai time"],
        "type": S.string("The corrected case-type code (register)"), "of": S.string("The earlier case (mergeAsDuplicate)"),
        "note": S.string, "actor": S.string,
    ], required: ["event"], open: true, examples: [["event": "dispatch", "assignee": "department:enforcement", "note": "请尽快处置"]])

    static let reattributeInput = S.object(["ids": S.array(S.string), "dryRun": S.boolean, "actor": S.string], required: [], open: true,
                                           examples: [["dryRun": true], [:]])

    static let reattributionReport = S.object([
        "layer": S.string, "examined": S.count, "dryRun": S.boolean,
        "changed": S.array(S.object(["layer": S.string, "id": S.string, "before": S.ref(.attribution), "after": S.ref(.attribution),
                                     "summary": S.string], required: ["layer", "id", "after", "summary"])),
    ], required: ["layer", "examined", "changed", "dryRun"])
}

extension JSONObject {
    /// This object with `other`'s members added (replacing equal keys).
    func merging(_ other: JSONObject) -> JSONObject {
        var o = self
        for (k, v) in other { o[k] = v }
        return o
    }
}
