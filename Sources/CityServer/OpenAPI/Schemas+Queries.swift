import CityModel
import CityQuery
import GeoCore

/// The /api/v1 queries about places (`ZonesController`, `LocateResult+JSON.swift`, `QueryEncoding`).
extension Schemas {
    static let roadChief = S.object(["id": S.string, "name": S.string, "unit": S.string, "phone": S.string],
                                    required: ["id", "name", "unit", "phone"],
                                    examples: [["id": "C01", "name": "王建国", "unit": "南京东路街道办事处", "phone": "021-63500000"]])

    /// `LocateResult` as its Codable form writes it (a case report's `location`); optional members
    /// are left out when there is nothing there.
    static let locateResult = S.object([
        "x": S.number, "y": S.number,
        "cell": S.object(["code": S.string, "subDistrict": S.string, "community": S.string, "officer": S.string],
                         required: ["code", "subDistrict", "community"]),
        "parcel": S.object(["number": S.string, "landUse": S.string, "holder": S.string], required: ["number", "landUse"]),
        "segment": S.object(["id": S.string, "roadName": S.string, "distanceMeters": S.number, "chief": S.ref(.roadChief)],
                            required: ["id", "roadName", "distanceMeters"]),
        "redLine": S.object(["id": S.string, "roadName": S.string, "signedDistanceMeters": S.number, "toleranceMeters": S.number,
                             "verdict": S.oneOf(RedLineVerdict.allCases.map(\.rawValue))],
                            required: ["id", "roadName", "signedDistanceMeters", "toleranceMeters", "verdict"]),
        "redLineVerdict": S.oneOf(RedLineVerdict.allCases.map(\.rawValue)),
        "constructionWasteLiability": S.oneOf(LiabilityBasis.allCases.map(\.rawValue)),
    ], required: ["x", "y", "redLineVerdict", "constructionWasteLiability"], description: "Where a point belongs (working-CRS x/y)")

    /// GET /api/v1/locate: the result with the point in lon/lat and the verdicts' Chinese labels.
    static let locate = S.with(S.extending(locateResult, [
        "lon": S.number, "lat": S.number, "redLineVerdictZH": S.string, "constructionWasteLiabilityZH": S.string,
    ], required: ["lon", "lat", "redLineVerdictZH", "constructionWasteLiabilityZH"]), examples: [[
        "x": 500.0, "y": 300.0, "lon": 121.4737, "lat": 31.2304,
        "cell": ["code": "310101-002-001-0001", "subDistrict": "南京东路街道", "community": "贵州路居委"],
        "redLineVerdict": "outside", "constructionWasteLiability": "environmentalPollution",
        "redLineVerdictZH": "红线外", "constructionWasteLiabilityZH": "环境污染",
    ]])

    /// `AreaFigures`, JSONEncoder's form (`unlicensedShare` left out when there are no storefronts).
    static let areaFigures = S.object([
        "storefronts": S.count, "unlicensed": S.count, "expiredLicences": S.count,
        "unlicensedShare": ["type": "number", "minimum": 0, "maximum": 1],
        "wallBreaking": S.count, "structures": S.count, "structureAreaSquareMeters": ["type": "number", "minimum": 0],
        "demolished": S.count, "demolishedAreaSquareMeters": ["type": "number", "minimum": 0],
        "openCases": S.count, "overdueCases": S.count,
        "openCasesByType": S.map(S.count), "overdueCasesByType": S.map(S.count),
    ], required: ["storefronts", "unlicensed", "expiredLicences", "wallBreaking", "structures", "structureAreaSquareMeters",
                  "demolished", "demolishedAreaSquareMeters", "openCases", "overdueCases", "openCasesByType", "overdueCasesByType"])

    static let areaMembers: JSONObject = [
        "figures": S.ref(.areaFigures), "storefronts": S.ref(.featurePage), "structures": S.ref(.featurePage),
        "cases": S.ref(.featurePage), "officers": S.ref(.featurePage),
    ]

    static let gridReport = S.extending(S.object(areaMembers, required: ["figures", "storefronts", "structures", "cases"]),
                                        ["cell": S.ref(.feature)], required: ["cell"])

    static let segmentReport = S.extending(S.object(areaMembers, required: ["figures", "storefronts", "structures", "cases"]), [
        "segment": S.ref(.feature), "chief": S.nullableRef(.roadChief),
        "frontage": S.string("What the corridor was: the red line, or a distance"),
    ], required: ["segment", "chief", "frontage"])

    static let chiefSegments = collection(of: S.ref(.feature), extra: ["chief": S.nullableRef(.roadChief)],
                                          required: ["numberMatched", "numberReturned", "chief"])

    /// A feature with a per-answer member its properties must carry.
    static func feature(carrying members: JSONObject, required: [String]) -> JSONValue {
        S.extending(feature, ["properties": S.object(members, required: required, open: true)])
    }

    static let nearestCases = collection(of: feature(carrying: ["distanceMeters": ["type": "number", "minimum": 0]],
                                                     required: ["distanceMeters"]))

    static let searchResults = collection(of: feature(carrying: ["layer": S.string], required: ["layer"]))

    /// POST /api/v1/within: a GeoJSON Polygon, or a Feature holding one.
    static let polygonInput: JSONValue = ["oneOf": [
        S.ref(.polygon),
        S.object(["type": S.constant("Feature"), "geometry": S.ref(.polygon), "properties": ["type": ["object", "null"]],
                  "id": ["type": ["string", "integer"]]], required: ["type", "geometry"]),
    ], "examples": [["type": "Polygon", "coordinates": [[[121.47, 31.23], [121.48, 31.23], [121.48, 31.24], [121.47, 31.23]]]]]]

    static let ratio = S.object(["numerator": S.count, "denominator": S.count, "value": S.nullable("number")],
                                required: ["numerator", "denominator", "value"],
                                examples: [["numerator": 3, "denominator": 4, "value": 0.75]])

    static let caseIndicators = S.object([
        "received": S.count, "registrationRate": S.ref(.ratio), "closureRate": S.ref(.ratio),
        "onTimeClosureRate": S.ref(.ratio), "reworkRate": S.ref(.ratio),
        "labelsZH": S.object(["registrationRate": S.string, "closureRate": S.string, "onTimeClosureRate": S.string,
                              "reworkRate": S.string], required: ["registrationRate", "closureRate", "onTimeClosureRate", "reworkRate"]),
        "overdueOpen": S.count, "closedLate": S.count,
        "meanHandlingHours": ["type": ["number", "null"], "minimum": 0, "description": "平均处置时长: registration to closure, hours"],
    ], required: ["received", "registrationRate", "closureRate", "onTimeClosureRate", "reworkRate", "labelsZH", "overdueOpen",
                  "closedLate", "meanHandlingHours"])

    static let figures = S.object([
        "by": S.oneOf(FigureGrouping.allCases.map(\.rawValue)),
        "groups": S.array(S.object(["group": S.string, "indicators": S.ref(.caseIndicators)], required: ["group", "indicators"])),
    ], required: ["by", "groups"])
}
