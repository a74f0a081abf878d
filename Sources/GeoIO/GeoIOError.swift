/// Everything that can go wrong reading or writing a file, each case saying where: the file path,
/// the 1-based record (shapefile record number, feature index, CSV line) and the field or column.
public enum GeoIOError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// A header that is not what the format says it must be (wrong file code, length, field list).
    case badHeader(path: String, reason: String)
    /// A record that runs past the end of the file.
    case truncated(path: String, record: Int, reason: String)
    /// A record whose content does not match its declared content length or its own counts.
    case badRecord(path: String, record: Int, reason: String)
    case unsupportedShapeType(path: String, record: Int, code: Int, name: String)
    case recordCountMismatch(shpPath: String, shpCount: Int, dbfPath: String, dbfCount: Int)
    /// Text that is not valid in the encoding in use (strict mode only; otherwise a warning).
    case invalidText(path: String, record: Int, field: String, encoding: String)
    case unknownEncoding(name: String)
    case badValue(path: String, record: Int, field: String, reason: String)
    /// JSON that is not GeoJSON: `path` is the file, `feature` the 0-based feature index,
    /// `jsonPath` where in that feature (`$.geometry.coordinates[2]`).
    case badGeoJSON(path: String, feature: Int, jsonPath: String, reason: String)
    /// CSV problems: `line` is the 1-based physical line, `column` the header name or number.
    case badCSV(path: String, line: Int, column: String, reason: String)
    case badArgument(parameter: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): file not found"
        case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .badHeader(let path, let reason): "\(path): bad header: \(reason)"
        case .truncated(let path, let record, let reason): "\(path): record \(record) truncated: \(reason)"
        case .badRecord(let path, let record, let reason): "\(path): record \(record): \(reason)"
        case .unsupportedShapeType(let path, let record, let code, let name):
            "\(path): record \(record): shape type \(name) (\(code)) is not supported"
        case .recordCountMismatch(let shp, let shpCount, let dbf, let dbfCount):
            "\(shp) has \(shpCount) records but \(dbf) has \(dbfCount)"
        case .invalidText(let path, let record, let field, let encoding):
            "\(path): record \(record), field \(field): bytes are not valid \(encoding)"
        case .unknownEncoding(let name): "unknown text encoding '\(name)'"
        case .badValue(let path, let record, let field, let reason): "\(path): record \(record), field \(field): \(reason)"
        case .badGeoJSON(let path, let feature, let jsonPath, let reason):
            "\(path): feature \(feature) at \(jsonPath): \(reason)"
        case .badCSV(let path, let line, let column, let reason): "\(path): line \(line), column \(column): \(reason)"
        case .badArgument(let parameter, let reason): "parameter \(parameter): \(reason)"
        }
    }
}

/// Something read or written differently from what a naive reader would expect, said out loud
/// so that nothing is changed silently (an encoding guessed, a name shortened, a .shx rebuilt).
public struct GeoIOWarning: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based record number or line, when the warning concerns one.
    public var record: Int?
    public var field: String?
    public var message: String

    public init(path: String, record: Int? = nil, field: String? = nil, message: String) {
        self.path = path
        self.record = record
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = path
        if let record { s += ": record \(record)" }
        if let field { s += ", field \(field)" }
        return s + ": " + message
    }
}
