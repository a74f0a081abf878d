import CityModel
import CityStore
import Foundation
import GeoCore
import Patrol
import Synchronization

/// The road graph the patrol planner runs on, built from the roads layer once and rebuilt only
/// when the layer changes (a re-import): noding thousands of ways per request would cost more
/// than the route itself.
final class RoadNetworkCache: Sendable {
    private let cached = Mutex<(signature: [Int], planner: PatrolPlanner)?>(nil)

    func planner(for view: CityView) throws -> PatrolPlanner {
        let roads = view[.roads]
        // The layer's size and zone versions change with every import or edit of the roads.
        let signature = [roads.count] + Set(roads.features.values.map(\.zoneVersion)).sorted()
        if let hit = cached.withLock({ $0 }), hit.signature == signature { return hit.planner }
        let lines = try roads.features.values.sorted { $0.id < $1.id }.flatMap(Self.roadLines)
        guard !lines.isEmpty else { throw CityQueryError.notFound(layer: "roads", id: "(the roads layer is empty)") }
        let planner = PatrolPlanner(graph: try RoadGraph(lines: lines))
        cached.withLock { $0 = (signature, planner) }
        return planner
    }

    /// A stored road as the router's lines: its OSM class (ramps keep their `_link` speeds), its
    /// one-way direction, and whether it is a bridge or tunnel on which layer, so that the noder
    /// joins it to the streets it crosses only where it really meets them.
    static func roadLines(_ f: StoredFeature) throws -> [RoadLine] {
        let road = try f.decode(Road.self)
        let oneway: Oneway = switch road.oneway {
        case .no: .no
        case .forward: .yes
        case .backward: .reverse
        }
        let parts = road.centreline.lineStrings
        return parts.enumerated().map { i, line in
            RoadLine(id: parts.count == 1 ? road.id : "\(road.id)#\(i)", geometry: line, name: road.name,
                     roadClass: road.osmHighway, oneway: oneway, bridge: road.bridge, tunnel: road.tunnel, layer: road.layer)
        }
    }
}
