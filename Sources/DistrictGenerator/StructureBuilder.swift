import CityModel
import Foundation
import GeoCore
import SpatialIndex

/// Illegal structures (违法搭建): small rectangles of 6–10 m² (mean 8, as Hongkou's 13,300 m² over
/// 1,671 households), lined up with a side of their residential parcel and wholly inside it.
struct StructureBuilder {
    var plan: DistrictPlan
    var count: Int
    var asOf: Int

    func build(parcels: [Parcel], ways: WayLookup, officers: [String], random: inout SplitMix64,
               names: inout NameMaker) throws(DistrictGeneratorError) -> [IllegalStructure] {
        let homes = parcels.filter { $0.landUse == .residential && $0.areaSquareMeters > 200 }
        guard !homes.isEmpty || count == 0 else {
            throw .infeasible(layer: "structures", reason: "no residential parcel in \(plan.name)")
        }
        var result: [IllegalStructure] = []
        result.reserveCapacity(count)
        var attempts = 0
        while result.count < count {
            attempts += 1
            guard attempts < count * 50 + 1000 else {
                throw .infeasible(layer: "structures", reason: "placed \(result.count) of \(count) structures")
            }
            let parcel = random.element(of: homes)
            let ring = parcel.polygon.exterior.points
            let e = Envelope(covering: ring)
            let centre = Point(x: random.uniform(e.minX, e.maxX), y: random.uniform(e.minY, e.maxY))
            let edge = random.int(in: 0...(ring.count - 2))
            let angle = atan2(ring[edge + 1].y - ring[edge].y, ring[edge + 1].x - ring[edge].x)
            let area = random.uniform(6, 10), aspect = random.uniform(1.2, 2.5)
            let width = (area * aspect).squareRoot(), depth = area / width
            let footprint = PlanarGeometry.rotatedRectangle(centre: centre, width: width, depth: depth, angle: angle)
            guard footprint.exterior.points.allSatisfy({
                parcel.polygon.locate($0) == .interior && parcel.polygon.distanceToBoundary($0) >= 0.5
            }) else { continue }
            let id = "WJ-\(plan.code)-\(pad(result.count + 1, 6))"
            let draw = random.unit()
            let status: StructureStatus = draw < 0.4 ? .identified : draw < 0.7 ? .notified
                : .demolished(ShanghaiTime.date(asOf - random.int(in: 1...300) * 86400))
            var structure = IllegalStructure(id: id, holder: names.personName(),
                                             address: "\(ways.nearestName(to: centre) ?? plan.name)\(random.int(in: 1...900))弄\(random.int(in: 1...60))号",
                                             footprint: footprint, status: status)
            var records = DossierHistory.structure(id: id, status: status, asOf: asOf, officers: officers, random: &random)
            if case .demolished(let day) = status, let k = records.lastIndex(where: { $0.kind == .demolition }) {
                // The demolition record is the day of the status, so dossier and status agree.
                records[k].date = max(records[k].date, day)
                structure = IllegalStructure(id: id, holder: structure.holder, address: structure.address, footprint: footprint,
                                             status: .demolished(records[k].date))
            }
            for r in records {
                do { try structure.append(r) } catch {
                    throw .geometry(layer: "structures", id: id, reason: "record out of order: \(error)")
                }
            }
            result.append(structure)
        }
        return result
    }
}

/// The nearest named way to a point, for addresses.
struct WayLookup {
    let ways: [StreetWay]
    private let tree: PackedRTree

    init(_ ways: [StreetWay]) throws(DistrictGeneratorError) {
        self.ways = ways
        let boxes = ways.map { w -> IndexBox in
            let e = Envelope(covering: w.line.points)
            return IndexBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
        }
        do { tree = try PackedRTree(boxes: boxes) } catch {
            throw .geometry(layer: "roads", id: "index", reason: "\(error)")
        }
    }

    func distance(_ way: StreetWay, _ p: Point) -> Double { way.line.distance(to: p) }

    /// The nearest way within `radius` metres, ties broken by id.
    func nearest(to p: Point, radius: Double = 300, named: Bool = true) -> StreetWay? {
        tree.within(x: p.x, y: p.y, distance: radius).map { ways[$0] }
            .filter { !named || $0.name != StreetWay.unnamed }
            .min { (distance($0, p), $0.id) < (distance($1, p), $1.id) }
    }

    func nearestName(to p: Point) -> String? { nearest(to: p)?.name }
}
