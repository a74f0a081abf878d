import CityQuery
import GeoCore

/// /api/v1/map (`MapController`): what the web map draws at a zoom.
extension Schemas {
    static let mapCases = collection(of: S.object([
        "type": S.constant("Feature"), "id": S.string, "geometry": S.ref(.point),
        "properties": S.object([
            "kind": S.oneOf(["cluster", "cell", "case"]),
            "key": S.string("A cluster's column:row (floor(x / clusterMeters) in the working CRS) or a cell's grid code"),
            "count": S.count, "overdue": ["oneOf": [S.count, S.boolean]],
            "status": S.string, "typeCode": S.string, "reportedAt": S.dateTime, "cell": S.string("The case's grid cell"),
        ], required: ["kind"], description: "An aggregate (kind cluster or cell: key, count, overdue count) or a case (status, typeCode, overdue, reportedAt, cell)"),
    ], required: ["type", "id", "geometry", "properties"]), extra: [
        "level": S.oneOf(CaseMapAnswer.Level.allCases.map(\.rawValue)),
        "zoom": S.integer, "overdue": S.count,
        "clusterMeters": ["type": "number", "description": "The side of a cluster's square in metres (level clusters)"],
    ], required: ["numberMatched", "numberReturned", "level", "zoom", "overdue"])

    static let mapHeat = S.with(S.object([
        "zoom": S.integer, "cellMeters": S.number, "numberMatched": S.count, "max": S.count,
        "cells": S.array(S.array(S.number, minItems: 3, maxItems: 3)),
    ], required: ["zoom", "cellMeters", "numberMatched", "max", "cells"],
       description: "Squares of cellMeters in the working CRS with cases: [lon, lat, count] of each square's centre"),
       examples: [["zoom": 14, "cellMeters": 64, "numberMatched": 3, "max": 2, "cells": [[121.49, 31.26, 2], [121.5, 31.26, 1]]]])

    static let mapBase = collection(of: S.object([
        "type": S.constant("Feature"), "id": S.string, "geometry": S.ref(.geometry),
        "properties": S.object(["layer": S.string, "parts": S.count], required: ["layer", "parts"]),
    ], required: ["type", "id", "geometry", "properties"]), extra: ["zoom": S.integer], required: ["numberMatched", "numberReturned", "zoom"])
}
