import GeoCore

/// /healthz and /api/v1/layers (`SystemController.health`, `LayersController.listLayers`).
extension Schemas {
    static let health = S.object([
        "status": S.oneOf(["ok", "unhealthy"]),
        "layers": S.with(S.map(S.count), description: "Each layer's feature count, by layer name", examples: []),
        "storage": S.object([
            "location": S.string("The SQLite file, or the PostgreSQL connection without its password"),
            "appliedSequence": S.with(S.count, description: "The change-log sequence this server's memory has applied", examples: []),
            "logEnd": S.with(S.count, description: "The change log's last sequence as the storage answers now (absent when unreachable)", examples: []),
            "behind": S.with(S.count, description: "Committed batches of other writers not yet applied here", examples: []),
            "problem": S.string("Why the storage cannot be reached or followed"),
        ], required: ["location", "appliedSequence", "behind"]),
    ], required: ["status", "layers", "storage"], examples: [[
        "status": "ok", "layers": ["grids": 24, "storefronts": 300],
        "storage": ["location": "citygrid.sqlite", "appliedSequence": 42, "logEnd": 42, "behind": 0],
    ]])

    static let layerList = S.object([
        "layers": S.array(S.object(["id": S.string, "titleZH": S.string, "titleEN": S.string, "count": S.count],
                                   required: ["id", "titleZH", "titleEN", "count"])),
    ], required: ["layers"], examples: [["layers": [["id": "grids", "titleZH": "单元网格", "titleEN": "Grid cells", "count": 24]]]])
}
