import CityModel
import GeoCore

/// Shops along the frontages of the busier roads (primary, secondary, tertiary): a candidate every
/// 15–25 m on each side of each way, set 2–5 m outside that way's red line; kept when it lies in a
/// parcel and in no red line (with a metre to spare from every edge) and is not within 8 m of a shop
/// already placed. With a target, exactly that many candidates are kept, chosen at random.
struct StorefrontBuilder {
    var plan: DistrictPlan
    var target: Int?
    /// Without a target: the share of frontage places that hold a shop (the rest are doors,
    /// gates and blank walls).
    var occupancy: Double
    var unlicensedShare = 0.40
    var expiredShare = 0.08
    var recordsMean: Double
    var recordsSpread: Double
    var asOf: Int

    func build(ways: [StreetWay], redLines: PolygonLookup, parcels: PolygonLookup, officers: [String],
               random: inout SplitMix64, names: inout NameMaker) throws(DistrictGeneratorError) -> [Storefront] {
        struct Candidate { var point: Point; var road: String; var side: Int }
        var candidates: [Candidate] = []
        var occupied: [Int64: [Point]] = [:]
        func cellKey(_ p: Point) -> Int64 { Int64((p.x / 8).rounded(.down)) &* 1_000_003 &+ Int64((p.y / 8).rounded(.down)) }
        func crowded(_ p: Point) -> Bool {
            let cx = Int64((p.x / 8).rounded(.down)), cy = Int64((p.y / 8).rounded(.down))
            for dx in -1...1 as ClosedRange<Int64> {
                for dy in -1...1 as ClosedRange<Int64> {
                    if occupied[(cx + dx) &* 1_000_003 &+ (cy + dy)]?.contains(where: { $0.distance(to: p) < 8 }) == true { return true }
                }
            }
            return false
        }
        for way in ways where way.isBusy {
            let halfWidth = RoadWidths.width(highway: way.highway) / 2
            var station = random.uniform(5, 15)
            let length = way.line.length
            while station < length {
                let along = PlanarGeometry.substring(way.line, from: max(0, station - 0.5), to: min(length, station + 0.5))
                if along.points.count >= 2, let a = along.points.first, let b = along.points.last, a != b {
                    let d = a.distance(to: b)
                    let normal = Point(x: -(b.y - a.y) / d, y: (b.x - a.x) / d)
                    let centre = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
                    for side in [1.0, -1.0] {
                        let offset = halfWidth + random.uniform(2, 5)
                        let p = Point(x: centre.x + side * normal.x * offset, y: centre.y + side * normal.y * offset)
                        guard plan.area.contains(p), isFrontage(p, redLines: redLines, parcels: parcels), !crowded(p) else { continue }
                        occupied[cellKey(p), default: []].append(p)
                        candidates.append(Candidate(point: p, road: way.name, side: side > 0 ? 1 : 0))
                    }
                }
                station += random.uniform(15, 25)
            }
        }
        var chosen = Array(candidates.indices)
        if let target {
            guard candidates.count >= target else {
                throw .infeasible(layer: "storefronts", reason: "\(candidates.count) frontage places for \(target) shops in \(plan.name)")
            }
            random.shuffle(&chosen)
            chosen = Array(chosen.prefix(target)).sorted()
        } else {
            chosen = chosen.filter { _ in random.chance(occupancy) }
        }
        // House numbers: odd on one side of a road, even on the other, rising along the road.
        var numbers: [String: [Int]] = [:]
        var shops: [Storefront] = []
        shops.reserveCapacity(chosen.count)
        for index in chosen {
            let c = candidates[index]
            var counters = numbers[c.road] ?? [1, 2]
            let number = counters[c.side]
            counters[c.side] += 2 * random.int(in: 1...3)
            numbers[c.road] = counters
            let trade = NameBank.trades[random.weightedIndex(NameBank.trades.map(\.weight))]
            let draw = random.unit()
            let status: LicenceStatus = draw < unlicensedShare ? .unlicensed : draw < unlicensedShare + expiredShare ? .expired : .licensed
            var flags: Set<StorefrontFlag> = []
            if random.chance(0.06) { flags.insert(.wallBreaking) }
            if random.chance(0.15) { flags.insert(.outsideTrading) }
            if random.chance(0.10) { flags.insert(.illegalSignboard) }
            if trade.trade == "餐饮", random.chance(0.2) { flags.insert(.nuisance) }
            if random.chance(0.7) { flags.insert(.doorstepPledgeSigned) }
            let id = "SF-\(plan.code)-\(pad(shops.count + 1, 6))"
            var shop = Storefront(id: id, name: names.shopName(sign: trade.sign), address: "\(c.road)\(number)号",
                                  licenceNumber: status == .unlicensed ? nil : names.licenceNumber(district: plan.code),
                                  licenceStatus: status, trade: trade.trade, point: c.point, flags: flags)
            for record in DossierHistory.storefront(id: id, status: status, flags: flags, count: random.count(mean: recordsMean, spread: recordsSpread),
                                                    asOf: asOf, officers: officers, random: &random) {
                do { try shop.append(record) } catch {
                    throw .geometry(layer: "storefronts", id: id, reason: "record out of order: \(error)")
                }
            }
            shops.append(shop)
        }
        return shops
    }

    /// In a parcel and in no red line, at least a metre from each of their edges (so that ray
    /// casting here and GEOS in the tests cannot disagree on a point that sits on an edge).
    private func isFrontage(_ p: Point, redLines: PolygonLookup, parcels: PolygonLookup) -> Bool {
        for i in redLines.near(p, distance: 1) {
            let polygon = redLines.polygons[i]
            if polygon.locate(p) == .interior || polygon.distanceToBoundary(p) < 1 { return false }
        }
        let holders = parcels.containing(p)
        guard let parcel = holders.first else { return false }
        return parcels.polygons[parcel].distanceToBoundary(p) >= 1
    }
}
