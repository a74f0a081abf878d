import GeoCore

/// /healthz and /api/v1/layers (`SystemController.health`, `LayersController.listLayers`).
extension Schemas {
    static let health = S.object([
        "status": S.constant("ok"),
        "layers": S.with(S.map(S.count), description: "Each layer's feature count, by layer name", examples: []),
    ], required: ["status", "layers"], examples: [["status": "ok", "layers": ["grids": 24, "storefronts": 300]]])

    static let layerList = S.object([
        "layers": S.array(S.object(["id": S.string, "titleZH": S.string, "titleEN": S.string, "count": S.count],
                                   required: ["id", "titleZH", "titleEN", "count"])),
    ], required: ["layers"], examples: [["layers": [["id": "grids", "titleZH": "单元网格", "titleEN": "Grid cells", "count": 24]]]])
}
