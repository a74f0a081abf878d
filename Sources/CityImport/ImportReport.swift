import CityModel
import CityStore
import GeoCore

/// What reading a layer file found: the figures `citygrid import --check` prints, and the summary
/// of a real import.
public struct ImportReport: Sendable {
    public var path: String
    public var layer: Layer?
    /// Records read, deleted records excluded.
    public var features = 0
    public var nullGeometries = 0
    /// OGC type name → count, as found in the file (before reprojection or repair).
    public var geometryTypes: [String: Int] = [:]
    public var withZ = 0
    /// The coordinate system as given (file or `--crs`) and PROJ's name for it; nil when unknown.
    public var crs: String?
    public var crsName: String?
    public var encoding: String?
    /// The file's columns and their types (OGR type names: String, Integer, Real, Date, Boolean).
    public var fields: [(name: String, type: String)] = []
    /// SCHEMA field → column (nil: not present), for a layer import.
    public var mapping: [(field: String, column: String?)] = []
    public var extraColumns: [String] = []
    public var invalid: [InvalidGeometry] = []
    public var repaired: [InvalidGeometry] = []
    /// Records whose geometry lies (partly) outside the deployment area; `outsideSample` the first few.
    public var outsideArea = 0
    public var outsideSample: [Int] = []
    /// Record errors found by a dry run (a real import stops at the first).
    public var errors: [String] = []
    /// Reader warnings (encoding guessed, .shx rebuilt, names shortened).
    public var warnings: [String] = []
    /// Side-table rows applied: dossier records and case transitions.
    /// Grid layers: cells that overlap (an import refuses them) and gaps enclosed by the cells.
    public var overlaps: [GridOverlap] = []
    public var gaps: [GridGap] = []
    /// Grid layers: cells without a code numbered on import (`--number-cells`), by record.
    public var numbered: [(record: Int, code: String)] = []
    public var dossierRecords = 0
    public var caseTransitions = 0

    public init(path: String, layer: Layer?) {
        self.path = path
        self.layer = layer
    }

    /// One JSON object: the `--check --json` output.
    public var json: JSONValue {
        var o: JSONObject = [
            "path": .string(path),
            "features": .number(Double(features)),
            "nullGeometries": .number(Double(nullGeometries)),
            "geometryTypes": .object(JSONObject(geometryTypes.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
            "withZ": .number(Double(withZ)),
            "crs": crs.map(JSONValue.string) ?? .null,
            "crsName": crsName.map(JSONValue.string) ?? .null,
            "encoding": encoding.map(JSONValue.string) ?? .null,
            "fields": .array(fields.map { ["name": .string($0.name), "type": .string($0.type)] }),
            "invalid": .array(invalid.map { ["record": .number(Double($0.record)), "reason": .string($0.reason)] }),
            "repaired": .array(repaired.map { ["record": .number(Double($0.record)), "reason": .string($0.reason)] }),
            "outsideArea": .number(Double(outsideArea)),
            "outsideSample": .array(outsideSample.map { .number(Double($0)) }),
            "errors": .array(errors.map(JSONValue.string)),
            "warnings": .array(warnings.map(JSONValue.string)),
        ]
        o["layer"] = layer.map { .string($0.rawValue) } ?? .null
        if layer != nil {
            o["mapping"] = .object(JSONObject(mapping.map { ($0.field, $0.column.map(JSONValue.string) ?? .null) }))
            o["extraColumns"] = .array(extraColumns.map(JSONValue.string))
            o["dossierRecords"] = .number(Double(dossierRecords))
            o["caseTransitions"] = .number(Double(caseTransitions))
        }
        if layer == .grids {
            o["topology"] = .object([
                "overlaps": .array(overlaps.map { ["records": .array($0.records.map { .number(Double($0)) }),
                                                   "codes": .array($0.codes.map(JSONValue.string)),
                                                   "areaSquareMeters": .number(($0.areaSquareMeters * 100).rounded() / 100)] }),
                "gaps": .array(gaps.map { ["areaSquareMeters": .number(($0.areaSquareMeters * 100).rounded() / 100),
                                           "x": .number(($0.x * 100).rounded() / 100), "y": .number(($0.y * 100).rounded() / 100)] }),
            ])
            o["numbered"] = .array(numbered.map { ["record": .number(Double($0.record)), "code": .string($0.code)] })
        }
        return .object(o)
    }

    /// The human-readable form of the same figures.
    public var text: String {
        var lines = ["\(path)" + (layer.map { " as \($0.rawValue)" } ?? "")]
        lines.append("  features: \(features) (null geometries: \(nullGeometries), with Z: \(withZ))")
        lines.append("  geometry types: " + (geometryTypes.isEmpty ? "none" : geometryTypes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        lines.append("  CRS: " + (crs.map { $0 + (crsName.map { " (\($0))" } ?? "") } ?? "unknown"))
        lines.append("  encoding: \(encoding ?? "n/a")")
        lines.append("  fields: " + fields.map { "\($0.name) \($0.type)" }.joined(separator: ", "))
        if layer != nil {
            lines.append("  mapping: " + mapping.map { "\($0.field) ← \($0.column ?? "(none)")" }.joined(separator: ", "))
            if !extraColumns.isEmpty { lines.append("  kept as extra attributes: " + extraColumns.joined(separator: ", ")) }
        }
        lines.append("  invalid geometries: \(invalid.count)")
        for i in invalid.prefix(50) { lines.append("    record \(i.record): \(i.reason)") }
        if !repaired.isEmpty {
            lines.append("  repaired geometries: \(repaired.count)")
            for i in repaired.prefix(50) { lines.append("    record \(i.record): \(i.reason) (repaired with makeValid)") }
        }
        lines.append("  outside the deployment area: \(outsideArea)" + (outsideSample.isEmpty ? "" : " (records " + outsideSample.map(String.init).joined(separator: ", ") + (outsideArea > outsideSample.count ? ", …" : "") + ")"))
        if layer == .grids {
            lines.append("  overlapping cells: \(overlaps.count)")
            for o in overlaps.prefix(50) {
                lines.append("    records \(o.records[0]) and \(o.records[1]) (\(o.codes[0]), \(o.codes[1])) share \(String(format: "%.1f", o.areaSquareMeters)) m²")
            }
            lines.append("  gaps between cells: \(gaps.count)")
            for g in gaps.prefix(50) { lines.append("    \(String(format: "%.1f", g.areaSquareMeters)) m² at (\(String(format: "%.2f", g.x)), \(String(format: "%.2f", g.y)))") }
            if !numbered.isEmpty { lines.append("  numbered: \(numbered.count) cells without a code") }
        }
        if dossierRecords > 0 { lines.append("  dossier records: \(dossierRecords)") }
        if caseTransitions > 0 { lines.append("  case transitions: \(caseTransitions)") }
        if !errors.isEmpty {
            lines.append("  errors: \(errors.count)")
            for e in errors.prefix(50) { lines.append("    \(e)") }
        }
        for w in warnings.prefix(20) { lines.append("  warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

/// Two grid cells that share area: a point there would have two cells and two grid officers.
public struct GridOverlap: Sendable, Hashable {
    public var records: [Int]
    public var codes: [String]
    public var areaSquareMeters: Double
}

/// Area enclosed by grid cells that no cell covers; `x`, `y` is a point inside it (working CRS).
public struct GridGap: Sendable, Hashable {
    public var areaSquareMeters: Double
    public var x: Double
    public var y: Double
}
