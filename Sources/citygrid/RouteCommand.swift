import ArgumentParser
import CityQuery
import Foundation
import GeoCore
import Patrol

/// `citygrid route`: a patrol route along real streets through the open cases of a cell, a
/// segment, a chief's patch or a window; a table, GeoJSON, or GPX for the officers' phones.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Plan a patrol through today's open cases of a grid cell, segment, chief or window.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Start as lon,lat.") var from: String
    @Option(help: "End as lon,lat (default: finish at the last stop).") var to: String?
    @Option(help: "The open cases of this grid cell.") var grid: String?
    @Option(help: "The open cases along this road-chief segment.") var segment: String?
    @Option(help: "The open cases along this chief's segments.") var chief: String?
    @Option(help: "The open cases in minLon,minLat,maxLon,maxLat.") var bbox: String?
    @Option(help: "Only these case types, comma-separated.") var type: String?
    @Option(help: "foot, bike or car.") var mode = "foot"
    @Option(help: "Time budget in minutes; overdue cases are kept first.") var budget: Double?
    @Option(help: "Minutes spent at each stop.") var serviceMinutes: Double = 0
    @Flag(help: "Print the route as GeoJSON.") var geojson = false
    @Option(help: "Also write a GPX file for phones.") var gpx: String?

    func validate() throws {
        guard [grid, segment, chief, bbox].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --grid, --segment, --chief or --bbox")
        }
        guard TravelMode(rawValue: mode) != nil else { throw ValidationError("--mode must be foot, bike or car") }
    }

    static func lonLat(_ text: String, option: String) throws -> Point {
        let n = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 2 else { throw ValidationError("\(option) must be lon,lat, not '\(text)'") }
        return Point(x: n[0], y: n[1])
    }

    func run() throws {
        let queries = try store.queries()
        let source: StopSource
        if let grid { source = .grid(code: grid) }
        else if let segment { source = .segment(id: segment) }
        else if let chief { source = .chief(id: chief) }
        else { source = .window(try ImportConsole.envelope(bbox!, option: "--bbox"), crs: .wgs84) }
        let route = try queries.planRoute(RouteRequest(
            start: try Self.lonLat(from, option: "--from"), end: try to.map { try Self.lonLat($0, option: "--to") },
            stops: source, types: type.map { Set($0.split(separator: ",").map(String.init)) }, mode: TravelMode(rawValue: mode)!,
            timeBudgetMinutes: budget, serviceMinutesPerStop: serviceMinutes))
        let plan = route.plan
        if let gpx {
            let text = GPX.document(for: plan, name: "CityGrid patrol", lonLat: { (try? queries.bridge.toLonLat($0)) ?? $0 })
            try text.write(toFile: gpx, atomically: true, encoding: .utf8)
        }
        if geojson {
            let path = try plan.path.points.map { try queries.bridge.toLonLat($0) }
            let coordinates = path.map { "[\($0.x),\($0.y)]" }.joined(separator: ",")
            let order = plan.order.map { "\"\($0)\"" }.joined(separator: ",")
            print(#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[\#(coordinates)]},"properties":{"order":[\#(order)],"meters":\#(plan.meters.rounded()),"travelMinutes":\#((plan.travelSeconds / 6).rounded() / 10)}}"#)
            return
        }
        let overdue = Dictionary(route.stops.map { ($0.stop.id, $0.overdue) }, uniquingKeysWith: { a, _ in a })
        Output.table(["#", "stop", "overdue", "leg m", "leg min"], plan.legs.enumerated().map { k, leg in
            ["\(k + 1)", leg.to, overdue[leg.to] == true ? "超期" : "", String(format: "%.0f", leg.meters), String(format: "%.1f", leg.seconds / 60)]
        })
        print(String(format: "%d stops, %.1f km, %.0f min travel + %.0f min at stops", plan.order.count, plan.meters / 1000,
                     plan.travelSeconds / 60, plan.serviceSeconds / 60))
        for (id, why) in plan.leftOut.sorted(by: { $0.key < $1.key }) { print("left out \(id): \(why)") }
    }
}
