import CityModel
import CityQuery
import GeoCore

/// The dashboard (`GET /api/v1/dashboard`, `DashboardFigures` in its Codable form: a rate or a
/// mean with nothing counted is left out, not written as 0).
extension Schemas {
    static let rate: JSONValue = ["type": "number", "minimum": 0, "maximum": 1]

    static let indicatorFigures = S.object([
        "received": S.count, "registered": S.count, "due": S.count, "closed": S.count, "closedOnTime": S.count,
        "handled": S.count, "sentBack": S.count, "overdueOpen": S.count, "closedLate": S.count,
        "registrationRate": rate, "closureRate": rate, "onTimeClosureRate": rate, "reworkRate": rate,
        "meanHandlingHours": ["type": "number", "minimum": 0],
    ], required: ["received", "registered", "due", "closed", "closedOnTime", "handled", "sentBack", "overdueOpen", "closedLate"],
       description: "立案率 = registered/received, 结案率 = closed/due, 按期结案率 = closedOnTime/due, 返工率 = sentBack/handled")

    static let rankedGroup = S.object([
        "group": S.string("The key /api/v1/figures groups by"), "label": S.string("The group's name for people"),
        "rank": ["type": "integer", "minimum": 1], "current": S.ref(.indicatorFigures), "previous": S.ref(.indicatorFigures),
    ], required: ["group", "label", "rank", "current"])

    static let dayCounts = S.object(["reported": S.count, "registered": S.count, "dispatched": S.count, "closed": S.count,
                                     "overdue": S.count], required: ["reported", "registered", "dispatched", "closed", "overdue"])

    static let trendGroups = S.array(S.object(["ranked": S.ref(.rankedGroup), "daily": S.array(S.ref(.indicatorFigures))],
                                              required: ["ranked", "daily"]))

    static let openCaseCounts = S.array(S.object(["id": S.string, "label": S.string, "open": S.count, "overdue": S.count],
                                                 required: ["id", "label", "open", "overdue"]), maxItems: 10)

    static let dashboard = S.object([
        "asOf": S.dateTime, "windowStart": S.dateTime, "windowEnd": S.dateTime,
        "today": dayCounts, "sameDayLastWeek": dayCounts,
        "days": S.array(["type": "string", "format": "date"], minItems: 30, maxItems: 30),
        "subDistricts": trendGroups, "departments": trendGroups, "chiefs": trendGroups,
        "topCells": openCaseCounts, "topSegments": openCaseCounts,
        "repeatOffenders": S.array(S.object([
            "kind": S.oneOf(["storefront", "structure"]), "id": S.string, "label": S.string, "cases": ["type": "integer", "minimum": 2],
            "latestCaseID": S.string, "latestReportedAt": S.dateTime,
        ], required: ["kind", "id", "label", "cases", "latestCaseID", "latestReportedAt"]), maxItems: 10),
    ], required: ["asOf", "windowStart", "windowEnd", "today", "sameDayLastWeek", "days", "subDistricts", "departments", "chiefs",
                  "topCells", "topSegments", "repeatOffenders"])
}
