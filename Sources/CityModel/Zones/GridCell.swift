import GeoCore

/// A unit grid cell (单元网格), roughly one hectare: the smallest area the grid centre manages.
/// Geometry is in the deployment's metric CRS, so `areaSquareMeters` is a planar area in m².
public struct GridCell: Hashable, Sendable, Codable {
    public var code: GridCode
    /// 街道 name, e.g. 南京东路街道.
    public var subDistrictName: String
    /// 居委 / 社区 name.
    public var communityName: String
    /// The grid officer (网格员) answerable for the cell, when one is named.
    public var officer: String?
    /// A cell may be cut in two by a river or a rail line, hence a multipolygon.
    @GeoJSONCoded public var shape: MultiPolygon

    public init(code: GridCode, subDistrictName: String, communityName: String, officer: String? = nil,
                shape: MultiPolygon) {
        self.code = code
        self.subDistrictName = subDistrictName
        self.communityName = communityName
        self.officer = officer
        self._shape = GeoJSONCoded(wrappedValue: shape)
    }

    public init(code: GridCode, subDistrictName: String, communityName: String, officer: String? = nil,
                polygon: Polygon) {
        self.init(code: code, subDistrictName: subDistrictName, communityName: communityName,
                  officer: officer, shape: MultiPolygon([polygon]))
    }

    public var id: String { code.description }

    /// Planar area in m² (exterior minus holes, over every part).
    public var areaSquareMeters: Double { shape.area }

    public func validate() throws {
        let check = EntityCheck(entity: "GridCell", id: id)
        try check.nonEmpty(subDistrictName, "subDistrictName")
        try check.nonEmpty(communityName, "communityName")
        if let officer { try check.nonEmpty(officer, "officer") }
        try check.multiPolygon(shape, "shape")
    }
}
