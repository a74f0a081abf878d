/// An axis-aligned bounding rectangle. The empty envelope has min > max, so that union with
/// anything gives that thing and it intersects nothing.
public struct Envelope: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    @inlinable
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public static let empty = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    /// The zero-size envelope of one point.
    @inlinable
    public init(point: Point) {
        self.init(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)
    }

    public init<S: Sequence>(covering points: S) where S.Element == Point {
        var e = Envelope.empty
        for p in points { e.expand(toInclude: p) }
        self = e
    }

    @inlinable public var isEmpty: Bool { minX > maxX || minY > maxY }
    @inlinable public var width: Double { isEmpty ? 0 : maxX - minX }
    @inlinable public var height: Double { isEmpty ? 0 : maxY - minY }
    @inlinable public var area: Double { width * height }
    public var center: Point { Point(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }
    public var isFinite: Bool { minX.isFinite && minY.isFinite && maxX.isFinite && maxY.isFinite }

    @inlinable
    public mutating func expand(toInclude p: Point) {
        minX = Swift.min(minX, p.x); minY = Swift.min(minY, p.y)
        maxX = Swift.max(maxX, p.x); maxY = Swift.max(maxY, p.y)
    }

    public func union(_ other: Envelope) -> Envelope {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return Envelope(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                        maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    /// The common part, or `.empty` when they do not meet (touching edges meet).
    public func intersection(_ other: Envelope) -> Envelope {
        let e = Envelope(minX: Swift.max(minX, other.minX), minY: Swift.max(minY, other.minY),
                         maxX: Swift.min(maxX, other.maxX), maxY: Swift.min(maxY, other.maxY))
        return e.isEmpty ? .empty : e
    }

    /// Grown by `distance` on every side (a search window around a point or a buffer's bounds).
    public func expanded(by distance: Double) -> Envelope {
        isEmpty ? self : Envelope(minX: minX - distance, minY: minY - distance,
                                  maxX: maxX + distance, maxY: maxY + distance)
    }

    /// Closed intersection: envelopes that only touch do intersect.
    @inlinable
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    @inlinable
    public func contains(_ p: Point) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    public func contains(_ other: Envelope) -> Bool {
        !other.isEmpty && other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
    }

    /// Shortest planar distance between the two rectangles; 0 when they intersect.
    public func distance(to other: Envelope) -> Double {
        let dx = Swift.max(0, Swift.max(minX - other.maxX, other.minX - maxX))
        let dy = Swift.max(0, Swift.max(minY - other.maxY, other.minY - maxY))
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Shortest planar distance from a point; 0 inside or on the boundary.
    @inlinable
    public func distance(to p: Point) -> Double {
        let dx = Swift.max(0, Swift.max(minX - p.x, p.x - maxX))
        let dy = Swift.max(0, Swift.max(minY - p.y, p.y - maxY))
        return (dx * dx + dy * dy).squareRoot()
    }
}
