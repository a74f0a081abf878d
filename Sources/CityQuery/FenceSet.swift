import CityModel
import CityStore
import Foundation
import GeoCore
import SpatialIndex
import Synchronization

/// The fences officers enter and leave: every live subscription's place (`Subscription.fence`)
/// cut into shapes (a cell's polygon, a segment's corridor, a drawn box, circle or polygon), with
/// an R-tree over their boxes, so that matching a fix costs one point search however many fences
/// there are (Tile38's geofences, here over the grid's and the chiefs' areas too).
public struct FenceSet: Sendable {
    enum Shape: Sendable {
        case polygon(Geometry)
        case corridor(Geometry, meters: Double)
        case window(Envelope)
        case circle(Point, meters: Double)

        var envelope: Envelope {
            switch self {
            case .polygon(let g): g.envelope
            case .corridor(let g, let m): g.envelope.expanded(by: m)
            case .window(let e): e
            case .circle(let c, let r): Envelope(minX: c.x - r, minY: c.y - r, maxX: c.x + r, maxY: c.y + r)
            }
        }

        func contains(_ p: Point) -> Bool {
            switch self {
            case .polygon(let g): g.covers(p)
            case .corridor(let g, let m): g.distance(to: p) <= m
            case .window(let e): e.contains(p)
            case .circle(let c, let r): c.distance(to: p) <= r
            }
        }
    }

    /// The subscriptions' ids, by fence number.
    public let fences: [String]
    let shapes: [Shape]
    /// Each shape's fence number.
    let owners: [Int]
    let index: PackedRTree

    public var count: Int { fences.count }

    /// Cuts each area into shapes as the view has them: cells and sub-districts by their cells'
    /// polygons, segments and chiefs' patches by a corridor of `corridorMeters` around each
    /// segment's centreline. An area naming nothing the view has (a cell since removed) is a fence
    /// no one can enter.
    public init(_ areas: [(id: String, area: EventArea)], in view: CityView, corridorMeters: Double) throws {
        var fences: [String] = [], shapes: [Shape] = [], owners: [Int] = []
        var cellsBySubDistrict: [String: [Geometry]]?
        var segmentsByChief: [String: [Geometry]]?
        for (id, area) in areas {
            let n = fences.count
            fences.append(id)
            var made: [Shape] = []
            switch area {
            case .cells(let codes):
                for code in codes {
                    let canonical = (try? GridCode(parsing: code).description) ?? code
                    if let g = view[.grids].feature(id: canonical)?.geometry { made.append(.polygon(g)) }
                }
            case .subDistrict(let name):
                if cellsBySubDistrict == nil { cellsBySubDistrict = Self.cellsBySubDistrict(in: view) }
                made += (cellsBySubDistrict?[name] ?? []).map { .polygon($0) }
            case .segments(let ids):
                for id in ids {
                    if let g = view[.segments].feature(id: id)?.geometry { made.append(.corridor(g, meters: corridorMeters)) }
                }
            case .chief(let chief):
                if segmentsByChief == nil { segmentsByChief = Self.segmentsByChief(in: view) }
                made += (segmentsByChief?[chief] ?? []).map { .corridor($0, meters: corridorMeters) }
            case .window(let e): made.append(.window(e))
            case .circle(let c, let r): made.append(.circle(c, meters: r))
            case .polygon(let p): made.append(.polygon(.polygon(p)))
            }
            shapes += made
            owners += Array(repeating: n, count: made.count)
        }
        self.fences = fences
        self.shapes = shapes
        self.owners = owners
        let boxes = shapes.map { s in
            let e = s.envelope
            return IndexBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
        }
        index = try PackedRTree(boxes: boxes, ids: Array(boxes.indices))
    }

    /// Buffers one matcher reuses from fix to fix, so that matching allocates nothing in the
    /// steady state; and the last point matched with what covers it, so that a track's next fix
    /// searches once, not twice.
    public struct Scratch: Sendable {
        var candidates: [Int] = []
        var before: [Int] = []
        var after: [Int] = []
        var last: Point?
        public init() {}
    }

    /// The fences (by number, ascending, each once) that cover `p`.
    func fences(covering p: Point, into found: inout [Int], candidates: inout [Int]) {
        found.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        index.search(IndexBox(x: p.x, y: p.y), into: &candidates)
        for shape in candidates where shapes[shape].contains(p) { found.append(owners[shape]) }
        guard found.count > 1 else { return }
        found.sort()
        // A sub-district's cells share edges: a fence counts once.
        var last = -1
        found.removeAll { n in defer { last = n }; return n == last }
    }

    public func fences(covering p: Point) -> [Int] {
        var found: [Int] = [], candidates: [Int] = []
        fences(covering: p, into: &found, candidates: &candidates)
        return found
    }

    /// The crossings of one move from `from` (nil: no earlier fix) to `to`: the fences entered and
    /// the fences left, by number, ascending.
    public func crossings(from: Point?, to: Point, scratch s: inout Scratch) -> (entered: [Int], left: [Int]) {
        if let from {
            if s.last == from { swap(&s.before, &s.after) } else { fences(covering: from, into: &s.before, candidates: &s.candidates) }
        } else {
            s.before.removeAll(keepingCapacity: true)
        }
        fences(covering: to, into: &s.after, candidates: &s.candidates)
        s.last = to
        guard s.before != s.after else { return ([], []) }
        // Both sorted: one merge walk.
        var entered: [Int] = [], left: [Int] = []
        var i = 0, j = 0
        while i < s.before.count || j < s.after.count {
            if j == s.after.count || (i < s.before.count && s.before[i] < s.after[j]) { left.append(s.before[i]); i += 1 }
            else if i == s.before.count || s.after[j] < s.before[i] { entered.append(s.after[j]); j += 1 }
            else { i += 1; j += 1 }
        }
        return (entered, left)
    }

    private static func cellsBySubDistrict(in view: CityView) -> [String: [Geometry]] {
        var out: [String: [Geometry]] = [:]
        for f in view[.grids].features.values {
            guard let g = f.geometry, let cell = try? f.decode(GridCell.self) else { continue }
            out[cell.subDistrictName, default: []].append(g)
            out["\(cell.code.district)-\(EventArea.pad(cell.code.subDistrict))", default: []].append(g)
        }
        return out
    }

    private static func segmentsByChief(in view: CityView) -> [String: [Geometry]] {
        var out: [String: [Geometry]] = [:]
        for f in view[.segments].features.values {
            guard let g = f.geometry, let s = try? f.decode(ChiefSegment.self), let chief = s.chief else { continue }
            out[chief.id, default: []].append(g)
        }
        return out
    }
}

/// The fence set a writer of fixes matches against, read from the subscriptions again when this
/// node made or ended one, or after `maxAge` on the process's own monotonic clock (another node or
/// the command line may have made one): a fix's time is the phone's, not a measure of staleness.
final class FenceCache: Sendable {
    static let maxAge: Duration = .seconds(2)
    private let state = Mutex<(set: FenceSet?, loadedAt: ContinuousClock.Instant)>((nil, .now))

    func invalidate() { state.withLock { $0.set = nil } }

    func current(load: () throws -> FenceSet) rethrows -> FenceSet {
        if let cached = state.withLock({ s in ContinuousClock.now - s.loadedAt < Self.maxAge ? s.set : nil }) { return cached }
        let set = try load()
        state.withLock { $0 = (set, .now) }
        return set
    }
}
