import GeoCore

/// One shapefile record: its 1-based number in the file (the .shx/.dbf row, deleted rows
/// included, so numbers may skip), its geometry (nil for a Null shape or an attributes-only set)
/// and its attribute values in `ShapefileReader.fields` order.
public struct ShapefileRecord: Hashable, Sendable {
    public var recordNumber: Int
    public var geometry: Geometry?
    public var attributes: [DBFValue]

    public init(recordNumber: Int, geometry: Geometry?, attributes: [DBFValue]) {
        self.recordNumber = recordNumber
        self.geometry = geometry
        self.attributes = attributes
    }
}

public struct ShapefileReadOptions: Sendable {
    /// Used when neither a .cpg nor the .dbf language-driver byte names an encoding.
    public var encoding: TextEncoding?
    /// Invalid text becomes an error instead of a warning.
    public var strict: Bool

    public init(encoding: TextEncoding? = nil, strict: Bool = false) {
        self.encoding = encoding
        self.strict = strict
    }
}
