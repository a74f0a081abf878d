/// An ordered run of two or more points (OGC Simple Features `LineString`).
public struct LineString: Hashable, Sendable {
    public var points: [Point]

    public init(_ points: [Point]) {
        self.points = points
    }

    public var isClosed: Bool { points.count > 1 && points.first! == points.last! }

    /// Planar length in CRS units.
    public var length: Double {
        guard points.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<points.count { total += points[i - 1].distance(to: points[i]) }
        return total
    }
}
