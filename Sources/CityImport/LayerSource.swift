import Foundation
import GeoCore
import GeoIO

/// A layer file opened for import: the GeoIO feature source, plus what the import needs to know
/// about it before reading records (CRS as stated, encoding, column types, expected count).
struct LayerSource {
    let path: String
    let source: any FeatureSource
    /// The file's own statement of its CRS; nil when it states none.
    let statedCRS: SourceCRS?
    /// The CRS a format implies when the file states none (GeoJSON: CRS84; CSV: WGS84).
    let impliedCRS: SourceCRS?
    let encoding: String
    /// Columns with OGR type names, when known before reading (shapefile).
    let declaredFields: [(name: String, type: String)]?
    /// Records to read (deleted excluded), when known.
    let expectedCount: Int?

    init(path: String, encoding option: TextEncoding?) throws(CityImportError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .read(.fileNotFound(path: path)) }
        let ext = (path as NSString).pathExtension.lowercased()
        do {
            switch ext {
            case "shp", "dbf", "shx":
                let reader = try ShapefileReader(path: path, options: ShapefileReadOptions(encoding: option))
                source = reader
                statedCRS = reader.prjText.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : .definition($0) }
                impliedCRS = nil
                encoding = "\(reader.encoding.encoding.iconvName) (\(Self.describe(reader.encoding.source)))"
                declaredFields = reader.fields.map { ($0.name, Self.ogrType($0)) }
                expectedCount = reader.recordCount - reader.deletedCount
            case "csv", "tsv", "txt":
                let reader = try CSVReader(path: path, encoding: option)
                source = reader
                // A .prj beside a CSV states its CRS (citygrid export writes one).
                let prj = (path as NSString).deletingPathExtension + ".prj"
                statedCRS = (try? String(contentsOfFile: prj, encoding: .utf8)).map { .definition($0) }
                impliedCRS = SourceCRS.wgs84
                encoding = reader.warnings.contains { $0.message.contains("GB18030") } ? "GB18030 (detected)" : (option?.iconvName ?? "UTF-8")
                declaredFields = nil
                expectedCount = nil
            default:
                let reader = try FeatureSources.open(path: path)
                source = reader
                statedCRS = reader.crsText.flatMap(Self.geoJSONCRSName).map { .definition($0) }
                impliedCRS = SourceCRS.crs84
                encoding = "UTF-8 (RFC 8259)"
                declaredFields = nil
                expectedCount = nil
            }
        } catch {
            throw .read(error)
        }
    }

    /// The `name` of a GeoJSON 2008 "crs" member (`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}}`).
    static func geoJSONCRSName(_ text: String) -> String? {
        guard let value = try? JSONValue(parsing: text), let name = value["properties"]?["name"]?.stringValue else { return nil }
        return name
    }

    static func describe(_ source: EncodingSource) -> String {
        switch source {
        case .cpg(let text): ".cpg says \(text)"
        case .languageDriver(let id): "language driver 0x\(String(id, radix: 16, uppercase: true))"
        case .option: "--encoding"
        case .detectedUTF8: "detected"
        case .detectedFallback: "guessed: not UTF-8"
        }
    }

    /// The type names ogrinfo prints for dBASE columns.
    static func ogrType(_ field: DBFField) -> String {
        switch field.type {
        case .character, .memo, .other: "String"
        case .number, .float: field.decimals == 0 ? (field.length < 10 ? "Integer" : field.length < 19 ? "Integer64" : "Real") : "Real"
        case .logical: "Boolean"
        case .date: "Date"
        }
    }

    /// The type name of one value, for sources without declared types (GeoJSON, CSV).
    static func ogrType(_ value: DBFValue) -> String? {
        switch value {
        case .null: nil
        case .string: "String"
        case .integer: "Integer"
        case .double: "Real"
        case .bool: "Boolean"
        case .date: "Date"
        }
    }
}
