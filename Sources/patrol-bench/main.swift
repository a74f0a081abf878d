import Foundation
import GeoCore
import Patrol

let args = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let roadsPath = option("--roads") ?? "../shared/geodata/people-square-roads.geojson"
let roadLines = try StreetLoader.lines(at: roadsPath)
let (graph, buildMilliseconds) = try { () throws -> (RoadGraph, Double) in
    var built: RoadGraph?
    let ms = try Speed.milliseconds { built = try RoadGraph(lines: roadLines) }
    return (built!, ms)
}()

switch args.dropFirst().first {
case "components":
    for (i, c) in graph.components().enumerated().prefix(30) {
        let names = Set(graph.edges.filter { c.nodes.contains($0.from) }.map { graph.lines[$0.line].name ?? "-" }).prefix(4)
        print(i, c.nodes.count, c.edgeCount, Int(c.lengthMeters), c.envelope, names.joined(separator: ","))
    }
case "instances":
    let out = URL(fileURLWithPath: option("--out") ?? "/tmp/patrol-instances.jsonl")
    let per = Int(option("--per-size") ?? "50") ?? 50
    let seed = UInt64(option("--seed") ?? "20261129") ?? 20261129
    let modes = (option("--modes") ?? "foot,car").split(separator: ",").compactMap { TravelMode(rawValue: String($0)) }
    print("instances: seed \(seed), \(per) per size, modes \(modes.map(\.rawValue))")
    try Instances.write(graph: graph, to: out, sizes: [20, 50, 100, 200], perSize: per, modes: modes, seed: seed)
    print("wrote \(out.path)")
case "speed":
    let seed = UInt64(option("--seed") ?? "7") ?? 7
    print("speed: seed \(seed), graph \(graph.nodes.count) nodes, \(graph.edges.count) edges")
    try Speed.run(graph: graph, seed: seed, runs: Int(option("--runs") ?? "10") ?? 10)
    try SnapSpeed.run(lines: roadLines, graph: graph, seed: seed, runs: Int(option("--runs") ?? "10") ?? 10)
case "dispatch":
    // The k officers who reach a case soonest (issue 16); scripts/bench-dispatch runs it on Hongkou.
    var o = DispatchBench.Options()
    o.seed = UInt64(option("--seed") ?? "") ?? o.seed
    o.officers = Int(option("--officers") ?? "") ?? o.officers
    o.cases = Int(option("--cases") ?? "") ?? o.cases
    o.naiveCases = min(o.cases, Int(option("--naive-cases") ?? "") ?? o.naiveCases)
    o.k = Int(option("--k") ?? "") ?? o.k
    if let mix = option("--mix")?.split(separator: ",").compactMap({ Double($0) }), mix.count == 3 {
        let sum = mix.reduce(0, +)
        o.mix = (mix[0] / sum, mix[1] / sum, mix[2] / sum)
    }
    print("dispatch: roads \(roadsPath)")
    if try !DispatchBench.run(graph: graph, buildMilliseconds: buildMilliseconds, options: o) { exit(1) }
case "resolve":
    // Re-solves recorded instances and compares with the recorded lengths (solver tuning aid).
    let path = option("--in") ?? "/tmp/patrol-instances.jsonl"
    var changes: [String: [Double]] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
        let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let m = o["matrix"] as! [[Int]], n = m.count
        let cost = CostMatrix(count: n, values: m.flatMap { $0.map(Double.init) })
        let tour = TourSolver(seed: UInt64((o["index"] as! Int) + 1)).solve(cost, start: 0, end: 0, cities: Array(1..<n))
        let old = Double(o["length"] as! Int)
        changes["\(o["set"]!) \(n)", default: []].append((cost.cost(of: tour) - old) / old * 100)
    }
    for (k, v) in changes.sorted(by: { $0.key < $1.key }) {
        let s = v.sorted()
        print(k, "median change", String(format: "%.2f%%", s[s.count / 2]), "best", String(format: "%.2f%%", s[0]), "worst", String(format: "%.2f%%", s.last!))
    }
default:
    print("usage: patrol-bench components|instances|speed|resolve|dispatch [--roads FILE (.geojson OSM or .shp roads layer)]")
}
