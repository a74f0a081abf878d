import CityModel
import GeoCore

/// The street side of a district: centrelines, red lines and the parcels left between them.
struct StreetLayout {
    var ways: [StreetWay]
    var redLines: [RedLine]
    var parcels: [Parcel]
}

/// Land use of a generated parcel, by weighted draw (GB/T 21010 first-level codes).
enum LandUseDraw {
    static let choices: [(LandUse, Double)] = [
        (.residential, 45), (.commercial, 28), (.publicService, 12), (.industrialStorage, 4),
        (.grassland, 5), (.special, 2), (.other, 4),
    ]

    static func draw(_ random: inout SplitMix64) -> LandUse {
        choices[random.weightedIndex(choices.map(\.1))].0
    }

    static func holder(_ use: LandUse, names: inout NameMaker) -> String {
        switch use {
        case .residential: names.random.element(of: NameBank.communityStems) + ["小区业主大会", "公寓业主委员会", "里弄房管所"][names.random.int(in: 0...2)]
        case .commercial: "上海" + names.random.element(of: NameBank.shopStems) + ["实业有限公司", "置业有限公司", "商业管理有限公司"][names.random.int(in: 0...2)]
        case .publicService: ["区教育局", "区卫健委", "区文旅局", "街道办事处"][names.random.int(in: 0...3)]
        case .industrialStorage: "上海" + names.random.element(of: NameBank.shopStems) + "仓储有限公司"
        default: "区规划资源局"
        }
    }
}

extension StreetLayout {
    /// Numbers parcels `DDDDDDSSS-NNNNN` (district, sub-district of the parcel's first vertex,
    /// sequence in the district) and draws their land use and holder.
    static func parcels(from pieces: [Polygon], plan: DistrictPlan, random: inout SplitMix64,
                        names: inout NameMaker) -> [Parcel] {
        var result: [Parcel] = []
        result.reserveCapacity(pieces.count)
        for (k, piece) in pieces.enumerated() {
            let sub = plan.subDistrict(at: Envelope(covering: piece.exterior.points).center)
            let use = LandUseDraw.draw(&random)
            let number = "\(plan.code)\(pad(sub.code, 3))-\(pad(k + 1, 5))"
            result.append(Parcel(number: number, landUse: use, holder: LandUseDraw.holder(use, names: &names), polygon: piece))
        }
        return result
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
