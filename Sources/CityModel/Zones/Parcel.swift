import GeoCore

/// Land use by the first-level classes of GB/T 21010-2017 (土地利用现状分类); the raw value is the
/// class code. `other` is class 12 (其他土地), which also takes land of unknown use.
public enum LandUse: String, CaseIterable, Hashable, Sendable, Codable {
    case cultivated = "01"
    case garden = "02"
    case forest = "03"
    case grassland = "04"
    case commercial = "05"
    case industrialStorage = "06"
    case residential = "07"
    case publicService = "08"
    case special = "09"
    case transport = "10"
    case water = "11"
    case other = "12"

    public var labelZH: String {
        switch self {
        case .cultivated: "耕地"
        case .garden: "园地"
        case .forest: "林地"
        case .grassland: "草地"
        case .commercial: "商服用地"
        case .industrialStorage: "工矿仓储用地"
        case .residential: "住宅用地"
        case .publicService: "公共管理与公共服务用地"
        case .special: "特殊用地"
        case .transport: "交通运输用地"
        case .water: "水域及水利设施用地"
        case .other: "其他土地"
        }
    }
}

/// A cadastral land parcel (宗地).
public struct Parcel: Hashable, Sendable, Codable {
    /// 宗地号 / 宗地代码 as the cadastre prints it.
    public var number: String
    public var landUse: LandUse
    /// The right holder (权利人), when known.
    public var holder: String?
    @GeoJSONCoded public var polygon: Polygon

    public init(number: String, landUse: LandUse, holder: String? = nil, polygon: Polygon) {
        self.number = number
        self.landUse = landUse
        self.holder = holder
        self._polygon = GeoJSONCoded(wrappedValue: polygon)
    }

    public var areaSquareMeters: Double { polygon.area }

    public func validate() throws {
        let check = EntityCheck(entity: "Parcel", id: number)
        try check.nonEmpty(number, "number")
        if number.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            throw check.failure("number", "may hold only ASCII letters, digits and '-'")
        }
        if let holder { try check.nonEmpty(holder, "holder") }
        try check.polygon(polygon, "polygon")
    }
}
