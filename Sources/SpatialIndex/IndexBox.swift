/// An axis-aligned envelope in a metric (projected) CRS, the unit SpatialIndex stores per item.
///
/// SpatialIndex keeps its own envelope type so it depends on nothing (not even GeoCore); callers
/// convert at the boundary. A point is a zero-size box. Intersection is closed: touching counts.
public struct IndexBox: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The zero-size box of a point.
    public init(x: Double, y: Double) {
        self.init(minX: x, minY: y, maxX: x, maxY: y)
    }

    /// The closed box around a point: every item within `radius` of it has an envelope meeting this box.
    public init(centerX x: Double, centerY y: Double, radius: Double) {
        self.init(minX: x - radius, minY: y - radius, maxX: x + radius, maxY: y + radius)
    }

    /// Closed intersection: boxes that only touch at an edge or corner intersect.
    @inlinable
    public func intersects(_ other: IndexBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// Whether `other` lies entirely inside this box (boundary included).
    @inlinable
    public func contains(_ other: IndexBox) -> Bool {
        minX <= other.minX && other.maxX <= maxX && minY <= other.minY && other.maxY <= maxY
    }

    /// Squared Euclidean distance from a point to the box (0 inside): the lower bound kNN prunes with.
    @inlinable
    public func squaredDistance(x: Double, y: Double) -> Double {
        let dx = Swift.max(Swift.max(minX - x, x - maxX), 0)
        let dy = Swift.max(Swift.max(minY - y, y - maxY), 0)
        return dx * dx + dy * dy
    }

    /// Euclidean distance from a point to the box (0 inside).
    @inlinable
    public func distance(x: Double, y: Double) -> Double {
        squaredDistance(x: x, y: y).squareRoot()
    }

    /// The smallest box covering both.
    @inlinable
    public func union(_ other: IndexBox) -> IndexBox {
        IndexBox(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                 maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }
}
