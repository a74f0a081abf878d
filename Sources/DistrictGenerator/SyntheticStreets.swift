import CityModel
import GeoCore

/// A street grid invented for the `hongkou` and `city` scales: straight roads across the whole
/// area every `spacing` metres (give or take a fifth), an arterial every fourth road, the rest
/// branch roads and lanes. Red lines and blocks are rectangles, so they are built by construction
/// rather than with GEOS; every way ends at the next crossing so the router finds the junctions.
struct SyntheticStreets {
    var plan: DistrictPlan
    var spacing: Double
    /// Share of the minor roads that are residential lanes rather than branch roads.
    var laneShare: Double
    var parcelMaxArea: Double

    struct Line {
        var name: String, highway: String, oneway: String, position: Double, width: Double
    }

    func build(random: inout SplitMix64, names: inout NameMaker) -> StreetLayout {
        let area = plan.area
        func lines(from low: Double, to high: Double, index: Int) -> [Line] {
            var result: [Line] = []
            var p = low + spacing * random.uniform(0.4, 0.7)
            var k = 0
            while p < high - spacing * 0.4 {
                let highway: String
                if k % 4 == 0 { highway = (k / 4 + index) % 2 == 0 ? "primary" : "secondary" }
                else if k % 2 == 0 || !random.chance(laneShare) { highway = "tertiary" }
                else { highway = "residential" }
                let oneway = highway == "tertiary" && random.chance(0.2) ? "yes" : ""
                result.append(Line(name: names.roadName(), highway: highway, oneway: oneway, position: p,
                                   width: RoadWidths.width(highway: highway)))
                p += spacing * random.uniform(0.8, 1.2)
                k += 1
            }
            return result
        }
        let verticals = lines(from: area.minX, to: area.maxX, index: 0)
        let horizontals = lines(from: area.minY, to: area.maxY, index: 1)
        let code = String(plan.code)

        var ways: [StreetWay] = []
        var redLines: [RedLine] = []
        // Vertical roads run south to north, cut at every horizontal road.
        let yCuts = [area.minY] + horizontals.map(\.position) + [area.maxY]
        let xCuts = [area.minX] + verticals.map(\.position) + [area.maxX]
        for (r, line) in verticals.enumerated() {
            for s in 1..<yCuts.count {
                ways.append(StreetWay(id: "\(code)-V\(pad(r + 1, 3))-\(pad(s, 3))", name: line.name, highway: line.highway,
                                      oneway: line.oneway, line: LineString([Point(x: line.position, y: yCuts[s - 1]),
                                                                             Point(x: line.position, y: yCuts[s])])))
            }
            let e = Envelope(minX: line.position - line.width / 2, minY: area.minY, maxX: line.position + line.width / 2, maxY: area.maxY)
            redLines.append(RedLine(id: "RL-\(code)-V\(pad(r + 1, 3))", roadName: line.name, polygon: PlanarGeometry.rectangle(e),
                                    widthMeters: line.width))
        }
        for (r, line) in horizontals.enumerated() {
            for s in 1..<xCuts.count {
                ways.append(StreetWay(id: "\(code)-H\(pad(r + 1, 3))-\(pad(s, 3))", name: line.name, highway: line.highway,
                                      oneway: line.oneway, line: LineString([Point(x: xCuts[s - 1], y: line.position),
                                                                             Point(x: xCuts[s], y: line.position)])))
            }
            let e = Envelope(minX: area.minX, minY: line.position - line.width / 2, maxX: area.maxX, maxY: line.position + line.width / 2)
            redLines.append(RedLine(id: "RL-\(code)-H\(pad(r + 1, 3))", roadName: line.name, polygon: PlanarGeometry.rectangle(e),
                                    widthMeters: line.width))
        }
        // Blocks: the rectangles between red lines, each cut into parcels.
        func gaps(_ roads: [Line], _ low: Double, _ high: Double) -> [(Double, Double)] {
            var edges = [low]
            for r in roads { edges.append(r.position - r.width / 2); edges.append(r.position + r.width / 2) }
            edges.append(high)
            return stride(from: 0, to: edges.count, by: 2).map { (edges[$0], edges[$0 + 1]) }
        }
        var pieces: [Polygon] = []
        for (y0, y1) in gaps(horizontals, area.minY, area.maxY).reversed() {
            for (x0, x1) in gaps(verticals, area.minX, area.maxX) {
                split(Envelope(minX: x0, minY: y0, maxX: x1, maxY: y1), random: &random, into: &pieces)
            }
        }
        let parcels = StreetLayout.parcels(from: pieces, plan: plan, random: &random, names: &names)
        return StreetLayout(ways: ways, redLines: redLines, parcels: parcels)
    }

    /// Halves a rectangle across its longer side (at 35–65 %) until it is below the parcel size.
    private func split(_ e: Envelope, random: inout SplitMix64, into pieces: inout [Polygon]) {
        guard e.area > parcelMaxArea, max(e.width, e.height) > 40 else {
            pieces.append(PlanarGeometry.rectangle(e))
            return
        }
        let t = random.uniform(0.35, 0.65)
        if e.width >= e.height {
            let x = (e.minX + e.width * t).rounded()
            split(Envelope(minX: e.minX, minY: e.minY, maxX: x, maxY: e.maxY), random: &random, into: &pieces)
            split(Envelope(minX: x, minY: e.minY, maxX: e.maxX, maxY: e.maxY), random: &random, into: &pieces)
        } else {
            let y = (e.minY + e.height * t).rounded()
            split(Envelope(minX: e.minX, minY: y, maxX: e.maxX, maxY: e.maxY), random: &random, into: &pieces)
            split(Envelope(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: y), random: &random, into: &pieces)
        }
    }
}
