import CityModel
import GeoCore

/// Unit grid cells: squares of `cellSize` metres tiling the plan's area exactly (the area's edges
/// lie on whole cells), grouped into communities (居委会) of `communityCells` × `communityCells`
/// cells inside each sub-district, numbered with `GridNumbering` (rows north to south, west to east).
struct GridBuilder {
    var plan: DistrictPlan
    var cellSize: Double
    var communityCells: Int
    var cellsPerOfficer: Int

    func build(names: inout NameMaker) throws -> [GridCell] {
        let nx = Int((plan.area.width / cellSize).rounded()), ny = Int((plan.area.height / cellSize).rounded())
        struct Raw { var id: String; var square: Polygon; var centre: Point; var sub: SubDistrictPlan; var community: Int }
        var raws: [Raw] = []
        // Community blocks counted from each sub-district's north-west corner, numbered in reading order.
        var communityNames: [CommunityCode: String] = [:]
        for sub in plan.subDistricts {
            let cx = Int((sub.region.width / cellSize).rounded()), cy = Int((sub.region.height / cellSize).rounded())
            let bx = (cx + communityCells - 1) / communityCells, by = (cy + communityCells - 1) / communityCells
            for k in 0..<(bx * by) {
                let code = CommunityCode(district: plan.code, subDistrict: sub.code, community: k + 1)
                communityNames[code] = names.communityName()
            }
        }
        for j in 0..<ny {
            for i in 0..<nx {
                let x0 = plan.area.minX + Double(i) * cellSize, y0 = plan.area.minY + Double(j) * cellSize
                let x1 = x0 + cellSize, y1 = y0 + cellSize
                let centre = Point(x: (x0 + x1) / 2, y: (y0 + y1) / 2)
                let sub = plan.subDistrict(at: centre)
                let cx = Int(((centre.x - sub.region.minX) / cellSize).rounded(.down))
                let cy = Int(((sub.region.maxY - centre.y) / cellSize).rounded(.down))
                let bx = (Int((sub.region.width / cellSize).rounded()) + communityCells - 1) / communityCells
                let community = (cy / communityCells) * bx + cx / communityCells + 1
                let ring = LinearRing([Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1),
                                       Point(x: x0, y: y1), Point(x: x0, y: y0)])
                raws.append(Raw(id: "\(i),\(j)", square: Polygon(exterior: ring), centre: centre, sub: sub, community: community))
            }
        }
        let uncoded = raws.map {
            UncodedCell(id: $0.id, community: CommunityCode(district: plan.code, subDistrict: $0.sub.code, community: $0.community),
                        centroid: $0.centre)
        }
        let codes = try GridNumbering.assign(uncoded, rowTolerance: cellSize / 2)
        var cells: [GridCell] = []
        cells.reserveCapacity(raws.count)
        for raw in raws {
            let code = codes[raw.id]!
            cells.append(GridCell(code: code, subDistrictName: raw.sub.name,
                                  communityName: communityNames[code.communityCode]!, polygon: raw.square))
        }
        cells.sort { $0.code < $1.code }
        // One grid officer (网格员) for every few consecutive cells of a community.
        var officer = "", run = 0, community: CommunityCode?
        for i in cells.indices {
            if cells[i].code.communityCode != community || run == cellsPerOfficer {
                officer = names.personName()
                run = 0
                community = cells[i].code.communityCode
            }
            cells[i].officer = officer
            run += 1
        }
        return cells
    }
}
