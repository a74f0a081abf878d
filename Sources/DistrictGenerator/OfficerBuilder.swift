import CityModel
import GeoCore

/// The enforcement teams' rosters (花名册): one team (中队) per sub-district, stationed on a through
/// street near the middle of it, with officers on foot, by bike and by car, most of them on duty.
struct OfficerBuilder {
    let plan: DistrictPlan
    /// Officers per team, in this order of modes: four on foot, one by bike, one by car.
    static let modes: [OfficerMode] = [.foot, .foot, .foot, .foot, .bike, .car]
    static let throughStreets: Set<String> = ["trunk", "primary", "secondary", "tertiary"]

    func build(ways: [StreetWay], names: inout NameMaker) -> [Officer] {
        let vertices = Self.mainNetwork(ways).filter { !$0.bridge && !$0.tunnel && Self.throughStreets.contains($0.highway) }
            .flatMap(\.line.points)
        var officers: [Officer] = []
        for sd in plan.subDistricts {
            let centre = Point(x: (sd.region.minX + sd.region.maxX) / 2, y: (sd.region.minY + sd.region.maxY) / 2)
            let inside = vertices.filter { $0.x >= sd.region.minX && $0.x < sd.region.maxX && $0.y >= sd.region.minY && $0.y < sd.region.maxY }
            guard let station = inside.min(by: { $0.distance(to: centre) < $1.distance(to: centre) }) else { continue }
            let team = sd.name + "中队"
            for (k, mode) in Self.modes.enumerated() {
                let id = "ZF\(plan.code)\(pad(sd.code, 3))\(pad(k + 1, 2))"
                officers.append(Officer(id: id, name: names.personName(), team: team, mode: mode, onDuty: k != 3,
                                        phone: names.phone(), base: station))
            }
        }
        return officers
    }

    /// The ways of the largest group joined by shared vertices: a street network clipped to a
    /// district's box falls apart into pieces at its edges, and a station on a piece would reach
    /// nothing.
    static func mainNetwork(_ ways: [StreetWay]) -> [StreetWay] {
        var parent = Array(ways.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var firstWayAt: [Point: Int] = [:]
        for (i, w) in ways.enumerated() {
            for p in w.line.points {
                let key = Point(x: p.x, y: p.y)
                if let j = firstWayAt[key] { parent[root(i)] = root(j) } else { firstWayAt[key] = i }
            }
        }
        var length: [Int: Double] = [:]
        for (i, w) in ways.enumerated() { length[root(i), default: 0] += w.line.length }
        guard let main = length.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { return [] }
        return ways.indices.filter { root($0) == main }.map { ways[$0] }
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
