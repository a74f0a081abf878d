import GeoCore

/// A sub-district (街道) of the generated district: its real name and three-digit code, and the
/// part of the area the generator gives it (a rectangle; real boundaries are not modelled).
public struct SubDistrictPlan: Hashable, Sendable {
    public var code: Int
    public var name: String
    public var region: Envelope
}

/// The district being generated: GB/T 2260 code, name, the working-CRS rectangle its grid tiles
/// (edges on whole 100 m) and its sub-districts.
public struct DistrictPlan: Hashable, Sendable {
    public var code: Int
    public var name: String
    public var area: Envelope
    public var subDistricts: [SubDistrictPlan]

    /// Cuts `area` into `columns` × `rows` sub-district rectangles on whole cells, named in
    /// reading order (north-west first).
    init(code: Int, name: String, area: Envelope, columns: Int, rows: Int,
         names: [(code: Int, name: String)], cellSize: Double) {
        precondition(names.count >= columns * rows, "one name per sub-district")
        self.code = code
        self.name = name
        self.area = area
        let nx = Int((area.width / cellSize).rounded()), ny = Int((area.height / cellSize).rounded())
        func cut(_ i: Int, of n: Int, cells: Int) -> Int { (cells * i) / n }
        var plans: [SubDistrictPlan] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let k = r * columns + c
                let region = Envelope(minX: area.minX + Double(cut(c, of: columns, cells: nx)) * cellSize,
                                      minY: area.maxY - Double(cut(r + 1, of: rows, cells: ny)) * cellSize,
                                      maxX: area.minX + Double(cut(c + 1, of: columns, cells: nx)) * cellSize,
                                      maxY: area.maxY - Double(cut(r, of: rows, cells: ny)) * cellSize)
                plans.append(SubDistrictPlan(code: names[k].code, name: names[k].name, region: region))
            }
        }
        subDistricts = plans
    }

    /// The sub-district whose rectangle holds `p` (half-open on the east and north edges so the
    /// rectangles partition the area); the last one for a point on the area's outer edge.
    func subDistrict(at p: Point) -> SubDistrictPlan {
        subDistricts.first { p.x >= $0.region.minX && p.x < $0.region.maxX && p.y >= $0.region.minY && p.y < $0.region.maxY }
            ?? subDistricts.min { $0.region.distance(to: p) < $1.region.distance(to: p) }!
    }
}

/// Real sub-district names; the three-digit codes follow the GB/T 10114 style of their districts.
enum SubDistrictNames {
    static let huangpu: [(code: Int, name: String)] = [
        (2, "南京东路街道"), (13, "外滩街道"), (22, "淮海中路街道"), (18, "豫园街道"),
    ]
    static let hongkou: [(code: Int, name: String)] = [
        (9, "欧阳路街道"), (10, "曲阳路街道"), (11, "广中路街道"), (12, "嘉兴路街道"),
        (13, "凉城新村街道"), (14, "四川北路街道"), (15, "北外滩街道"), (16, "江湾镇街道"),
    ]
    /// County-level districts of Shanghai (GB/T 2260), for the city-scale run.
    static let shanghaiDistricts: [(code: Int, name: String)] = [
        (310101, "黄浦区"), (310104, "徐汇区"), (310105, "长宁区"), (310106, "静安区"), (310107, "普陀区"),
        (310109, "虹口区"), (310110, "杨浦区"), (310112, "闵行区"), (310113, "宝山区"), (310114, "嘉定区"),
        (310115, "浦东新区"), (310116, "金山区"), (310117, "松江区"), (310118, "青浦区"), (310120, "奉贤区"),
        (310151, "崇明区"),
    ]
}
