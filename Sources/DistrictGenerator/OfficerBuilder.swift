import CityModel
import GeoCore

/// The enforcement teams' rosters (花名册): one team (中队) per sub-district, stationed on a street
/// near the middle of it, with officers on foot, by bike and by car, most of them on duty.
struct OfficerBuilder {
    let plan: DistrictPlan
    /// Officers per team, in this order of modes: four on foot, one by bike, one by car.
    static let modes: [OfficerMode] = [.foot, .foot, .foot, .foot, .bike, .car]

    func build(ways: [StreetWay], names: inout NameMaker) -> [Officer] {
        // A station on a through street: a service lane or footway near the middle may be an island
        // of the network, from which no officer would reach anything.
        let through: Set<String> = ["trunk", "primary", "secondary", "tertiary"]
        let vertices = ways.filter { !$0.bridge && !$0.tunnel && through.contains($0.highway) }.flatMap(\.line.points)
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

    private func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
