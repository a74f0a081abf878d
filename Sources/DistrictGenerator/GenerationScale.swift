import GeoCore

/// How big a district (or city) to generate.
public enum GenerationScale: String, CaseIterable, Sendable {
    /// Huangpu around People's Square on real OpenStreetMap streets.
    case sample
    /// A Hongkou-sized district on a synthetic street grid: 8 sub-districts, 23.5 km², 2,350 cells,
    /// 12,653 storefronts, about 220,000 dossier records.
    case hongkou
    /// Sixteen synthetic districts side by side: over a million storefronts, structures and cases.
    case city
}

/// The numbers one district of a scale is generated with.
struct DistrictRecipe {
    enum Streets {
        case osm
        case synthetic(origin: Point, width: Double, height: Double, spacing: Double, laneShare: Double)
    }

    var code: Int
    var name: String
    var streets: Streets
    var columns: Int
    var rows: Int
    var subDistrictNames: [(code: Int, name: String)]
    var storefrontTarget: Int?
    var recordsMean: Double
    var recordsSpread: Double
    var structures: Int
    var cases: Int
    var occupancy = 1.0

    static let cellSize = 100.0
    static let communityCells = 5
    static let cellsPerOfficer = 3
    static let parcelMaxArea = 12_000.0
    static let segmentLength = 300.0

    static func recipes(for scale: GenerationScale) -> [DistrictRecipe] {
        switch scale {
        case .sample:
            return [DistrictRecipe(code: 310101, name: "黄浦区", streets: .osm, columns: 2, rows: 2,
                                   subDistrictNames: SubDistrictNames.huangpu, storefrontTarget: nil, recordsMean: 21,
                                   recordsSpread: 10, structures: 300, cases: 600, occupancy: 0.6)]
        case .hongkou:
            // About where Hongkou lies in EPSG:4549 (121.47–121.52 E, 31.25–31.30 N).
            return [DistrictRecipe(code: 310109, name: "虹口区",
                                   streets: .synthetic(origin: Point(x: 639_500, y: 3_459_500), width: 5_000, height: 4_700,
                                                       spacing: 200, laneShare: 0.3),
                                   columns: 4, rows: 2, subDistrictNames: SubDistrictNames.hongkou, storefrontTarget: 12_653,
                                   recordsMean: 16.9, recordsSpread: 8, structures: 1_671, cases: 5_000)]
        case .city:
            return SubDistrictNames.shanghaiDistricts.enumerated().map { k, district in
                let origin = Point(x: 600_000 + Double(k % 4) * 6_000, y: 3_430_000 + Double(k / 4) * 6_000)
                let subs = (1...4).map { (code: $0, name: "\(district.name.dropLast())第\($0)街道") }
                return DistrictRecipe(code: district.code, name: district.name,
                                      streets: .synthetic(origin: origin, width: 6_000, height: 6_000, spacing: 110, laneShare: 0),
                                      columns: 2, rows: 2, subDistrictNames: subs, storefrontTarget: 40_000,
                                      recordsMean: 3, recordsSpread: 2, structures: 15_000, cases: 10_000)
            }
        }
    }
}
