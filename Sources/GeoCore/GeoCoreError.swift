/// Every failure GeoCore reports. Each case says what went wrong and where: a character offset into
/// WKT text, a byte offset into WKB or JSON bytes, or a JSON path into a GeoJSON document.
public enum GeoCoreError: Error, CustomStringConvertible, Hashable, Sendable {
    /// Malformed WKT or EWKT; `offset` counts UTF-8 bytes from the start of the text (equal to the
    /// character offset for the ASCII text WKT is made of).
    case wkt(message: String, offset: Int)
    /// Malformed or truncated WKB or EWKB; `byteOffset` is where the bad field starts.
    case wkb(message: String, byteOffset: Int)
    /// Malformed JSON text; `byteOffset` counts UTF-8 bytes from the start of the buffer.
    case json(message: String, byteOffset: Int)
    /// Valid JSON that is not valid GeoJSON; `path` is like `features[3].geometry.coordinates[0][2]`.
    case geoJSON(message: String, path: String)
    /// A NaN or infinite ordinate: they never reach an index or a store. `value` is the text read
    /// (or the decoded value's description), `location` says where it was.
    case nonFiniteCoordinate(value: String, location: Location)

    /// Where a non-finite coordinate was found.
    public enum Location: Hashable, Sendable, CustomStringConvertible {
        case wktOffset(Int)
        case wkbByteOffset(Int)
        case geoJSONPath(String)

        public var description: String {
            switch self {
            case .wktOffset(let o): "WKT offset \(o)"
            case .wkbByteOffset(let o): "WKB byte offset \(o)"
            case .geoJSONPath(let p): "GeoJSON path \(p.isEmpty ? "(root)" : p)"
            }
        }
    }

    public var description: String {
        switch self {
        case .wkt(let message, let offset): "WKT error at offset \(offset): \(message)"
        case .wkb(let message, let byteOffset): "WKB error at byte offset \(byteOffset): \(message)"
        case .json(let message, let byteOffset): "JSON error at byte offset \(byteOffset): \(message)"
        case .geoJSON(let message, let path): "GeoJSON error at \(path.isEmpty ? "(root)" : path): \(message)"
        case .nonFiniteCoordinate(let value, let location): "non-finite coordinate \(value) at \(location)"
        }
    }
}
