/// The layers CityGrid keeps. The raw values are the names used everywhere: CLI arguments, HTTP
/// paths, OGC collection ids, file names written by `citygrid generate` and `citygrid export`.
public enum Layer: String, CaseIterable, Codable, Sendable, Comparable {
    case grids, parcels, roads, segments, redlines, storefronts, structures, cases, officers

    public var labelZH: String {
        switch self {
        case .grids: "单元网格"
        case .parcels: "宗地"
        case .roads: "道路"
        case .segments: "路段"
        case .redlines: "道路红线"
        case .storefronts: "门店（一店一档）"
        case .structures: "违法建筑（一户一档）"
        case .cases: "案件"
        case .officers: "执法队员"
        }
    }

    public var labelEN: String {
        switch self {
        case .grids: "Grid cells"
        case .parcels: "Parcels"
        case .roads: "Roads"
        case .segments: "Road-chief segments"
        case .redlines: "Road red lines"
        case .storefronts: "Storefronts"
        case .structures: "Illegal structures"
        case .cases: "Violation cases"
        case .officers: "Enforcement officers"
        }
    }

    /// The layers that divide the district (cells, parcels, roads with their chiefs' segments, red
    /// lines), against which cases, storefronts and structures are attributed.
    public var isZone: Bool {
        switch self {
        case .grids, .parcels, .roads, .segments, .redlines: true
        case .storefronts, .structures, .cases, .officers: false
        }
    }

    public static func < (a: Layer, b: Layer) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
