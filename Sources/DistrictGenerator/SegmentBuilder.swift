import CityModel
import GeoCore

/// Road-chief segments (路长制): each named road's ways joined end to end into chains, each chain
/// cut into equal stretches of about `targetLength` metres; one chief answers for a few
/// consecutive segments.
struct SegmentBuilder {
    var districtCode: Int
    var targetLength: Double
    var segmentsPerChief: ClosedRange<Int>

    func build(ways: [StreetWay], random: inout SplitMix64, names: inout NameMaker) -> (segments: [RoadSegment], chiefs: [RoadChief]) {
        var byName: [String: [StreetWay]] = [:]
        for way in ways where way.name != StreetWay.unnamed { byName[way.name, default: []].append(way) }
        var segments: [RoadSegment] = []
        for name in byName.keys.sorted() {
            let group = byName[name]!.sorted { $0.id < $1.id }
            for (chain, highway) in chains(group) {
                let length = chain.length
                guard length > 1 else { continue }
                let count = max(1, Int((length / targetLength).rounded()))
                for k in 0..<count {
                    let part = PlanarGeometry.substring(chain, from: length * Double(k) / Double(count),
                                                        to: length * Double(k + 1) / Double(count))
                    segments.append(RoadSegment(id: "SEG-\(districtCode)-\(pad(segments.count + 1, 5))", roadName: name,
                                                roadClass: RoadClass(osmHighway: highway), centreline: part))
                }
            }
        }
        var chiefs: [RoadChief] = []
        var i = 0
        while i < segments.count {
            let chief = RoadChief(id: "RC-\(districtCode)-\(pad(chiefs.count + 1, 4))", name: names.personName(),
                                  unit: names.random.element(of: NameBank.chiefUnits), phone: names.phone())
            chiefs.append(chief)
            let n = random.int(in: segmentsPerChief)
            for j in i..<min(segments.count, i + n) { segments[j].chiefID = chief.id }
            i += n
        }
        return (segments, chiefs)
    }

    /// Joins ways that share an end point (OSM ways of one road share nodes) into longer lines,
    /// greedily from the first unused way, extending forward then backward.
    private func chains(_ ways: [StreetWay]) -> [(LineString, String)] {
        struct Key: Hashable { var x: Double; var y: Double }
        func key(_ p: Point) -> Key { Key(x: p.x, y: p.y) }
        var starts: [Key: [Int]] = [:], ends: [Key: [Int]] = [:]
        for (i, w) in ways.enumerated() {
            starts[key(w.line.points.first!), default: []].append(i)
            ends[key(w.line.points.last!), default: []].append(i)
        }
        var used = [Bool](repeating: false, count: ways.count)
        var result: [(LineString, String)] = []
        for i in ways.indices where !used[i] {
            used[i] = true
            var points = ways[i].line.points
            while let j = starts[key(points.last!)]?.first(where: { !used[$0] }) {
                used[j] = true
                points += ways[j].line.points.dropFirst()
            }
            while let j = ends[key(points.first!)]?.first(where: { !used[$0] }) {
                used[j] = true
                points = ways[j].line.points.dropLast() + points
            }
            result.append((LineString(points), ways[i].highway))
        }
        return result
    }
}
