import Foundation
import GeoCore
import Patrol

let args = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let roadsPath = option("--roads") ?? "../shared/geodata/people-square-roads.geojson"
let graph = try RoadGraph(lines: StreetLoader.lines(from: URL(fileURLWithPath: roadsPath)))

switch args.dropFirst().first {
case "components":
    for (i, c) in graph.components().enumerated().prefix(30) {
        let names = Set(graph.edges.filter { c.nodes.contains($0.from) }.map { graph.lines[$0.line].name ?? "-" }).prefix(4)
        print(i, c.nodes.count, c.edgeCount, Int(c.lengthMeters), c.envelope, names.joined(separator: ","))
    }
default:
    print("usage: patrol-bench components|instances|speed [--roads FILE]")
}
