import CityModel
import GEOSKit
import GeoCore

/// Red lines and parcels on real streets, with GEOS: every way buffered by half its class width
/// (round ends, so crossings close up), unioned per road name and clipped to the district; the
/// blocks are the district minus the union of all red lines, and blocks larger than
/// `parcelMaxArea` are halved across their longer side until they are not.
struct OSMLayout {
    var plan: DistrictPlan
    var parcelMaxArea: Double
    /// Pieces smaller than this (slivers between converging red lines) are not parcels.
    var minParcelArea = 50.0

    func build(ways: [StreetWay], random: inout SplitMix64, names: inout NameMaker) throws(DistrictGeneratorError) -> StreetLayout {
        let district = Geometry.polygon(PlanarGeometry.rectangle(plan.area))
        var byName: [String: [StreetWay]] = [:]
        for way in ways { byName[way.name, default: []].append(way) }
        var redLines: [RedLine] = []
        var allReserves: [Geometry] = []
        for name in byName.keys.sorted() {
            let group = byName[name]!.sorted { $0.id < $1.id }
            let width = group.map { RoadWidths.width(highway: $0.highway) }.max() ?? 8
            let pieces: [Polygon]
            do {
                let buffers = try group.map { way in
                    try Geometry.lineString(way.line).buffered(by: RoadWidths.width(highway: way.highway) / 2)
                }
                let reserve = try Geometry.union(of: buffers).intersection(district)
                pieces = Self.polygons(of: reserve).filter { $0.area >= 1 }
                allReserves.append(reserve)
            } catch {
                throw .geometry(layer: "redlines", id: name, reason: "\(error)")
            }
            for piece in pieces {
                redLines.append(RedLine(id: "RL-\(plan.code)-\(pad(redLines.count + 1, 4))", roadName: name,
                                        polygon: piece, widthMeters: width))
            }
        }
        var blocks: [Polygon]
        do {
            let streets = try Geometry.union(of: allReserves)
            blocks = Self.polygons(of: try district.difference(streets))
        } catch {
            throw .geometry(layer: "parcels", id: plan.name, reason: "district minus red lines: \(error)")
        }
        // North-west first, so parcel numbers read like a map.
        blocks.sort { a, b in
            let ea = Envelope(covering: a.exterior.points).center, eb = Envelope(covering: b.exterior.points).center
            return (-ea.y, ea.x) < (-eb.y, eb.x)
        }
        var pieces: [Polygon] = []
        for block in blocks where block.area >= minParcelArea {
            try split(block, random: &random, into: &pieces)
        }
        let parcels = StreetLayout.parcels(from: pieces, plan: plan, random: &random, names: &names)
        return StreetLayout(ways: ways, redLines: redLines, parcels: parcels)
    }

    private func split(_ block: Polygon, random: inout SplitMix64, into pieces: inout [Polygon]) throws(DistrictGeneratorError) {
        let e = Envelope(covering: block.exterior.points)
        guard block.area > parcelMaxArea, max(e.width, e.height) > 40 else {
            if block.area >= minParcelArea { pieces.append(block) }
            return
        }
        let t = random.uniform(0.35, 0.65)
        let halves: [Envelope]
        if e.width >= e.height {
            let x = (e.minX + e.width * t).rounded()
            halves = [Envelope(minX: e.minX - 1, minY: e.minY - 1, maxX: x, maxY: e.maxY + 1),
                      Envelope(minX: x, minY: e.minY - 1, maxX: e.maxX + 1, maxY: e.maxY + 1)]
        } else {
            let y = (e.minY + e.height * t).rounded()
            halves = [Envelope(minX: e.minX - 1, minY: y, maxX: e.maxX + 1, maxY: e.maxY + 1),
                      Envelope(minX: e.minX - 1, minY: e.minY - 1, maxX: e.maxX + 1, maxY: y)]
        }
        for half in halves {
            let parts: [Polygon]
            do {
                parts = Self.polygons(of: try Geometry.polygon(block).intersection(.polygon(PlanarGeometry.rectangle(half))))
            } catch {
                throw .geometry(layer: "parcels", id: "block", reason: "split: \(error)")
            }
            for part in parts { try split(part, random: &random, into: &pieces) }
        }
    }

    /// The polygons of an overlay result (lines and points from degenerate touches dropped).
    static func polygons(of geometry: Geometry) -> [Polygon] {
        switch geometry {
        case .polygon(let p): [p]
        case .multiPolygon(let m): m.polygons
        case .geometryCollection(let c): c.geometries.flatMap(polygons)
        default: []
        }
    }
}
