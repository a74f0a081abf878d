import CityModel
import CityStore
import GeoIO

/// Every failure of an import, load or export, each case saying where: the file, the 1-based
/// record (shapefile record, GeoJSON feature, CSV line), the field, the case and history row.
public enum CityImportError: Error, CustomStringConvertible, Sendable {
    /// The file could not be read (GeoIO's typed error, with its own path and record).
    case read(GeoIOError)
    /// A required field has no column: `columns` are the columns the file has.
    case missingField(path: String, layer: Layer, field: String, columns: [String])
    /// `--map FIELD=column` names a field the layer does not have or a column the file lacks.
    case badMapping(parameter: String, reason: String)
    /// A value that cannot become the field's type, or an entity that fails `validate()`.
    case badRecord(path: String, record: Int, field: String, reason: String)
    /// Geometries GEOS finds invalid (refused without `--repair`): record numbers and GEOS's reasons.
    case invalidGeometries(path: String, records: [InvalidGeometry])
    /// Neither the file nor `--crs` says what the coordinates are.
    case missingCRS(path: String, hint: String)
    /// A CRS that PROJ cannot build or a transformation that fails.
    case crs(parameter: String, reason: String)
    /// Two records with one id in one layer.
    case duplicateID(path: String, record: Int, layer: Layer, id: String, firstRecord: Int)
    /// A side-table row (dossier record, case history) that cannot be applied.
    case badSideTableRow(path: String, line: Int, entity: String, reason: String)
    /// The store refused the batch (nothing of it was committed).
    case store(reason: String)
    /// Grid cells that overlap (records and codes of each pair, shared area).
    case overlappingCells(path: String, overlaps: [GridOverlap])
    case badArgument(parameter: String, reason: String)

    public var description: String {
        switch self {
        case .read(let e): e.description
        case .missingField(let path, let layer, let field, let columns):
            "\(path): layer \(layer.rawValue) needs field \(field) but no column maps to it; columns present: "
                + (columns.isEmpty ? "(none)" : columns.joined(separator: ", ")) + " (map one with --map \(field)=COLUMN)"
        case .badMapping(let parameter, let reason): "--map \(parameter): \(reason)"
        case .badRecord(let path, let record, let field, let reason): "\(path): record \(record), field \(field): \(reason)"
        case .invalidGeometries(let path, let records):
            "\(path): \(records.count) invalid geometr\(records.count == 1 ? "y" : "ies") (use --repair to fix them with GEOS makeValid): "
                + records.prefix(20).map { "record \($0.record): \($0.reason)" }.joined(separator: "; ")
                + (records.count > 20 ? "; …" : "")
        case .missingCRS(let path, let hint): "\(path): no coordinate system: \(hint)"
        case .crs(let parameter, let reason): "CRS \(parameter): \(reason)"
        case .duplicateID(let path, let record, let layer, let id, let first):
            "\(path): record \(record): \(layer.rawValue) id \(id) already used by record \(first)"
        case .badSideTableRow(let path, let line, let entity, let reason): "\(path): line \(line) (\(entity)): \(reason)"
        case .store(let reason): "store: \(reason); nothing was committed"
        case .overlappingCells(let path, let overlaps):
            "\(path): \(overlaps.count) pair(s) of grid cells overlap, so a point there would have two cells: "
                + overlaps.prefix(10).map { "records \($0.records[0]) and \($0.records[1]) (\($0.codes[0]), \($0.codes[1])) share \(String(format: "%.1f", $0.areaSquareMeters)) m²" }
                .joined(separator: "; ") + (overlaps.count > 10 ? "; …" : "") + "; nothing was loaded"
        case .badArgument(let parameter, let reason): "\(parameter): \(reason)"
        }
    }
}

/// A record whose geometry GEOS finds invalid, with GEOS's reason (e.g. "Self-intersection[3 4]").
public struct InvalidGeometry: Hashable, Sendable {
    public var record: Int
    public var reason: String

    public init(record: Int, reason: String) {
        self.record = record
        self.reason = reason
    }
}
