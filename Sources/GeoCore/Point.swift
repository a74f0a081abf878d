/// A position in some coordinate reference system: x is easting or longitude, y is northing or
/// latitude (CityGrid normalises axis order at the edges, so x always comes first).
/// `z` is kept when a source has it (shapefile PointZ, GeoJSON's third ordinate) and dropped by
/// operations that are planar by definition.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double?

    @inlinable
    public init(x: Double, y: Double, z: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// True when both planar ordinates are finite: NaN and infinity never reach an index or a store.
    @inlinable
    public var isFinite: Bool { x.isFinite && y.isFinite }

    /// Planar (Euclidean) distance, meaningful in a projected, metric CRS.
    @inlinable
    public func distance(to other: Point) -> Double {
        let dx = x - other.x, dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }
}
