import CityModel
import GeoCore

/// /api/v1/catalogue (`WebMapController.catalogue`) and the dossiers (`DossiersController`).
extension Schemas {
    static let eventClass = S.object(["code": S.string, "nameZH": S.string, "nameEN": S.string], required: ["code", "nameZH", "nameEN"])

    /// `CaseType`'s Codable form.
    static let caseType = S.object([
        "code": ["type": "string", "pattern": "^[0-9]{4}$"], "nameZH": S.string, "nameEN": S.string, "defaultDepartment": S.string,
        "deadline": S.object(["value": ["type": "integer", "minimum": 1], "unit": S.oneOf(TimeLimit.Unit.allCases.map(\.rawValue))],
                             required: ["value", "unit"]),
        "redLineDecidesLiability": S.boolean,
    ], required: ["code", "nameZH", "nameEN", "defaultDepartment", "deadline"])

    static let department = S.object(["code": S.string, "nameZH": S.string, "nameEN": S.string, "caseTypes": S.array(S.string)],
                                     required: ["code", "nameZH", "nameEN", "caseTypes"],
                                     examples: [["code": "enforcement", "nameZH": "城管执法中队", "nameEN": "Enforcement squad",
                                                 "caseTypes": ["0103"]]])

    /// The workflow the map offers steps from: each status's allowed events, keyed by status.
    static let catalogue = S.object([
        "version": S.string,
        "eventClasses": S.array(S.ref(.eventClass)), "caseTypes": S.array(S.ref(.caseType)), "departments": S.array(S.ref(.department)),
        "statuses": S.array(S.object(["code": statuses, "nameZH": S.string, "terminal": S.boolean, "open": S.boolean],
                                     required: ["code", "nameZH", "terminal", "open"])),
        "events": S.array(S.object(["code": events, "nameZH": S.string], required: ["code", "nameZH"])),
        "workflow": S.object(JSONObject(CaseStatus.allCases.map { ($0.rawValue, S.array(events)) }),
                             required: CaseStatus.allCases.map(\.rawValue)),
    ], required: ["version", "eventClasses", "caseTypes", "departments", "statuses", "events", "workflow"])

    static let dossierRecord = S.object([
        "kind": S.oneOf(DossierRecordKind.allCases.map(\.rawValue)), "date": S.dateTime, "officer": S.string, "note": S.string,
        "attachments": S.array(S.string),
    ], required: ["kind", "date", "officer", "note", "attachments"])

    static let dossier = S.object(["entity": S.ref(.feature), "records": S.array(S.ref(.dossierRecord)), "cases": S.array(S.string),
                                   "photos": S.array(S.ref(.photo))],
                                  required: ["entity", "records", "cases"])

    static let dossierRecordInput = S.object([
        "kind": S.oneOf(DossierRecordKind.allCases.map(\.rawValue)),
        "date": ["type": "string", "description": "RFC 3339, or a date in Shanghai time; default now"],
        "officer": S.string, "note": S.string, "attachments": S.array(S.string),
    ], required: ["kind"], open: true, examples: [["kind": "inspection", "date": "2026-05-01", "note": "门前三包检查合格"]])
}
