/// A closed ring: first point equals last. Orientation is not fixed here; codecs that care
/// (shapefile: clockwise outer rings; RFC 7946: counter-clockwise exteriors) orient on write.
public struct LinearRing: Hashable, Sendable {
    public var points: [Point]

    public init(_ points: [Point]) {
        self.points = points
    }

    public var isClosed: Bool { points.count > 1 && points.first! == points.last! }

    /// Shoelace signed area: positive for counter-clockwise rings (x to the right, y up).
    /// Coordinates are taken relative to the first vertex: projected CRSs put Shanghai at northings
    /// near 3.4e6 m, where the plain formula loses about six digits to cancellation.
    public var signedArea: Double {
        guard points.count > 2 else { return 0 }
        let ox = points[0].x, oy = points[0].y
        var sum = 0.0
        var previous = points[points.count - 1]
        for p in points {
            sum += ((previous.x - ox) - (p.x - ox)) * ((previous.y - oy) + (p.y - oy))
            previous = p
        }
        return sum / 2
    }

    public var isCounterClockwise: Bool { signedArea > 0 }

    public func reversed() -> LinearRing { LinearRing(points.reversed()) }

    /// The same ring turned counter-clockwise (or clockwise when `false`).
    public func oriented(counterClockwise: Bool) -> LinearRing {
        isCounterClockwise == counterClockwise || signedArea == 0 ? self : reversed()
    }
}

/// A polygon: one exterior ring and any number of holes (OGC Simple Features `Polygon`).
public struct Polygon: Hashable, Sendable {
    public var exterior: LinearRing
    public var holes: [LinearRing]

    public init(exterior: LinearRing, holes: [LinearRing] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    public var rings: [LinearRing] { [exterior] + holes }

    /// Planar area in CRS units squared (exterior minus holes), independent of ring orientation.
    public var area: Double {
        abs(exterior.signedArea) - holes.reduce(0) { $0 + abs($1.signedArea) }
    }
}

extension Polygon {
    /// The rectangle of an envelope, counter-clockwise from its lower-left corner: a bbox given as
    /// a filter's geometry (CQL2's BBOX, a Filter Encoding gml:Envelope, a stream's bbox).
    public init(rectangle e: Envelope) {
        let corners = [Point(x: e.minX, y: e.minY), Point(x: e.maxX, y: e.minY), Point(x: e.maxX, y: e.maxY), Point(x: e.minX, y: e.maxY)]
        self.init(exterior: LinearRing(corners + [corners[0]]))
    }
}
